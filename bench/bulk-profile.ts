// In-process bulk create, for profiling the write path: replays the bench fixture of a database
// `npm run bench -- --size 100k --db postgres` loaded, then creates new generated contacts in
// batches of 1,000 (`--concurrency` at a time) and prints contacts/s and Node CPU per 1,000.
// By default it calls createContacts; `--http` sends each batch through the whole Fastify route
// instead (app.inject: body parsing, zod validation, authentication, the handler and the response
// serialisation; no socket), which is what the server spends per call over HTTP.
// `--profile FILE.cpuprofile` records a CPU profile of the bulk calls alone (open it in Chrome's
// DevTools) to see where Node spends its time.
// The rows it writes are removed again at the end (they would shift the next bench run's ids).
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { openTarget, reuseFixture } from './load-data.ts';
import { systemCtx } from '../src/platform/context.ts';
import { createContacts } from '../src/contacts/service.ts';
import type { ContactCreate } from '../src/contacts/schemas.ts';
import { buildApp } from '../src/app.ts';
import { configFrom } from '../src/config.ts';

const { values: args } = parseArgs({
  options: {
    size: { type: 'string', default: '100000' },
    rows: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '4' },
    profile: { type: 'string' },
    http: { type: 'boolean', default: false },
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/rapport_bench' },
  },
});

const database = await openTarget({ kind: 'postgres', url: args['pg-url'] });
const fixture = await reuseFixture(database, Number(args.size), console.log);
if (!fixture) throw new Error('no bench fixture of that size: run npm run bench -- --size 100k --db postgres first');
const [{ id: adminId }] = (await database.query<{ id: string }>(`select id::text from users where tenant_id = $1 and email = 'admin@bench.test'`, [fixture.tenantId])) as [{ id: string }];
const ctx = { ...systemCtx(database, fixture.tenantId, 'bench'), principal: { userId: adminId, role: 'admin' as const, teamIds: [] }, actor: { id: adminId, label: 'admin@bench.test' } };
const app = args.http ? await buildApp({ database, config: configFrom({}) }) : null;
await app?.ready();
const started0 = new Date();
const items = fixture.generator.contacts(Number(args.rows)).map((c) => c.input as ContactCreate);
const calls: ContactCreate[][] = [];
for (let i = 0; i < items.length; i += 1000) calls.push(items.slice(i, i + 1000));
// Request bodies are the client's work: serialised before the clock starts.
const bodies = calls.map((items) => JSON.stringify({ mode: 'atomic', items }));

async function call(k: number) {
  if (!app) {
    const results = await createContacts(ctx, calls[k]!, 'atomic');
    if (results.some((r) => r.status !== 201)) throw new Error('a row failed');
    return;
  }
  const res = await app.inject({
    method: 'POST', url: '/api/v1/contacts/bulk', payload: bodies[k]!,
    headers: { authorization: `Bearer ${fixture!.adminToken}`, 'content-type': 'application/json' },
  });
  if (res.statusCode !== 200) throw new Error(`bulk create answered ${res.statusCode}: ${res.body.slice(0, 500)}`);
}

let next = 0;
const session = args.profile ? new Session() : null;
if (session) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}
const cpu0 = process.cpuUsage();
const started = performance.now();
await Promise.all(Array.from({ length: Number(args.concurrency) }, async () => {
  while (next < calls.length) await call(next++);
}));
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpu0);
if (session) writeFileSync(args.profile!, JSON.stringify((await session.post('Profiler.stop')).profile));
console.log(`${args.http ? 'HTTP route' : 'createContacts'}: ${items.length} contacts in ${seconds.toFixed(2)} s: ${Math.round(items.length / seconds)} contacts/s; Node CPU ${((cpu.user + cpu.system) / 1000 / (items.length / 1000)).toFixed(0)} ms per 1,000`);
await app?.close();
await database.query(`delete from contacts where tenant_id = $1 and created_at >= $2`, [fixture.tenantId, started0.toISOString()]);
await database.close();
