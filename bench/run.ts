// `npm run bench -- --size 10k|100k|1m --db postgres|pglite|both`: loads a data set with the seed
// generators, then measures the API and, in the same run, the raw-driver limit for the same work:
//   (a) bulk create through POST /contacts/bulk vs a raw multi-row INSERT of the same rows
//   (b) GET /contacts/:id (autocannon)  (c) a list page of 50 at random keyset depth
//   (d) typo-tolerant GET /search (skipped while the route does not exist)
// Results print as a Markdown table and are kept in .bench-data/results/. `--reuse` keeps a
// PostgreSQL database loaded by an earlier run of the same size instead of loading it again;
// `--bulk-only` measures (a) alone.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { migrate, packageRoot } from '../src/db/migrate.ts';
import { contactCompanies, contacts } from '../src/contacts/tables.ts';
import { cannon, closedLoop, request, type Figures } from './http-load.ts';
import { freshTarget, GENERATOR_NOW, loadFixture, openTarget, reuseFixture, sample, type DbKind, type Fixture, type Target } from './load-data.ts';
import { insertRaw, type RunSql } from './raw-insert.ts';
import { startApi, startRaw, type Running } from './servers.ts';
import { formatReport, type Measured } from './report.ts';

const { values: args } = parseArgs({
  options: {
    size: { type: 'string', default: '100k' },
    db: { type: 'string', default: 'both' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    bulk: { type: 'string', default: '10000' },
    reuse: { type: 'boolean', default: false },
    'bulk-only': { type: 'boolean', default: false },
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/rapport_bench' },
  },
});
const sizes: Record<string, number> = { '10k': 10_000, '100k': 100_000, '1m': 1_000_000 };
const kinds: DbKind[] = args.db === 'both' ? ['postgres', 'pglite'] : [args.db as DbKind];
const chosen = sizes[args.size.toLowerCase()];
if (!chosen || !kinds.every((k) => k === 'postgres' || k === 'pglite')) {
  console.error('usage: npm run bench -- [--size 10k|100k|1m] [--db postgres|pglite|both] [--seconds 10] [--connections 10] [--bulk 10000] [--bulk-only] [--reuse]');
  process.exit(2);
}
const size: number = chosen;
const seconds = Number(args.seconds);
const connections = Number(args.connections);
const bulkCount = Number(args.bulk);
const log = (s: string) => console.log(s);

let n = 0;
const cycle = <T>(items: readonly T[]) => () => items[n++ % items.length]!;

async function readFigures(server: Running, auth: { admin: string; rep: string }, s: Awaited<ReturnType<typeof sample>>, label: string) {
  const admin = { authorization: `Bearer ${auth.admin}` };
  const rep = { authorization: `Bearer ${auth.rep}` };
  const opts = { connections, seconds };
  const byId = cycle(s.ids.map((id) => `/api/v1/contacts/${id}`));
  await closedLoop(server.base, byId, { ...opts, seconds: 3, headers: admin }); // warm caches and JIT
  const out: Record<string, Figures | string> = {};
  log(`  ${label}: GET /contacts/:id`);
  out['get'] = await cannon(server.base, byId, { ...opts, headers: admin });
  log(`  ${label}: list page (admin)`);
  out['list'] = await closedLoop(server.base, cycle(s.cursors.map((c) => `/api/v1/contacts?limit=50&cursor=${c}`)), { ...opts, headers: admin });
  log(`  ${label}: list page (rep, team-scoped)`);
  out['listRep'] = await closedLoop(server.base, cycle(s.repCursors.map((c) => `/api/v1/contacts?limit=50&cursor=${c}`)), { ...opts, headers: rep });
  log(`  ${label}: list page filtered on an indexed column (owner)`);
  out['listOwner'] = await closedLoop(server.base, cycle(s.ownerCursors.map((c) => `/api/v1/contacts?limit=50&filter%5BownerId%5D%5Beq%5D=${s.ownerId}&cursor=${c}`)), { ...opts, headers: admin });
  const probe = await request(server.base, 'GET', `/api/v1/search?q=${encodeURIComponent(s.typoNames[0]!)}`, admin);
  if (probe.status === 404 && probe.body.includes('no_route')) {
    out['search'] = 'skipped: GET /api/v1/search is not registered yet';
  } else {
    log(`  ${label}: typo search`);
    out['search'] = await closedLoop(server.base, cycle(s.typoNames.map((q) => `/api/v1/search?q=${encodeURIComponent(q)}`)), { ...opts, headers: admin });
  }
  return out;
}

/** POST /contacts/bulk, 1,000 per call, 4 calls in flight; answers contacts per second. */
async function bulkApi(server: Running, token: string, items: unknown[], headers: Record<string, string> = {}): Promise<number> {
  const calls: unknown[][] = [];
  for (let i = 0; i < items.length; i += 1000) calls.push(items.slice(i, i + 1000));
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: 4 }, async () => {
    while (next < calls.length) {
      const body = JSON.stringify({ mode: 'atomic', items: calls[next++] });
      const res = await request(server.base, 'POST', '/api/v1/contacts/bulk', { authorization: `Bearer ${token}`, ...headers }, body);
      if (res.status !== 200) throw new Error(`bulk create answered ${res.status}: ${res.body.slice(0, 500)}`);
    }
  }));
  return Math.round(items.length / ((performance.now() - started) / 1000));
}

/** The same rows as one multi-row INSERT per 1,000 through the bare driver, 4 statements in flight. */
async function bulkRaw(target: Target, generated: ReturnType<Fixture['generator']['contacts']>): Promise<number> {
  let run: RunSql;
  let close: () => Promise<void>;
  if (target.url) {
    const pool = new pg.Pool({ connectionString: target.url, max: 4 });
    run = (text, params) => pool.query(text, params);
    close = () => pool.end();
  } else {
    const database = await openTarget(target);
    run = (text, params) => database.query(text, params);
    close = () => database.close();
  }
  try {
    const started = performance.now();
    await insertRaw(run, contacts, generated.map((c) => c.row), 1000, 4);
    await insertRaw(run, contactCompanies, generated.flatMap((c) => c.companyLinks), 1000, 4);
    return Math.round(generated.length / ((performance.now() - started) / 1000));
  } finally {
    await close();
  }
}

/** A reused database still holds the contacts earlier runs' bulk creates wrote: remove them. */
async function forgetBulkRuns(target: Target, tenantId: string, rawIds: string[]) {
  const database = await openTarget(target, 2);
  try {
    await database.query(`delete from contacts where tenant_id = $1 and (id = any($2::uuid[]) or created_at > $3)`, [tenantId, rawIds, new Date(GENERATOR_NOW).toISOString()]);
    // This server runs with autovacuum off: clear what the deletes left, as autovacuum would, or
    // every keyset page of a reused database walks dead index entries.
    await database.query('vacuum analyze');
  } finally {
    await database.close();
  }
}

async function tryReuse(url: string, size: number) {
  const target: Target = { kind: 'postgres', url };
  const database = await openTarget(target).catch(() => null);
  if (!database) return null;
  await migrate(database);
  const fixture = await reuseFixture(database, size, log);
  if (fixture) return { target, database, fixture };
  await database.close();
  return null;
}

async function benchOne(kind: DbKind): Promise<Measured> {
  log(`\n== ${kind}, ${size.toLocaleString('en-US')} contacts ==`);
  // --reuse: keep a PostgreSQL database an earlier run loaded with this size (1M takes minutes).
  const reused = args.reuse && kind === 'postgres' ? await tryReuse(args['pg-url'], size) : null;
  const target = reused?.target ?? (await freshTarget(kind, size, args['pg-url']));
  const database = reused?.database ?? (await openTarget(target));
  const fixture = reused?.fixture ?? (await loadFixture(database, size, log));
  const bulkItems = fixture.generator.contacts(bulkCount);
  // Other rows for the second API run (source identifiers are unique per tenant).
  const minimalItems = fixture.generator.contacts(bulkCount);
  // Before sampling, so no sampled id is one about to be removed.
  if (reused) await forgetBulkRuns(target, fixture.tenantId, bulkItems.map((c) => c.row.id));
  const samples = await sample(database, fixture.tenantId);
  const [{ version }] = (await database.query<{ version: string }>('select version()')) as [{ version: string }];
  await database.close(); // PGlite: one process per data directory at a time

  const auth = { admin: fixture.adminToken, rep: fixture.repToken };
  const api = await startApi(target, 38301);
  let apiFigures: Record<string, Figures | string>;
  let apiBulk: number;
  let apiBulkMinimal: number;
  try {
    apiFigures = args['bulk-only'] ? {} : await readFigures(api, auth, samples, 'API');
    log('  API: bulk create');
    apiBulk = await bulkApi(api, fixture.adminToken, bulkItems.map((c) => c.input));
    log('  API: bulk create, Prefer: return=minimal');
    apiBulkMinimal = await bulkApi(api, fixture.adminToken, minimalItems.map((c) => c.input), { prefer: 'return=minimal' });
  } finally {
    await api.stop();
  }
  let rawFigures: Record<string, Figures | string> = {};
  if (!args['bulk-only']) {
    const raw = await startRaw(target, 38302, { tenantId: fixture.tenantId, repToken: fixture.repToken, repUserId: fixture.repUserId, repTeamIds: fixture.repTeamIds });
    try {
      rawFigures = await readFigures(raw, auth, samples, 'raw');
    } finally {
      await raw.stop();
    }
    if (target.url) {
      // The same GET by id beside the API's own statement (its JSON built by PostgreSQL, with the
      // contact's categories, companies and source identifiers): the limit "for the same query".
      const same = await startRaw(target, 38303, { tenantId: fixture.tenantId, repToken: fixture.repToken, repUserId: fixture.repUserId, repTeamIds: fixture.repTeamIds, apiSql: true });
      try {
        const byId = cycle(samples.ids.map((id) => `/api/v1/contacts/${id}`));
        await closedLoop(same.base, byId, { connections, seconds: 3, headers: {} });
        log('  raw: GET /contacts/:id with the API\'s statement');
        rawFigures['getApiSql'] = await cannon(same.base, byId, { connections, seconds, headers: {} });
      } finally {
        await same.stop();
      }
    }
  }
  log('  raw: bulk insert');
  const rawBulk = await bulkRaw(target, bulkItems);
  return { kind, size, version: version.split(' on ')[0]!, bulkCount, connections, seconds, api: { ...apiFigures, bulk: apiBulk, bulkMinimal: apiBulkMinimal }, raw: { ...rawFigures, bulk: rawBulk } };
}

const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}`;
const command = `npm run bench -- --size ${args.size} --db ${args.db}`;
const dir = join(packageRoot(), '.bench-data', 'results');
mkdirSync(dir, { recursive: true });
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const results: Measured[] = [];
for (const kind of kinds) {
  results.push(await benchOne(kind));
  // Written after each database, so a long run that fails later keeps what it measured.
  const report = formatReport(results, machine, command);
  console.log('\n' + formatReport(results.slice(-1), machine, command));
  writeFileSync(join(dir, `${stamp}-${args.db}-${args.size}.json`), JSON.stringify({ machine, results }, null, 2));
  writeFileSync(join(dir, `${stamp}-${args.db}-${args.size}.md`), report);
}
