// `npx tsx bench/import.ts --rows 100000`: a contacts CSV (HubSpot headers) generated on disk,
// imported end to end (upload into the database, then the import job: parse, map, validate,
// write through the contacts service with audit and outbox, checkpoint per batch) on PostgreSQL,
// beside PostgreSQL's own COPY of the same file into a plain table. Prints rows/s and peak RSS.
// Scratch database rapport_bench_import, dropped afterwards (--keep keeps it). ANALYZE runs every
// 10,000 rows as autovacuum would (--skip-analyze to see the plans degrade without statistics).
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
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
  },
});
const rows = Number(args.rows);
const dbName = 'rapport_bench_import';
const adminUrl = args['pg-url'];
const benchUrl = Object.assign(new URL(adminUrl), { pathname: `/${dbName}` }).toString();

const first = ['Ada', 'Grace', 'Alan', 'Zoë', 'José', 'Mei', 'Olu', 'Priya', 'Lars', 'Fatima', 'Chen', 'Ivan', 'Amara', 'Noah', 'Sofia', 'Hiro'];
const last = ['Lovelace', 'Hopper', 'Turing', 'Müller', 'Nuñez', 'Wang', 'Adeyemi', 'Sharma', 'Berg', 'Haddad', 'Li', 'Petrov', 'Okafor', 'Smith', 'Rossi', 'Tanaka'];
const cities: Array<[string, string, string, string]> = [['London', '', 'SW1A 1AA', 'United Kingdom'], ['Boston', 'MA', '02108', 'United States'], ['Berlin', '', '10115', 'Germany'], ['Lyon', '', '69001', 'France'], ['Toronto', 'ON', 'M5H 2N2', 'Canada']];
const phones = ['+44 20 7946 0', '+1 617 555 0', '+49 30 901820', '+33 4 72 10 3', '+1 416 555 0'];

/** A deterministic file: same rows for the same --rows. */
async function writeCsv(path: string) {
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
    const line = `${i},${f},${l},${f.toLowerCase()}.${l.toLowerCase()}.${i}@example.com,${phones[c]}${String(rand(1000)).padStart(3, '0')},Company ${rand(500)},"${1 + rand(200)} High Street",${city},${region},${postal},${country},Advisor\n`;
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
  const t1 = performance.now();
  await worker.runOnce(job.id);
  const runSeconds = (performance.now() - t1) / 1000;
  const total = (performance.now() - t0) / 1000;
  const done = await getJob(ctx, job.id);
  if (done.status !== 'succeeded') throw new Error(`import ${done.status}: ${done.error}`);
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
  console.log(`result: ${JSON.stringify(done.result)}, contacts in table: ${n}; peak RSS ${mb(Math.max(peak, process.resourceUsage().maxRSS * 1024))}`);
} finally {
  clearInterval(sampler);
  rmSync(dir, { recursive: true, force: true });
  if (!args.keep) await admin(`drop database if exists ${dbName} with (force)`);
}
