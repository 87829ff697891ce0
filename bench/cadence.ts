// `npx tsx bench/cadence.ts [--clients 200000] [--interactions 2000000] [--reps 500] [--keep]`:
// the advisor features at size on PostgreSQL. Loads clients, interactions, reps, outcomes with their
// decisions and a quarter's plan with set-based SQL (generate_series, not the API), then times
//   1. the nightly cadence evaluation (first run: every overdue client gets its follow-up task),
//   2. the same evaluation again (steady state: no new tasks),
//   3. a compensation statement for every rep for the quarter.
// Targets: evaluation < 60 s for 200,000 clients and 2M interactions; all statements < 30 s.
// Scratch database rapport_bench_cadence, dropped afterwards (--keep keeps it; --reuse runs again on a
// kept one: loading 2M interactions takes ~10 minutes on two cores, the timed parts well under one).
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createDb } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { systemCtx } from '../src/platform/context.ts';
import { createTenant } from '../src/tenants/service.ts';
import { evaluateCadence } from '../src/cadence/service.ts';
import { createPolicy } from '../src/cadence/policies.ts';
import { createPlan } from '../src/compensation/plans.ts';
import { listStatements } from '../src/compensation/service.ts';

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '200000' },
    interactions: { type: 'string', default: '2000000' },
    reps: { type: 'string', default: '500' },
    outcomes: { type: 'string', default: '100' },
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/rapport_bench_cadence' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'boolean', default: false },
  },
});
const clients = Number(args.clients);
const interactionCount = Number(args.interactions);
const reps = Number(args.reps);
const outcomesPerRep = Number(args.outcomes);
const url = args['pg-url'];
const name = new URL(url).pathname.slice(1);
const adminUrl = Object.assign(new URL(url), { pathname: '/postgres' }).toString();

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

const secs = (t0: number) => Math.round((performance.now() - t0) / 100) / 10;
const fmt = (n: number) => n.toLocaleString('en-US');

type Run = (text: string, params?: unknown[]) => Promise<unknown[]>;

/** A kept database: back to the state after loading (no statuses, tasks or plans). */
async function reset(q: Run): Promise<string> {
  const [tenant] = await q(`select id from tenants where slug = 'bench'`) as Array<{ id: string }>;
  if (!tenant) throw new Error('--reuse: no bench tenant in this database; run once with --keep first');
  for (const table of ['cadence_statuses', 'cadence_runs', 'cadence_policies', 'tasks', 'compensation_plans']) await q(`delete from ${table}`);
  console.log('reusing the loaded database');
  return tenant.id;
}

async function load(q: Run): Promise<string> {
  const { tenantId } = await createTenant(database, { slug: 'bench', name: 'Bench', adminEmail: 'admin@bench.test', adminPassword: 'bench-password-1' });
  const t0 = performance.now();
  const teams = Math.max(1, Math.round(reps / 10));
  await q(`insert into teams (tenant_id, id, name) select $1, gen_random_uuid(), 'Team ' || g from generate_series(1, $2) g`, [tenantId, teams]);
  await q(`create unlogged table bench_reps as select row_number() over () - 1 as n, gen_random_uuid() as id from generate_series(1, $1)`, [reps]);
  await q(`insert into users (tenant_id, id, email, name, role) select $1, id, 'rep' || n || '@bench.test', 'Rep ' || n, 'rep' from bench_reps`, [tenantId]);
  await q(`create unlogged table bench_teams as select row_number() over (order by id) - 1 as n, id from teams where tenant_id = $1`, [tenantId]);
  await q(`insert into team_members (tenant_id, team_id, user_id) select $1, t.id, r.id from bench_reps r join bench_teams t on t.n = r.n % $2`, [tenantId, teams]);
  await q(`create unlogged table bench_clients as
    select g - 1 as n, gen_random_uuid() as id, r.id as owner_id, t.id as team_id from generate_series(1, $1) g
    join bench_reps r on r.n = (g - 1) % $2 join bench_teams t on t.n = ((g - 1) % $2) % $3`, [clients, reps, teams]);
  await q(`insert into contacts (tenant_id, id, display_name, lifecycle_stage, tier, enrichment, owner_id, team_id)
    select $1, c.id, 'Client ' || c.n, 'client', (array['Platinum', 'Gold', 'Gold', 'Silver', 'Silver', 'Silver', null])[1 + c.n % 7],
      case c.n % 4 when 0 then '{}'::jsonb else jsonb_build_object('timeZone', jsonb_build_object('value',
        (array['America/New_York', 'Europe/London', 'Asia/Tokyo'])[1 + c.n % 3], 'source', 'derived')) end,
      c.owner_id, c.team_id from bench_clients c`, [tenantId]);
  console.log(`loaded ${fmt(reps)} reps in ${teams} teams and ${fmt(clients)} clients (${secs(t0)} s)`);
  const t1 = performance.now();
  // Interactions spread over the last year; participants point them at their clients.
  await q(`create unlogged table bench_interactions as
    select gen_random_uuid() as id, c.id as contact_id, c.owner_id, c.team_id,
      now() - ((g * 7919) % 365) * interval '1 day' - ((g * 104729) % 86400) * interval '1 second' as occurred_at,
      (array['phone_call', 'email', 'in_person', 'video_call'])[1 + g % 4] as kind
    from generate_series(1::bigint, $1::bigint) g join bench_clients c on c.n = (g * 31) % $2`, [interactionCount, clients]);
  await q(`insert into interactions (tenant_id, id, kind, occurred_at, owner_id, team_id)
    select $1, id, kind, occurred_at, owner_id, team_id from bench_interactions`, [tenantId]);
  await q(`insert into interaction_participants (tenant_id, id, interaction_id, contact_id)
    select $1, gen_random_uuid(), id, contact_id from bench_interactions`, [tenantId]);
  console.log(`loaded ${fmt(interactionCount)} interactions with participants (${secs(t1)} s)`);
  const t2 = performance.now();
  // Outcomes of the last quarter per rep: a claim, then (mostly) a decision.
  await q(`create unlogged table bench_outcomes as
    select gen_random_uuid() as id, i.id as interaction_id, i.contact_id, i.owner_id, i.team_id, i.occurred_at, i.k as g
    from (select *, row_number() over (partition by owner_id order by id) as k from bench_interactions where occurred_at > now() - interval '90 days') i
    where i.k <= $1`, [outcomesPerRep]);
  await q(`insert into outcomes (tenant_id, id, interaction_id, kind, contact_id, amount, currency, claimed_by, claimed_at, owner_id, team_id)
    select $1, id, interaction_id, (array['assets_deposited', 'assets_deposited', 'account_opened', 'revenue'])[1 + g % 4], contact_id,
      case when g % 4 = 2 then null else 10000 + (g * 7717) % 490000 end, 'EUR', owner_id, occurred_at, owner_id, team_id from bench_outcomes`, [tenantId]);
  await q(`insert into outcome_decisions (tenant_id, id, outcome_id, seq, status, decided_at)
    select $1, gen_random_uuid(), id, 1, 'claimed', occurred_at from bench_outcomes`, [tenantId]);
  await q(`insert into outcome_decisions (tenant_id, id, outcome_id, seq, status, amount_verified, reason, decided_at)
    select $1, gen_random_uuid(), o.id, 2, (array['verified', 'verified', 'partially_verified', 'rejected', 'verified'])[1 + g % 5],
      case when g % 5 = 2 then 5000 end, case when g % 5 = 3 then 'not received' end, o.occurred_at + interval '3 days'
    from bench_outcomes o where g % 6 <> 0`, [tenantId]);
  const [{ n: outcomeCount } = { n: 0 }] = await q(`select count(*)::int as n from bench_outcomes`) as Array<{ n: number }>;
  for (const t of ['bench_reps', 'bench_teams', 'bench_clients', 'bench_interactions', 'bench_outcomes']) await q(`drop table ${t}`);
  await q('analyze');
  console.log(`loaded ${fmt(outcomeCount)} outcomes with decisions (${secs(t2)} s)`);
  return tenantId;

}

const reuse = args.reuse;
if (!reuse) {
  await admin(`drop database if exists "${name}" with (force)`);
  await admin(`create database "${name}"`);
}
const database = await createDb({ databaseUrl: url, poolSize: 4 });
try {
  await migrate(database);
  const q = (text: string, params: unknown[] = []) => database.query(text, params);
  const tenantId = reuse ? await reset(q) : await load(q);
  const ctx = systemCtx(database, tenantId, 'bench');
  await createPolicy(ctx, { name: 'Platinum monthly', scopeKind: 'tier', scopeValue: 'Platinum', minIntervalDays: 7, maxIntervalDays: 30, effectiveFrom: '2024-01-01T00:00:00Z' });
  await createPolicy(ctx, { name: 'Gold quarterly', scopeKind: 'tier', scopeValue: 'Gold', kinds: ['phone_call', 'in_person', 'video_call'], maxIntervalDays: 90, effectiveFrom: '2024-01-01T00:00:00Z' });
  await createPolicy(ctx, { name: 'Silver twice a year', scopeKind: 'tier', scopeValue: 'Silver', maxIntervalDays: 180, effectiveFrom: '2024-01-01T00:00:00Z' });
  await createPolicy(ctx, { name: 'Clients: calls not too often', scopeKind: 'relationship', scopeValue: 'client', kinds: ['phone_call'], minIntervalDays: 3 });

  const e1 = performance.now();
  const first = await evaluateCadence(ctx);
  const firstSecs = secs(e1);
  console.log(`cadence evaluation, first run: ${firstSecs} s (${fmt(first.evaluated)} client-policy statuses: ${fmt(first.ok)} ok, ${fmt(first.overdue)} overdue, ${fmt(first.overContacted)} over-contacted; ${fmt(first.tasksCreated)} follow-up tasks opened)`);
  const e2 = performance.now();
  const second = await evaluateCadence(ctx);
  const secondSecs = secs(e2);
  console.log(`cadence evaluation, steady state: ${secondSecs} s (${fmt(second.evaluated)} statuses, ${fmt(second.tasksCreated)} new tasks)`);

  const today = new Date();
  const start = new Date(today.getTime() - 90 * 86_400_000).toISOString().slice(0, 10);
  const plan = await createPlan(ctx, {
    name: 'Quarter', periodStart: start, periodEnd: today.toISOString().slice(0, 10),
    rules: {
      currency: 'EUR',
      assets: { kinds: ['assets_deposited'], bands: [{ upTo: 1_000_000, bps: 10 }, { upTo: 5_000_000, bps: 20 }, { upTo: null, bps: 30 }], threshold: 250_000, cap: 50_000 },
      bonuses: [{ kind: 'account_opened', amount: 250, cap: 5_000 }],
      subjective: { pool: 5_000, managerWeight: 0.6, timelinessWeight: 0.2, activityWeight: 0.2, activityTarget: 200 },
    },
  });
  await q(`insert into compensation_scores (tenant_id, plan_id, user_id, score, scored_at)
    select $1, $2, id, 50 + (hashtext(id::text) & 49), now() from users where tenant_id = $1 and role = 'rep'`, [tenantId, plan.id]);
  const s0 = performance.now();
  const statements = await listStatements(ctx, plan.id);
  const statementSecs = secs(s0);
  const lines = statements.data.reduce((n, s) => n + s.countedOutcomes, 0);
  console.log(`compensation statements: ${statementSecs} s for ${fmt(statements.data.length)} reps (${fmt(lines)} counted outcome lines)`);
  const [{ n: outcomeCount } = { n: 0 }] = await q('select count(*)::int as n from outcomes') as Array<{ n: number }>;
  console.log(JSON.stringify({
    date: today.toISOString().slice(0, 10), clients, interactions: interactionCount, reps, outcomes: outcomeCount,
    evaluationFirstRunSeconds: firstSecs, evaluationSteadySeconds: secondSecs, statuses: first.evaluated, tasksOpened: first.tasksCreated,
    statementsSeconds: statementSecs, statements: statements.data.length,
  }));
} finally {
  await database.close();
  if (!args.keep) await admin(`drop database if exists "${name}" with (force)`);
}
