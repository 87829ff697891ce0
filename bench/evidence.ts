// `npx tsx bench/evidence.ts [--clients 200000] [--transactions 5000000] [--claims 1000]`: evidence
// suggestion latency for one claim (the service call a controller's click makes: load the claim,
// find matching inflows on the client's and households' accounts, mark transactions already used
// as evidence) on PostgreSQL with a realistic book: clients, two-person households with joint
// accounts, millions of transactions over two years. The data is generated inside PostgreSQL
// (generate_series), then ANALYZEd. Scratch database rapport_bench_evidence, dropped afterwards
// (--keep keeps it).
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createDb } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { createTenant } from '../src/tenants/service.ts';
import { createUser } from '../src/users/service.ts';
import { systemCtx, type Ctx } from '../src/platform/context.ts';
import { suggestEvidence } from '../src/outcomes/evidence.ts';

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '200000' },
    transactions: { type: 'string', default: '5000000' },
    claims: { type: 'string', default: '1000' },
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    keep: { type: 'boolean', default: false },
  },
});
const clients = Number(args.clients);
const txCount = Number(args.transactions);
const claims = Number(args.claims);
const households = Math.floor(clients / 5); // 40 % of clients live in two-person households
const accountsTotal = clients + households;
const dbName = 'rapport_bench_evidence';
const adminUrl = args['pg-url'];
const benchUrl = Object.assign(new URL(adminUrl), { pathname: `/${dbName}` }).toString();

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try { await client.query(sql); } finally { await client.end(); }
}

const seconds = (t0: number) => ((performance.now() - t0) / 1000).toFixed(1);
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

await admin(`drop database if exists ${dbName} with (force)`);
await admin(`create database ${dbName}`);
try {
  const database = await createDb({ databaseUrl: benchUrl, poolSize: 4 });
  await migrate(database);
  const { tenantId } = await createTenant(database, { slug: 'bench', name: 'Bench', adminEmail: 'bench@example.com', adminPassword: 'bench-password' });
  const sys = systemCtx(database, tenantId, 'bench');
  const rep = await createUser(sys, { email: 'rep@example.com', name: 'Rep', role: 'rep', password: 'bench-password' });
  const controller = await createUser(sys, { email: 'controller@example.com', name: 'Controller', role: 'controller', password: 'bench-password' });
  const q = (text: string) => database.query(text.replaceAll('%T%', `'${tenantId}'::uuid`).replaceAll('%REP%', `'${rep.id}'::uuid`));
  const id = (prefix: string, n: string) => `md5('${prefix}' || ${n})::uuid`;

  let t0 = performance.now();
  await q(`insert into contacts (tenant_id, id, display_name, given_name, family_name, owner_id)
    select %T%, ${id('c', 'g')}, 'Client ' || g, 'Client', g::text, %REP% from generate_series(1, ${clients}) g`);
  await q(`insert into households (tenant_id, id, name, owner_id) select %T%, ${id('h', 'g')}, 'Household ' || g, %REP% from generate_series(1, ${households}) g`);
  await q(`insert into household_members (tenant_id, household_id, contact_id)
    select %T%, ${id('h', '((g - 1) / 2 + 1)')}, ${id('c', 'g')} from generate_series(1, ${households * 2}) g`);
  // Account a (1..clients) belongs to client a; account clients + h is household h's joint account.
  await q(`insert into accounts (tenant_id, id, external_id, number_masked, number_hash, custodian, currency)
    select %T%, ${id('a', 'g')}, 'A' || g, '••••' || lpad((g % 10000)::text, 4, '0'), md5('n' || g), 'Custodian ' || (g % 7), 'EUR' from generate_series(1, ${accountsTotal}) g`);
  await q(`insert into account_owners (tenant_id, id, account_id, contact_id, household_id)
    select %T%, ${id('o', 'g')}, ${id('a', 'g')}, case when g <= ${clients} then ${id('c', 'g')} end, case when g > ${clients} then ${id('h', `(g - ${clients})`)} end
    from generate_series(1, ${accountsTotal}) g`);
  console.log(`clients, households, accounts: ${seconds(t0)} s`);

  t0 = performance.now();
  const chunk = 500_000;
  for (let start = 1; start <= txCount; start += chunk) {
    const end = Math.min(txCount, start + chunk - 1);
    await q(`insert into transactions (tenant_id, id, account_id, external_id, kind, amount, currency, booked_on)
      select %T%, ${id('t', 'g')}, ${id('a', `(1 + (g * 7919::bigint) % ${accountsTotal})`)}, 'T' || g,
        (array['deposit','deposit','withdrawal','transfer_in','transfer_out'])[1 + (g % 5)],
        round((100 + ((g * 104729::bigint) % 2000000))::numeric, 2), case when g % 20 = 0 then 'USD' else 'EUR' end,
        current_date - ((g * 31::bigint) % 730)::int
      from generate_series(${start}, ${end}) g`);
    console.log(`  transactions ${end.toLocaleString('en-US')} (${seconds(t0)} s)`);
  }
  const loadSeconds = seconds(t0);

  // Claims: an interaction and a deposit outcome each (claimed 30..700 days ago), half of them with
  // a matching deposit booked a few days after the claim.
  await q(`insert into interactions (tenant_id, id, kind, occurred_at, owner_id)
    select %T%, ${id('i', 'g')}, 'in_person', now() - make_interval(days => 30 + (g * 13) % 670), %REP% from generate_series(1, ${claims}) g`);
  await q(`insert into interaction_participants (tenant_id, id, interaction_id, contact_id)
    select %T%, ${id('p', 'g')}, ${id('i', 'g')}, ${id('c', `(1 + (g * 7907::bigint) % ${clients})`)} from generate_series(1, ${claims}) g`);
  await q(`insert into outcomes (tenant_id, id, interaction_id, kind, contact_id, amount, currency, claimed_by, claimed_at, owner_id)
    select %T%, ${id('x', 'g')}, ${id('i', 'g')}, 'assets_deposited', ${id('c', `(1 + (g * 7907::bigint) % ${clients})`)}, 10000 + (g * 7717) % 990000, 'EUR', %REP%,
      now() - make_interval(days => 30 + (g * 13) % 670), %REP% from generate_series(1, ${claims}) g`);
  await q(`insert into outcome_decisions (tenant_id, id, outcome_id, seq, status, decided_by, decided_at)
    select %T%, ${id('d', 'g')}, ${id('x', 'g')}, 1, 'claimed', %REP%, now() from generate_series(1, ${claims}) g`);
  await q(`insert into transactions (tenant_id, id, account_id, external_id, kind, amount, currency, booked_on)
    select %T%, ${id('m', 'g')}, ${id('a', `(1 + (g * 7907::bigint) % ${clients})`)}, 'M' || g, 'deposit', 10000 + (g * 7717) % 990000, 'EUR',
      (now() - make_interval(days => 30 + (g * 13) % 670))::date + 3 from generate_series(1, ${claims}) g where g % 2 = 0`);
  t0 = performance.now();
  await q('analyze');
  console.log(`analyze: ${seconds(t0)} s`);

  const ctx: Ctx = { database, tenantId, principal: { userId: controller.id, role: 'controller', teamIds: [] }, actor: { id: controller.id, label: 'controller' } };
  const ids = (await database.query<{ id: string }>(`select id from outcomes where tenant_id = '${tenantId}' order by id`)).map((r) => r.id);
  const opts = { tolerancePct: 2, windowDays: 30, lookbackDays: 0 };
  for (const oid of ids.slice(0, 50)) await suggestEvidence(ctx, oid, opts); // warm the pool and caches
  const times: number[] = [];
  let found = 0;
  for (const oid of ids) {
    const s = performance.now();
    const got = await suggestEvidence(ctx, oid, opts);
    times.push(performance.now() - s);
    if (got.length) found += 1;
  }
  times.sort((a, b) => a - b);
  const plan = await database.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) select t.id from transactions t
    where t.tenant_id = '${tenantId}' and t.account_id = any(array(select o.account_id from account_owners o where o.tenant_id = '${tenantId}' and o.contact_id = md5('c1')::uuid
      union select o.account_id from account_owners o join household_members m on m.tenant_id = o.tenant_id and m.household_id = o.household_id
      where o.tenant_id = '${tenantId}' and m.tenant_id = '${tenantId}' and m.contact_id = md5('c1')::uuid))
      and t.booked_on between current_date - 60 and current_date - 30 and t.kind in ('deposit', 'transfer_in') and t.currency = 'EUR' and t.amount between 1000 and 2000000`);
  const [{ n }] = (await database.query<{ n: string }>(`select count(*)::text as n from transactions where tenant_id = '${tenantId}'`)) as [{ n: string }];
  const pgVersion = (await database.query<{ server_version: string }>('show server_version'))[0]?.server_version ?? '';
  await database.close();
  const ms = (v: number) => v.toFixed(1);
  console.log(`\n${new Date().toISOString().slice(0, 10)}, PostgreSQL ${pgVersion}, ${clients.toLocaleString('en-US')} clients, ${households.toLocaleString('en-US')} households, ${accountsTotal.toLocaleString('en-US')} accounts, ${Number(n).toLocaleString('en-US')} transactions (loaded in ${loadSeconds} s), 2 shared cores under other load`);
  console.log(`evidence suggestions for one claim (suggestEvidence, as a controller, RLS on), ${times.length} claims, ${found} with a match:`);
  console.log(`| p50 | p95 | p99 | max |\n|---|---|---|---|\n| ${ms(pct(times, 50))} ms | ${ms(pct(times, 95))} ms | ${ms(pct(times, 99))} ms | ${ms(times[times.length - 1]!)} ms |`);
  console.log(`plan of the inflow search for one client:\n${plan.map((r) => `  ${r['QUERY PLAN']}`).join('\n')}`);
} finally {
  if (!args.keep) await admin(`drop database if exists ${dbName} with (force)`);
}
