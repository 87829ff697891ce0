// The read lines of `npm run bench` (GET by id, list pages, filtered list, search) for two builds of
// the API in alternation on one reused database, with the raw limit beside them and the load average
// at each figure: on a shared machine a before/after comparison only means something when the two
// runs share their minutes.
//   npx tsx bench/read-ab.ts [--base /tmp/old-checkout] [--rounds 2] [--seconds 8] [--connections 10]
//     [--lines get,list,listRep,listOwner,search,coGet,coList,coListRep,coListFilter] [--no-raw] [--profile DIR]
//     [--size 100k] [--pg-url URL] [--load] [--companies N]
// With `get`, the raw line is also measured with the API's own GET statement (raw-api-sql).
// --profile writes a V8 CPU profile of this tree's server (one per round) into DIR.
// Each API figure ends with the CPU milliseconds per request of the API server process and of the
// bench database's PostgreSQL backends (from /proc; steadier than req/s on a machine others load).
// Company lines (the raw server has none): coGet, GET /companies/:id as an admin; coList, name-ordered
// pages of 50 at random depths as an admin; coListRep, the same among the companies rep1 sees;
// coListFilter, pages of one industry (filter[industry][eq]) at random depths as an admin.
// --load builds the fixture at --pg-url when it holds none (as `npm run bench` does); --companies N
// tops the bench tenant up to N companies from a generator of its own (the fixture has size/200).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import pg from 'pg';
import { parseArgs } from 'node:util';
import { migrate } from '../src/db/migrate.ts';
import { cannon, closedLoop, type Figures } from './http-load.ts';
import { freshTarget, GENERATOR_NOW, loadFixture, openTarget, reuseFixture, sample, type Target } from './load-data.ts';
import type { Database } from '../src/db/client.ts';
import { companies } from '../src/companies/tables.ts';
import { encodeCursor } from '../src/platform/list.ts';
import { addSearchTerms } from '../src/search/terms.ts';
import { createGenerator } from '../src/seed/generate.ts';
import { insertRows } from '../src/seed/insert.ts';
import { startApi, startRaw, type Running } from './servers.ts';

const { values: args } = parseArgs({
  options: {
    base: { type: 'string' },
    rounds: { type: 'string', default: '2' },
    seconds: { type: 'string', default: '8' },
    connections: { type: 'string', default: '10' },
    lines: { type: 'string', default: 'get,list,listRep,listOwner,search' },
    'no-raw': { type: 'boolean', default: false },
    profile: { type: 'string' },
    size: { type: 'string', default: '100k' },
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/rapport_bench' },
    load: { type: 'boolean', default: false },
    companies: { type: 'string' },
  },
});
const sizes: Record<string, number> = { '10k': 10_000, '100k': 100_000, '1m': 1_000_000 };
const size = sizes[args.size.toLowerCase()]!;
const lines = args.lines.split(',');
const opts = { connections: Number(args.connections), seconds: Number(args.seconds) };
const log = (s: string) => console.log(s);

const target: Target = { kind: 'postgres', url: args['pg-url'] };
// With --load, a database that does not exist yet is made below.
let database: Database | undefined = await openTarget(target);
await migrate(database).catch(async (e: unknown) => {
  await database!.close();
  database = undefined;
  if (!args.load) throw e;
});
let fixture = database ? await reuseFixture(database, size, log) : null;
if (!fixture && args.load) {
  await database?.close();
  await freshTarget('postgres', size, args['pg-url']);
  database = await openTarget(target);
  fixture = await loadFixture(database, size, log);
}
if (!fixture || !database) throw new Error(`no ${args.size} bench database at ${args['pg-url']}: run npm run bench -- --size ${args.size} --db postgres first (or pass --load)`);
if (args.companies) await topUpCompanies(database, fixture.tenantId, Number(args.companies));
const s = await sample(database, fixture.tenantId);
const co = await sampleCompanies(database, fixture.tenantId);
await database.close();

/** Adds generated companies (owned like the fixture's, by the four reps) until the tenant holds `total`. */
async function topUpCompanies(db: Database, tenantId: string, total: number) {
  const [{ n } = { n: '0' }] = await db.query<{ n: string }>('select count(*)::text n from companies where tenant_id = $1', [tenantId]);
  const missing = total - Number(n);
  if (missing <= 0) return;
  const owners = await db.query<{ userId: string; teamId: string }>(
    `select u.id::text "userId", m.team_id::text "teamId" from users u join team_members m on m.tenant_id = u.tenant_id and m.user_id = u.id
     where u.tenant_id = $1 and u.email like 'rep%@bench.test' order by u.email`, [tenantId]);
  const generator = createGenerator({ seed: `rapport-bench-companies-${n}`, tenantId, now: GENERATOR_NOW, owners });
  const rows = generator.companies(missing).map((c) => c.row);
  await db.withTenant(tenantId, async (tx) => {
    await insertRows(tx, companies, rows);
    await addSearchTerms(tx, tenantId, rows.flatMap((c) => c.searchTokens ?? []));
  });
  await db.query('vacuum analyze companies');
  await db.query('vacuum analyze search_terms');
  log(`  added ${missing.toLocaleString('en-US')} companies (now ${total.toLocaleString('en-US')})`);
}

/** Company ids and name-order cursors at random depths: all (admin), rep1's (own or team), one industry's. */
async function sampleCompanies(db: Database, tenantId: string) {
  const keys = (where: string, values: unknown[] = []) => db.query<{ name: string; id: string }>(
    `select name, id::text from companies where tenant_id = $1 ${where} order by random() limit 2000`, [tenantId, ...values]);
  const ids = await db.query<{ id: string }>('select id::text from companies where tenant_id = $1 order by random() limit 5000', [tenantId]);
  const [rep] = await db.query<{ id: string; teams: string[] }>(
    `select u.id::text, array(select m.team_id::text from team_members m where m.tenant_id = u.tenant_id and m.user_id = u.id) teams
     from users u where u.tenant_id = $1 and u.email = 'rep1@bench.test'`, [tenantId]);
  const [top] = await db.query<{ industry: string; n: string }>(
    'select industry, count(*)::text n from companies where tenant_id = $1 and industry is not null group by 1 order by 2 desc limit 1', [tenantId]);
  const cursors = (rows: Array<{ name: string; id: string }>) => rows.map((k) => encodeCursor(k.name, k.id));
  return {
    ids: ids.map((x) => x.id),
    cursors: cursors(await keys('')),
    repCursors: cursors(await keys('and (owner_id = $2 or team_id = any($3::uuid[]))', [rep!.id, rep!.teams])),
    industry: top!.industry,
    industryCursors: cursors(await keys('and industry = $2', [top!.industry])),
    counts: `${Number(top!.n).toLocaleString('en-US')} of industry ${top!.industry}`,
  };
}

let n = 0;
const cycle = <T>(items: readonly T[]) => () => items[n++ % items.length]!;
const admin = { authorization: `Bearer ${fixture.adminToken}` };
const rep = { authorization: `Bearer ${fixture.repToken}` };
const load = () => os.loadavg()[0]!.toFixed(1);

type Line = Figures & { load: string; cpu?: string };
const watcher = new pg.Client({ connectionString: args['pg-url'] });
await watcher.connect();
const dbName = new URL(args['pg-url']).pathname.slice(1);

/** User + system CPU milliseconds of these processes (from /proc; a process gone counts nothing). */
function cpuMs(pids: number[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(pid, (Number(f[11]) + Number(f[12])) * 10); // USER_HZ = 100
    } catch { /* gone */ }
  }
  return out;
}
const since = (before: Map<number, number>, after: Map<number, number>) => [...after].reduce((s, [pid, ms]) => s + ms - (before.get(pid) ?? 0), 0);
/** The process listening on the server's port, and the bench database's backends but this watcher's. */
async function processes(server: Running) {
  const port = new URL(server.base).port;
  const listening = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
  const api = [...listening.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1]));
  const backends = (await watcher.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [dbName])).rows.map((r) => r.pid);
  return { api, backends };
}

async function measure(server: Running, raw = false): Promise<Record<string, Line>> {
  await closedLoop(server.base, cycle(s.ids.map((id) => `/api/v1/contacts/${id}`)), { ...opts, seconds: 2, headers: admin });
  if (!raw && lines.some((l) => l.startsWith('co'))) await closedLoop(server.base, cycle(co.ids.map((id) => `/api/v1/companies/${id}`)), { ...opts, seconds: 2, headers: admin });
  const out: Record<string, Line> = {};
  const run = async (line: string, f: () => Promise<Figures>) => {
    if (!lines.includes(line) || (raw && line.startsWith('co'))) return;
    const { api, backends } = await processes(server);
    const before = { api: cpuMs(api), db: cpuMs(backends) };
    const figures = await f();
    const per = (ms: number) => (ms / Math.max(1, figures.requests)).toFixed(2);
    const cpu = api.length ? ` cpu/req ${per(since(before.api, cpuMs(api)))}+${per(since(before.db, cpuMs(backends)))} ms` : '';
    out[line] = { ...figures, load: load(), cpu };
  };
  await run('get', () => cannon(server.base, cycle(s.ids.map((id) => `/api/v1/contacts/${id}`)), { ...opts, headers: admin }));
  await run('list', () => closedLoop(server.base, cycle(s.cursors.map((c) => `/api/v1/contacts?limit=50&cursor=${c}`)), { ...opts, headers: admin }));
  await run('listRep', () => closedLoop(server.base, cycle(s.repCursors.map((c) => `/api/v1/contacts?limit=50&cursor=${c}`)), { ...opts, headers: rep }));
  await run('listOwner', () => closedLoop(server.base, cycle(s.ownerCursors.map((c) => `/api/v1/contacts?limit=50&filter%5BownerId%5D%5Beq%5D=${s.ownerId}&cursor=${c}`)), { ...opts, headers: admin }));
  await run('search', () => closedLoop(server.base, cycle(s.typoNames.map((q) => `/api/v1/search?q=${encodeURIComponent(q)}`)), { ...opts, headers: admin }));
  await run('coGet', () => cannon(server.base, cycle(co.ids.map((id) => `/api/v1/companies/${id}`)), { ...opts, headers: admin }));
  await run('coList', () => closedLoop(server.base, cycle(co.cursors.map((c) => `/api/v1/companies?limit=50&cursor=${c}`)), { ...opts, headers: admin }));
  await run('coListRep', () => closedLoop(server.base, cycle(co.repCursors.map((c) => `/api/v1/companies?limit=50&cursor=${c}`)), { ...opts, headers: rep }));
  await run('coListFilter', () => closedLoop(server.base, cycle(co.industryCursors.map((c) => `/api/v1/companies?limit=50&filter%5Bindustry%5D%5Beq%5D=${encodeURIComponent(co.industry)}&cursor=${c}`)), { ...opts, headers: admin }));
  return out;
}

const fmt = (f: Line | undefined) => f ? `${f.rps} req/s p95 ${f.p95 ?? f.p97_5} p99 ${f.p99}${f.errors ? ` ERR ${f.errors}` : ''}${f.cpu ?? ''} (load ${f.load})` : '-';
const table: Array<{ round: number; who: string; figures: Record<string, Line> }> = [];
for (let round = 1; round <= Number(args.rounds); round++) {
  const builds: Array<{ who: string; root?: string }> = [{ who: 'new' }];
  if (args.base) builds.push({ who: 'base', root: args.base });
  if (round % 2 === 0) builds.reverse();
  for (const b of builds) {
    const nodeArgs = args.profile && b.who === 'new' ? ['--cpu-prof', `--cpu-prof-dir=${args.profile}`] : [];
    const api = await startApi(target, 38311, { root: b.root, nodeArgs, logName: `api-ab-${b.who}.log` });
    try {
      log(`round ${round}: ${b.who}`);
      table.push({ round, who: b.who, figures: await measure(api) });
    } finally {
      await api.stop();
    }
  }
  if (!args['no-raw']) {
    const raw = await startRaw(target, 38312, { tenantId: fixture.tenantId, repToken: fixture.repToken, repUserId: fixture.repUserId, repTeamIds: fixture.repTeamIds });
    try {
      log(`round ${round}: raw`);
      table.push({ round, who: 'raw', figures: await measure(raw, true) });
    } finally {
      await raw.stop();
    }
    if (lines.includes('get')) {
      const same = await startRaw(target, 38313, { tenantId: fixture.tenantId, repToken: fixture.repToken, repUserId: fixture.repUserId, repTeamIds: fixture.repTeamIds, apiSql: true });
      try {
        log(`round ${round}: raw with the API's GET statement`);
        await closedLoop(same.base, cycle(s.ids.map((id) => `/api/v1/contacts/${id}`)), { ...opts, seconds: 2, headers: admin });
        const figures = await cannon(same.base, cycle(s.ids.map((id) => `/api/v1/contacts/${id}`)), { ...opts, headers: admin });
        table.push({ round, who: 'raw-api-sql', figures: { get: { ...figures, load: load() } } });
      } finally {
        await same.stop();
      }
    }
  }
}
await watcher.end();
log(`\n${opts.connections} clients, ${opts.seconds} s per line, ${args.size}; GET by id (get, coGet): p97.5 in the p95 column (autocannon); cpu/req: API server + PostgreSQL backends`);
if (lines.some((l) => l.startsWith('co'))) log(`companies: ${co.ids.length < 5000 ? co.ids.length : '5,000+'} sampled ids, ${co.counts}; the raw server has no company lines`);
log(`| round | build | ${lines.join(' | ')} |`);
log(`|---|---|${lines.map(() => '---').join('|')}|`);
for (const r of table) log(`| ${r.round} | ${r.who} | ${lines.map((l) => fmt(r.figures[l])).join(' | ')} |`);
