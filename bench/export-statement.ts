// `npx tsx bench/export-statement.ts [--rounds 3] [--pg-url …/rapport_bench_export]`: the COPY statement
// an admin's contacts CSV export runs (sort displayName), alone: built by this checkout's code for the
// tenant a kept `bench/export.ts --keep` run left, sent through pg-copy-streams to a counting sink with
// parallel workers off, and timed by its backend's CPU (from /proc) beside wall time, which a machine
// others load disturbs more. Prints the bytes and their SHA-256, so two checkouts' statements can be
// compared for identical output (run it from each worktree in turn).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { and } from 'drizzle-orm';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { contactListTarget } from '../src/contacts/service.ts';
import { visibleColumns, type Column } from '../src/exports/columns.ts';
import { csvCopySql } from '../src/exports/copy.ts';
import { flatSelectKeyed, flatSpecs, ownEscapeCells, plainCells } from '../src/exports/flat.ts';
import { parseListParams } from '../src/platform/list.ts';
import { listScope } from '../src/platform/list-scope.ts';
import type { Principal } from '../src/platform/policy/index.ts';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/rapport_bench_export' },
  },
});
const client = new pg.Client(args['pg-url']);
await client.connect();
const { rows: [tenant] } = await client.query<{ id: string }>(`select id::text from tenants where slug = 'bench'`);
if (!tenant) throw new Error('no bench tenant: run `npx tsx bench/export.ts --rows N --keep` first');

// The statement exports/service.ts builds for an admin (every row, every column), sort displayName.
const principal: Principal = { userId: '00000000-0000-0000-0000-000000000000', role: 'admin', teamIds: [] };
const params = parseListParams({ sort: 'displayName' }, 'displayName');
const spec = flatSpecs.contacts;
const columns = visibleColumns(spec.columns as Array<Column<unknown>>, 'contact', principal, params.fields);
const cells = columns.map((c) => [c.header, spec.cells[c.header]!] as const);
const { plan, where, after } = listScope(principal, contactListTarget, params);
const escape = (n: number) => (plainCells.has(columns[n]!.header) ? 'plain' : ownEscapeCells.has(columns[n]!.header) ? 'own' : 'row');
const copy = csvCopySql(flatSelectKeyed(spec, tenant.id, cells, and(where, after), plan), columns.length, escape, plan.desc);

await client.query(`set work_mem = '64MB'; set jit = off; set max_parallel_workers_per_gather = 0`);
const pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
/** utime + stime of the backend, in seconds (clock ticks of 1/100 s). */
const cpu = () => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

for (let round = 1; round <= Number(args.rounds); round++) {
  const hash = createHash('sha256');
  let bytes = 0;
  const c0 = cpu();
  const t0 = performance.now();
  await pipeline(client.query(copyTo(copy)), new Writable({
    write(chunk: Buffer, _encoding, callback) { bytes += chunk.length; hash.update(chunk); callback(); },
  }));
  const wall = (performance.now() - t0) / 1000;
  console.log(`round ${round}: backend CPU ${(cpu() - c0).toFixed(2)} s, wall ${wall.toFixed(1)} s, ${bytes.toLocaleString('en-US')} bytes, sha256 ${hash.digest('hex').slice(0, 16)}, load ${load()}`);
}
await client.end();
