// `npx tsx bench/import.ts --rows 100000`: a contacts CSV (HubSpot headers) generated on disk,
// imported end to end (upload into the database, then the import job: parse, map, validate,
// write through the contacts service with audit and outbox, checkpoint per batch) on PostgreSQL,
// beside PostgreSQL's own COPY of the same file into a plain table. Prints rows/s and peak RSS.
// Scratch database rapport_bench_import, dropped afterwards (--keep keeps it). ANALYZE runs every
// 10,000 rows as autovacuum would (--skip-analyze to see the plans degrade without statistics).
// --update imports the file again with every job title changed (every row an update of a stored
// contact); --pg-log times every statement's round trip and prints them per 1,000 rows; --db-name
// names the scratch database (sessions sharing the server each use their own). Beside wall time it
// prints CPU time per 1,000 rows of this process and of the database's server processes (from
// /proc, when PostgreSQL runs on this machine): steadier than rows/s on a machine others load.
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createDb } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { createTenant } from '../src/tenants/service.ts';
import { systemCtx } from '../src/platform/context.ts';
import { createWorker } from '../src/platform/jobs/worker.ts';
import { getJob } from '../src/platform/jobs/service.ts';
import { importJobs } from '../src/imports/jobs.ts';
import { startImportJob, uploadImport } from '../src/imports/service.ts';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    batch: { type: 'string', default: '1000' },
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    keep: { type: 'boolean', default: false },
    'skip-analyze': { type: 'boolean', default: false },
    'db-name': { type: 'string', default: 'rapport_bench_import' },
    'pg-log': { type: 'boolean', default: false },
    /** Then import the file again with every job title changed: every row an update of a stored contact. */
    update: { type: 'boolean', default: false },
  },
});
const rows = Number(args.rows);
const dbName = args['db-name'];
if (!/^[a-z_][a-z0-9_]*$/.test(dbName)) throw new Error('--db-name: lower-case letters, digits and _');
const adminUrl = args['pg-url'];
const benchUrl = Object.assign(new URL(adminUrl), { pathname: `/${dbName}` }).toString();

const first = ['Ada', 'Grace', 'Alan', 'Zoë', 'José', 'Mei', 'Olu', 'Priya', 'Lars', 'Fatima', 'Chen', 'Ivan', 'Amara', 'Noah', 'Sofia', 'Hiro'];
const last = ['Lovelace', 'Hopper', 'Turing', 'Müller', 'Nuñez', 'Wang', 'Adeyemi', 'Sharma', 'Berg', 'Haddad', 'Li', 'Petrov', 'Okafor', 'Smith', 'Rossi', 'Tanaka'];
const cities: Array<[string, string, string, string]> = [['London', '', 'SW1A 1AA', 'United Kingdom'], ['Boston', 'MA', '02108', 'United States'], ['Berlin', '', '10115', 'Germany'], ['Lyon', '', '69001', 'France'], ['Toronto', 'ON', 'M5H 2N2', 'Canada']];
const phones = ['+44 20 7946 0', '+1 617 555 0', '+49 30 901820', '+33 4 72 10 3', '+1 416 555 0'];

/** A deterministic file: same rows for the same --rows. */
async function writeCsv(path: string, title = 'Advisor') {
  const out = createWriteStream(path);
  let seed = 42;
  const rand = (n: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
  const write = (s: string) => (out.write(s) ? undefined : once(out, 'drain'));
  await write('Record ID,First Name,Last Name,Email,Phone Number,Company Name,Street Address,City,State/Region,Postal Code,Country/Region,Job Title\n');
  for (let i = 1; i <= rows; i++) {
    const f = first[rand(first.length)]!;
    const l = last[rand(last.length)]!;
    const c = rand(cities.length);
    const [city, region, postal, country] = cities[c]!;
    const line = `${i},${f},${l},${f.toLowerCase()}.${l.toLowerCase()}.${i}@example.com,${phones[c]}${String(rand(1000)).padStart(3, '0')},Company ${rand(500)},"${1 + rand(200)} High Street",${city},${region},${postal},${country},${title}\n`;
    const p = write(line);
    if (p) await p;
  }
  out.end();
  await once(out, 'finish');
}

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try { await client.query(sql); } finally { await client.end(); }
}

// --pg-log: every statement's round trip timed in the client (PostgreSQL's own time plus the wire),
// summed by the statement's first words, printed per 1,000 rows at the end.
const statementTimes = new Map<string, { n: number; ms: number }>();
if (args['pg-log']) {
  const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...a: unknown[]) {
    const q = a[0];
    const text = typeof q === 'string' ? q : (q as { text?: string } | null)?.text;
    const result = original.apply(this, a);
    if (!text || !(result instanceof Promise)) return result;
    const key = text.replace(/\s+/g, ' ').replace(/\$\d+/g, '?').slice(0, 90);
    const t = performance.now();
    const done = () => {
      const e = statementTimes.get(key) ?? { n: 0, ms: 0 };
      e.n++; e.ms += performance.now() - t;
      statementTimes.set(key, e);
    };
    result.then(done, done);
    return result;
  };
}

/** User + system CPU milliseconds of this database's server processes (0 when /proc cannot tell). */
async function serverCpuMs(database: { query<R>(sql: string): Promise<R[]> }): Promise<Map<number, number>> {
  const pids = await database.query<{ pid: number }>(`select pid from pg_stat_activity where datname = '${dbName}'`);
  const ticks = 100; // USER_HZ on Linux
  const out = new Map<number, number>();
  for (const { pid } of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(pid, (Number(f[11]) + Number(f[12])) * 1000 / ticks);
    } catch { /* not on this machine, or gone */ }
  }
  return out;
}
const cpuSince = (before: Map<number, number>, after: Map<number, number>) => [...after].reduce((s, [pid, ms]) => s + ms - (before.get(pid) ?? 0), 0);

let peak = 0;
const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);
const mb = (b: number) => `${Math.round(b / 1024 / 1024)} MB`;

const dir = mkdtempSync(join(tmpdir(), 'rapport-bench-import-'));
const file = join(dir, 'contacts.csv');
try {
  await writeCsv(file);
  console.log(`file: ${rows.toLocaleString('en-US')} rows, ${mb(statSync(file).size)}`);
  await admin(`drop database if exists ${dbName}`);
  await admin(`create database ${dbName}`);
  const database = await createDb({ databaseUrl: benchUrl, poolSize: 4 });
  await migrate(database);
  const { tenantId } = await createTenant(database, { slug: 'bench', name: 'Bench', adminEmail: 'bench@example.com', adminPassword: 'bench-password' });
  const ctx = systemCtx(database, tenantId, 'bench');

  // PostgreSQL's own COPY of the same file into a plain table, through psql's \copy (client side).
  await database.query('create table copy_target (record_id text, first_name text, last_name text, email text, phone text, company text, street text, city text, region text, postal_code text, country text, job_title text)');
  let t0 = performance.now();
  execFileSync('psql', [benchUrl, '-q', '-c', `\\copy copy_target from '${file}' with (format csv, header true)`]);
  const copySeconds = (performance.now() - t0) / 1000;

  peak = process.memoryUsage().rss;
  t0 = performance.now();
  const up = await uploadImport(ctx, { resource: 'contacts', source: 'hubspot', fileName: 'contacts.csv' }, createReadStream(file, { highWaterMark: 1 << 20 }));
  const uploadSeconds = (performance.now() - t0) / 1000;
  const job = await startImportJob(ctx, up.import.id, 'run', { batchRows: Number(args.batch) });
  let lastPrint = 0;
  let analyzedAt = 0;
  const worker = createWorker(database, importJobs, {
    onProgress: (_j, p) => {
      // This shared server runs with autovacuum off: without fresh statistics the planner keeps
      // the plans it chose for empty tables and each batch gets slower. Do what autovacuum would.
      if (!args['skip-analyze'] && p.done - analyzedAt >= 10_000) {
        analyzedAt = p.done;
        void database.query('analyze').catch(() => undefined);
      }
      if (performance.now() - lastPrint > 5000) { lastPrint = performance.now(); console.log(`  ${p.done} / ${p.total} rows, ${p.rate} rows/s, rss ${mb(process.memoryUsage().rss)}`); }
    },
  });
  statementTimes.clear();
  let pgBefore = await serverCpuMs(database);
  let nodeBefore = process.cpuUsage();
  const t1 = performance.now();
  await worker.runOnce(job.id);
  const runSeconds = (performance.now() - t1) / 1000;
  const cpuLine = (what: string, node: NodeJS.CpuUsage, pgMs: number) =>
    `${what}: CPU per 1,000 rows: this process ${Math.round((node.user + node.system) / rows)} ms, PostgreSQL ${Math.round(pgMs * 1000 / rows)} ms`;
  const runCpu = cpuLine('import job', process.cpuUsage(nodeBefore), cpuSince(pgBefore, await serverCpuMs(database)));
  const total = (performance.now() - t0) / 1000;
  const runStatements = new Map(statementTimes);
  const done = await getJob(ctx, job.id);
  if (done.status !== 'succeeded') throw new Error(`import ${done.status}: ${done.error}`);
  let updateLine = '';
  if (args.update) {
    await writeCsv(file, 'Senior Advisor');
    if (!args['skip-analyze']) await database.query('analyze');
    statementTimes.clear();
    pgBefore = await serverCpuMs(database);
    nodeBefore = process.cpuUsage();
    const t2 = performance.now();
    const up2 = await uploadImport(ctx, { resource: 'contacts', source: 'hubspot', fileName: 'contacts-2.csv' }, createReadStream(file, { highWaterMark: 1 << 20 }));
    const job2 = await startImportJob(ctx, up2.import.id, 'run', { batchRows: Number(args.batch) });
    await worker.runOnce(job2.id);
    const updateSeconds = (performance.now() - t2) / 1000;
    const updateCpu = cpuLine('re-import', process.cpuUsage(nodeBefore), cpuSince(pgBefore, await serverCpuMs(database)));
    const done2 = await getJob(ctx, job2.id);
    if (done2.status !== 'succeeded') throw new Error(`re-import ${done2.status}: ${done2.error}`);
    updateLine = `| re-import, every row an update (upload + job) | ${updateSeconds.toFixed(1)} | ${Math.round(rows / updateSeconds).toLocaleString('en-US')} |\nre-import result: ${JSON.stringify(done2.result)}\n${updateCpu}`;
  }
  const [{ n }] = (await database.query<{ n: string }>(`select count(*)::text as n from contacts where tenant_id = '${tenantId}'`)) as [{ n: string }];
  const pgVersion = (await database.query<{ server_version: string }>('show server_version'))[0]?.server_version ?? '';
  await database.close();

  const fmt = (r: number) => Math.round(r).toLocaleString('en-US');
  console.log(`\n${new Date().toISOString().slice(0, 10)}, PostgreSQL ${pgVersion}, ${rows.toLocaleString('en-US')} rows, batch ${args.batch}${args['skip-analyze'] ? ', no ANALYZE' : ', ANALYZE every 10k rows'}, 2 shared cores under other load`);
  console.log(`| step | seconds | rows/s |\n|---|---|---|`);
  console.log(`| PostgreSQL COPY into a plain table (psql \\copy) | ${copySeconds.toFixed(1)} | ${fmt(rows / copySeconds)} |`);
  console.log(`| upload (file into import_chunks) | ${uploadSeconds.toFixed(1)} | ${fmt(rows / uploadSeconds)} |`);
  console.log(`| import job (parse, map, validate, write, audit, outbox) | ${runSeconds.toFixed(1)} | ${fmt(rows / runSeconds)} |`);
  console.log(`| end to end | ${total.toFixed(1)} | ${fmt(rows / total)} |`);
  console.log(runCpu);
  if (updateLine) console.log(updateLine);
  if (args['pg-log']) {
    const show = (title: string, times: Map<string, { n: number; ms: number }>) => {
      const all = [...times.entries()].sort((a, b) => b[1].ms - a[1].ms);
      const sum = all.reduce((s2, [, e]) => s2 + e.ms, 0);
      console.log(`\n${title}: statement round trips ${Math.round(sum)} ms in all; per 1,000 rows:`);
      for (const [k, e] of all.slice(0, 25)) console.log(`${(e.ms * 1000 / rows).toFixed(1).padStart(8)} ms ${String(Math.round(e.n * 1000 / rows)).padStart(6)}x  ${k}`);
    };
    show('import job', runStatements);
    if (args.update) show('re-import', statementTimes);
  }
  console.log(`result: ${JSON.stringify(done.result)}, contacts in table: ${n}; peak RSS ${mb(Math.max(peak, process.resourceUsage().maxRSS * 1024))}`);
} finally {
  clearInterval(sampler);
  rmSync(dir, { recursive: true, force: true });
  if (!args.keep) await admin(`drop database if exists ${dbName} with (force)`);
}
