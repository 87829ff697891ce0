// `npx tsx bench/export.ts --rows 100000`: loads N contacts with the seed generators (bench/
// load-data.ts, not through the API), then streams GET /api/v1/exports/contacts.csv and .vcf from a
// server in this process to curl, as the admin (every row) and as a rep (their teams' rows), beside
// PostgreSQL's own COPY (select * from contacts) TO STDOUT through psql, before and after the
// exports. Prints rows/s and peak RSS.
// Scratch database rapport_bench_export, dropped afterwards (--keep keeps it; --reuse runs on the
// database a kept run left, without loading again). Prints the load average around the runs.
import { execFile, execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { parseArgs, promisify } from 'node:util';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { configFrom } from '../src/config.ts';
import { createApiToken } from '../src/platform/auth/service.ts';
import type { Database } from '../src/db/client.ts';
import { freshTarget, loadFixture, openTarget } from './load-data.ts';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/rapport_bench_export' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'boolean', default: false },
  },
});
const rows = Number(args.rows);
const url = args['pg-url'];
const execFileAsync = promisify(execFile);
let peak = 0;
const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);
const mb = (b: number) => `${Math.round(b / 1024 / 1024)} MB`;
const fmt = (r: number) => Math.round(r).toLocaleString('en-US');

/**
 * Streams a download with curl in a process of its own (as psql is for COPY), counting bytes and
 * records (CSV lines after the header, or END:VCARD) there, so the client does not share the
 * server's thread.
 */
async function download(base: string, path: string, token: string) {
  const t0 = performance.now();
  const marker = path.includes('.vcf') ? 'END:VCARD' : '';
  const script = `set -o pipefail; curl -sSg --fail -H "authorization: Bearer $TOKEN" "$URL" | tee >(wc -c >&2) | ${marker ? `grep -c '${marker}'` : 'wc -l'}`;
  const { stdout, stderr } = await execFileAsync('bash', ['-c', script], { env: { ...process.env, TOKEN: token, URL: base + path }, maxBuffer: 1 << 20 });
  const seconds = (performance.now() - t0) / 1000;
  const records = Number(stdout.trim()) - (marker ? 0 : 1); // the header
  return { seconds, bytes: Number(stderr.trim()), records };
}

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

/** The tenant a kept run loaded (at least `rows` contacts), with new tokens for its admin and first rep. */
async function keptFixture(database: Database) {
  const [found] = await database.query<{ tenant_id: string; admin_id: string; rep_id: string; n: string }>(
    `select t.id::text tenant_id, (select id::text from users u where u.tenant_id = t.id and u.email = 'admin@bench.test') admin_id,
       (select id::text from users u where u.tenant_id = t.id and u.email = 'rep1@bench.test') rep_id,
       (select count(*) from contacts c where c.tenant_id = t.id)::text n
     from tenants t where t.slug = 'bench'`).catch(() => []);
  if (!found || Number(found.n) < rows) return null;
  const [adminToken, repToken] = await database.withTenant(found.tenant_id, async (tx) => [
    (await createApiToken(tx, found.tenant_id, found.admin_id, 'bench', null)).token,
    (await createApiToken(tx, found.tenant_id, found.rep_id, 'bench', null)).token,
  ]);
  console.log(`  reusing the loaded ${Number(found.n).toLocaleString('en-US')} contacts`);
  return { tenantId: found.tenant_id, adminToken: adminToken!, repToken: repToken! };
}
const reused = args.reuse ? await openTarget({ kind: 'postgres', url }, 10).then(async (database) => ({ database, fixture: await keptFixture(database) })) : null;
if (reused && !reused.fixture) await reused.database.close();
try {
  const database = reused?.fixture ? reused.database : await openTarget(await freshTarget('postgres', rows, url), 10);
  const fixture = reused?.fixture ?? await loadFixture(database, rows, (s) => console.log(s));
  const app = await buildApp({ database, config: configFrom({ LOG_LEVEL: 'silent' }) });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  peak = process.memoryUsage().rss;
  const runs = [
    ['contacts.csv, admin (all rows)', '/api/v1/exports/contacts.csv', fixture.adminToken],
    ['contacts.csv, rep (own team)', '/api/v1/exports/contacts.csv', fixture.repToken],
    ['contacts.csv, admin, filter[lifecycleStage]=client', '/api/v1/exports/contacts.csv?filter[lifecycleStage]=client', fixture.adminToken],
    ['contacts.vcf, admin', '/api/v1/exports/contacts.vcf', fixture.adminToken],
  ] as const;
  const loadBefore = load();
  /** The limit: PostgreSQL's own COPY of the same rows, run before and after the exports (the load moves). */
  const rawCopy = () => {
    const t0 = performance.now();
    execFileSync('psql', [url, '-q', '-c', `\\copy (select * from contacts where tenant_id = '${fixture.tenantId}' order by display_name, id) to '/dev/null' with (format csv, header true)`]);
    return (performance.now() - t0) / 1000;
  };
  const copyBefore = rawCopy();
  const results = [];
  for (const [label, path, token] of runs) results.push({ label, ...(await download(base, path, token)) });
  const copySeconds = rawCopy();
  const version = (await database.query<{ server_version: string }>('show server_version'))[0]?.server_version ?? '';
  await app.close();
  await database.close();
  console.log(`\n${new Date().toISOString().slice(0, 10)}, PostgreSQL ${version}, ${fmt(rows)} contacts, 2 shared cores under other load (load average ${loadBefore} before, ${load()} after)`);
  console.log('| export | rows | seconds | rows/s | MB |\n|---|---|---|---|---|');
  for (const [when, seconds] of [['before', copyBefore], ['after', copySeconds]] as const) {
    console.log(`| PostgreSQL COPY (select * ... order by display_name) to a file (psql \\copy), ${when} | ${fmt(rows)} | ${seconds.toFixed(1)} | ${fmt(rows / seconds)} | |`);
  }
  for (const r of results) console.log(`| ${r.label} | ${fmt(r.records)} | ${r.seconds.toFixed(1)} | ${fmt(r.records / r.seconds)} | ${(r.bytes / 1024 / 1024).toFixed(1)} |`);
  console.log(`peak RSS ${mb(Math.max(peak, process.resourceUsage().maxRSS * 1024))} (server and loader in one process; the client is curl)`);
} finally {
  clearInterval(sampler);
  if (!args.keep && !args.reuse) {
    const admin = new pg.Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() });
    await admin.connect();
    await admin.query(`drop database if exists "${new URL(url).pathname.slice(1).replace(/"/g, '')}" with (force)`);
    await admin.end();
  }
}
