// The read lines of `npm run bench` (GET by id, list pages, filtered list, search) for two builds of
// the API in alternation on one reused database, with the raw limit beside them and the load average
// at each figure: on a shared machine a before/after comparison only means something when the two
// runs share their minutes.
//   npx tsx bench/read-ab.ts [--base /tmp/old-checkout] [--rounds 2] [--seconds 8] [--connections 10]
//     [--lines get,list,listRep,listOwner,search] [--no-raw] [--profile DIR] [--size 100k]
// With `get`, the raw line is also measured with the API's own GET statement (raw-api-sql).
// --profile writes a V8 CPU profile of this tree's server (one per round) into DIR.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { migrate } from '../src/db/migrate.ts';
import { cannon, closedLoop, type Figures } from './http-load.ts';
import { openTarget, reuseFixture, sample, type Target } from './load-data.ts';
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
  },
});
const sizes: Record<string, number> = { '10k': 10_000, '100k': 100_000, '1m': 1_000_000 };
const size = sizes[args.size.toLowerCase()]!;
const lines = args.lines.split(',');
const opts = { connections: Number(args.connections), seconds: Number(args.seconds) };
const log = (s: string) => console.log(s);

const target: Target = { kind: 'postgres', url: args['pg-url'] };
const database = await openTarget(target);
await migrate(database);
const fixture = await reuseFixture(database, size, log);
if (!fixture) throw new Error(`no ${args.size} bench database at ${args['pg-url']}: run npm run bench -- --size ${args.size} --db postgres first`);
const s = await sample(database, fixture.tenantId);
await database.close();

let n = 0;
const cycle = <T>(items: readonly T[]) => () => items[n++ % items.length]!;
const admin = { authorization: `Bearer ${fixture.adminToken}` };
const rep = { authorization: `Bearer ${fixture.repToken}` };
const load = () => os.loadavg()[0]!.toFixed(1);

async function measure(server: Running): Promise<Record<string, Figures & { load: string }>> {
  await closedLoop(server.base, cycle(s.ids.map((id) => `/api/v1/contacts/${id}`)), { ...opts, seconds: 2, headers: admin });
  const out: Record<string, Figures & { load: string }> = {};
  const run = async (line: string, f: () => Promise<Figures>) => {
    if (!lines.includes(line)) return;
    const figures = await f();
    out[line] = { ...figures, load: load() };
  };
  await run('get', () => cannon(server.base, cycle(s.ids.map((id) => `/api/v1/contacts/${id}`)), { ...opts, headers: admin }));
  await run('list', () => closedLoop(server.base, cycle(s.cursors.map((c) => `/api/v1/contacts?limit=50&cursor=${c}`)), { ...opts, headers: admin }));
  await run('listRep', () => closedLoop(server.base, cycle(s.repCursors.map((c) => `/api/v1/contacts?limit=50&cursor=${c}`)), { ...opts, headers: rep }));
  await run('listOwner', () => closedLoop(server.base, cycle(s.ownerCursors.map((c) => `/api/v1/contacts?limit=50&filter%5BownerId%5D%5Beq%5D=${s.ownerId}&cursor=${c}`)), { ...opts, headers: admin }));
  await run('search', () => closedLoop(server.base, cycle(s.typoNames.map((q) => `/api/v1/search?q=${encodeURIComponent(q)}`)), { ...opts, headers: admin }));
  return out;
}

const fmt = (f: Figures & { load: string } | undefined) => f ? `${f.rps} req/s p95 ${f.p95 ?? f.p97_5} p99 ${f.p99}${f.errors ? ` ERR ${f.errors}` : ''} (load ${f.load})` : '-';
const table: Array<{ round: number; who: string; figures: Record<string, Figures & { load: string }> }> = [];
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
      table.push({ round, who: 'raw', figures: await measure(raw) });
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
log(`\n${opts.connections} clients, ${opts.seconds} s per line, ${args.size}; GET by id: p97.5 in the p95 column (autocannon)`);
log(`| round | build | ${lines.join(' | ')} |`);
log(`|---|---|${lines.map(() => '---').join('|')}|`);
for (const r of table) log(`| ${r.round} | ${r.who} | ${lines.map((l) => fmt(r.figures[l])).join(' | ')} |`);
