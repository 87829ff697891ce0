// The demo tenant's cadence policies and this quarter's compensation plan, with a manager's score
// for every rep: through the services, so they are audited like any other change. Follow-up tasks
// and statuses come from the first evaluation (POST /api/v1/cadence/evaluate), not from the seed.
import { sql } from 'drizzle-orm';
import { readInTenant, type Ctx } from '../platform/context.ts';
import { rowsOf } from '../db/sql.ts';
import { createPolicy } from '../cadence/policies.ts';
import { createPlan, setScore } from '../compensation/plans.ts';

/** First and last day (UTC) of the quarter `now` falls in. */
function quarterOf(now: number): { start: string; end: string; label: string } {
  const d = new Date(now);
  const q = Math.floor(d.getUTCMonth() / 3);
  const start = new Date(Date.UTC(d.getUTCFullYear(), q * 3, 1));
  const end = new Date(Date.UTC(d.getUTCFullYear(), q * 3 + 3, 0));
  return { start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10), label: `Q${q + 1} ${d.getUTCFullYear()}` };
}

export async function seedAdvisorsCadence(ctx: Ctx, now: number): Promise<void> {
  const since = new Date(now - 365 * 86_400_000).toISOString();
  await createPolicy(ctx, { name: 'Platinum: monthly, not more than fortnightly', scopeKind: 'tier', scopeValue: 'Platinum', minIntervalDays: 14, maxIntervalDays: 30, effectiveFrom: since });
  await createPolicy(ctx, { name: 'Gold: a conversation every quarter', scopeKind: 'tier', scopeValue: 'Gold', kinds: ['phone_call', 'in_person', 'video_call'], maxIntervalDays: 90, effectiveFrom: since });
  await createPolicy(ctx, { name: 'Silver: twice a year', scopeKind: 'tier', scopeValue: 'Silver', maxIntervalDays: 180, effectiveFrom: since });
  await createPolicy(ctx, { name: 'Clients: no more than one call in three days', scopeKind: 'relationship', scopeValue: 'client', kinds: ['phone_call'], minIntervalDays: 3 });
  const quarter = quarterOf(now);
  const plan = await createPlan(ctx, {
    name: `Advisers ${quarter.label}`, periodStart: quarter.start, periodEnd: quarter.end,
    rules: {
      currency: 'EUR',
      assets: { kinds: ['assets_deposited'], bands: [{ upTo: 1_000_000, bps: 10 }, { upTo: 5_000_000, bps: 20 }, { upTo: null, bps: 30 }], threshold: 250_000, cap: 50_000 },
      bonuses: [{ kind: 'account_opened', amount: 250, cap: 2_500 }, { kind: 'ib_engagement', amount: 1_000, minAmount: 10_000 }],
      subjective: { pool: 5_000, managerWeight: 0.6, timelinessWeight: 0.2, activityWeight: 0.2, activityTarget: 120 },
    },
  });
  const reps = await readInTenant(ctx, (q) => rowsOf<{ id: string }>(q, sql`select id from users where tenant_id = ${ctx.tenantId}::uuid and role = 'rep' order by email`));
  for (const [i, rep] of reps.entries()) await setScore(ctx, plan.id, rep.id, { score: [80, 65, 90, 70][i % 4]!, note: 'Demo score' });
}
