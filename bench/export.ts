// `npx tsx bench/export.ts --rows 100000`: loads N contacts with the seed generators (bench/
// load-data.ts, not through the API), then streams GET /api/v1/exports/contacts.csv and .vcf from a
// server in this process, as the admin (every row) and as a rep (their teams' rows), beside
// PostgreSQL's own COPY (select * from contacts) TO STDOUT through psql. Prints rows/s and peak RSS.
// Scratch database rapport_bench_export, dropped afterwards (--keep keeps it).
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { configFrom } from '../src/config.ts';
import { freshTarget, loadFixture, openTarget } from './load-data.ts';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/rapport_bench_export' },
    keep: { type: 'boolean', default: false },
  },
});
const rows = Number(args.rows);
const url = args['pg-url'];
let peak = 0;
const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);
const mb = (b: number) => `${Math.round(b / 1024 / 1024)} MB`;
const fmt = (r: number) => Math.round(r).toLocaleString('en-US');

/** Streams a download, counting bytes and records (CSV lines after the header, or END:VCARD). */
async function download(base: string, path: string, token: string) {
  const t0 = performance.now();
  const res = await fetch(base + path, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok || !res.body) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  let bytes = 0;
  let records = 0;
  const marker = path.includes('.vcf') ? 'END:VCARD' : '\r\n';
  const decoder = new TextDecoder();
  let tail = '';
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    const text = tail + decoder.decode(chunk, { stream: true });
    records += text.split(marker).length - 1;
    tail = text.slice(-(marker.length - 1));
  }
  if (marker === '\r\n') records -= 1; // the header
  return { seconds: (performance.now() - t0) / 1000, bytes, records };
}

const target = await freshTarget('postgres', rows, url);
try {
  const database = await openTarget(target, 10);
  const fixture = await loadFixture(database, rows, (s) => console.log(s));
  const app = await buildApp({ database, config: configFrom({ LOG_LEVEL: 'silent' }) });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  peak = process.memoryUsage().rss;
  const runs = [
    ['contacts.csv, admin (all rows)', '/api/v1/exports/contacts.csv', fixture.adminToken],
    ['contacts.csv, rep (own team)', '/api/v1/exports/contacts.csv', fixture.repToken],
    ['contacts.csv, admin, filter[lifecycleStage]=client', '/api/v1/exports/contacts.csv?filter[lifecycleStage]=client', fixture.adminToken],
    ['contacts.vcf, admin', '/api/v1/exports/contacts.vcf', fixture.adminToken],
  ] as const;
  const results = [];
  for (const [label, path, token] of runs) results.push({ label, ...(await download(base, path, token)) });
  const t0 = performance.now();
  execFileSync('psql', [url, '-q', '-c', `\\copy (select * from contacts where tenant_id = '${fixture.tenantId}' order by display_name, id) to '/dev/null' with (format csv, header true)`]);
  const copySeconds = (performance.now() - t0) / 1000;
  const version = (await database.query<{ server_version: string }>('show server_version'))[0]?.server_version ?? '';
  await app.close();
  await database.close();
  console.log(`\n${new Date().toISOString().slice(0, 10)}, PostgreSQL ${version}, ${fmt(rows)} contacts, 2 shared cores under other load`);
  console.log('| export | rows | seconds | rows/s | MB |\n|---|---|---|---|---|');
  console.log(`| PostgreSQL COPY (select * ... order by display_name) to a file (psql \\copy) | ${fmt(rows)} | ${copySeconds.toFixed(1)} | ${fmt(rows / copySeconds)} | |`);
  for (const r of results) console.log(`| ${r.label} | ${fmt(r.records)} | ${r.seconds.toFixed(1)} | ${fmt(r.records / r.seconds)} | ${(r.bytes / 1024 / 1024).toFixed(1)} |`);
  console.log(`peak RSS ${mb(Math.max(peak, process.resourceUsage().maxRSS * 1024))} (server, loader and client in one process)`);
} finally {
  clearInterval(sampler);
  if (!args.keep) {
    const admin = new pg.Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() });
    await admin.connect();
    await admin.query('drop database if exists rapport_bench_export with (force)');
    await admin.end();
  }
}
