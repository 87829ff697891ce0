// Statements: a plan applied by the pure engine to each rep's verified outcomes, the outflows on
// their clients' accounts (net new assets: data.ts outflowsOfPeriod) and activity of the plan's
// period. Reps read their own, managers their teams' members', controllers and admins
// everyone's (platform/policy peopleReach). Statements are worked out on every read from the
// current decisions, so a verified outcome later corrected to rejected drops out of every statement.
import { sql } from 'drizzle-orm';
import { readInTenant, type Ctx } from '../platform/context.ts';
import { forbidden, notFound } from '../platform/errors.ts';
import { can } from '../platform/policy/index.ts';
import type { Queryable } from '../db/client.ts';
import { peopleScope, peopleScopeSql } from '../cadence/service.ts';
import { computeStatement, parseCents, type OutcomeIn, type OutcomeStatus, type OutflowIn, type Plan, type Statement } from './engine.ts';
import { activityOfPeriod, outcomesOfPeriod, outflowsOfPeriod, peopleOfPlan, scoresOfPlan, type OutcomeRow, type OutflowRow, type PersonRow, type PlanRow } from './data.ts';
import { loadPlan } from './plans.ts';
import type { StatementOut, StatementSummary } from './schemas.ts';

const units = (c: number) => c / 100;
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function scopeOf(ctx: Ctx) {
  const scope = peopleScope(ctx.principal);
  if (!scope || !can(ctx.principal, 'read', 'scorecard')) throw forbidden('Your role may not read compensation statements');
  return peopleScopeSql(scope, ctx.tenantId, sql`u.id`);
}

interface Computed { person: PersonRow; statement: Statement; outcomes: OutcomeRow[]; outflows: OutflowRow[]; otherCurrency: number }

/** Statements of every person given, from five set-based reads. */
async function computeAll(q: Queryable, plan: PlanRow, people: PersonRow[]): Promise<Computed[]> {
  if (people.length === 0) return [];
  const ids = people.map((p) => p.id);
  // One after another: a transaction's queries cannot overlap on its connection anyway.
  const outcomes = await outcomesOfPeriod(q, plan, ids);
  const outflows = await outflowsOfPeriod(q, plan, ids);
  const activity = await activityOfPeriod(q, plan, ids);
  const scores = await scoresOfPlan(q, plan);
  const byUser = new Map<string, OutcomeRow[]>();
  for (const o of outcomes) byUser.set(o.claimed_by, [...(byUser.get(o.claimed_by) ?? []), o]);
  const flowsByUser = new Map<string, OutflowRow[]>();
  for (const f of outflows) flowsByUser.set(f.user_id, [...(flowsByUser.get(f.user_id) ?? []), f]);
  const currency = (plan.rules as Plan).currency;
  const act = new Map(activity.map((a) => [a.user_id, a]));
  const score = new Map(scores.map((s) => [s.user_id, s.score]));
  return people.map((person) => {
    const rows = byUser.get(person.id) ?? [];
    const inputs: OutcomeIn[] = rows.map((o) => ({
      id: o.id, kind: o.kind, status: o.status as OutcomeStatus, at: new Date(o.claimed_at).toISOString(),
      claimedCents: o.amount === null ? null : parseCents(o.amount), verifiedCents: o.amount_verified === null ? null : parseCents(o.amount_verified),
    }));
    // Without exchange rates only outflows in the plan's currency can be netted; the others are
    // reported as not counted rather than silently mixed in.
    const flows = flowsByUser.get(person.id) ?? [];
    const counted = flows.filter((f) => f.currency === currency);
    const outflowInputs: OutflowIn[] = counted.map((f) => ({ id: f.id, kind: f.kind, cents: parseCents(f.amount), at: `${f.booked_on}T00:00:00.000Z` }));
    const a = act.get(person.id);
    const statement = computeStatement(plan.rules as Plan, inputs, {
      managerScore: score.get(person.id) ?? null, followUpsDue: a?.due ?? 0, followUpsOnTime: a?.on_time ?? 0, interactions: a?.interactions ?? 0,
    }, outflowInputs);
    return { person, statement, outcomes: rows, outflows: counted, otherCurrency: flows.length - counted.length };
  });
}

function present(plan: PlanRow, c: Computed): StatementOut {
  const s = c.statement;
  const byId = new Map(c.outcomes.map((o) => [o.id, o]));
  const flowById = new Map(c.outflows.map((f) => [f.id, f]));
  const notCounted: Record<string, number> = {};
  for (const o of c.outcomes) if (o.status !== 'verified' && o.status !== 'partially_verified') notCounted[o.status] = (notCounted[o.status] ?? 0) + 1;
  if (c.otherCurrency) notCounted['outflows_in_other_currencies'] = c.otherCurrency;
  return {
    plan: { id: plan.id, name: plan.name, periodStart: plan.periodStart, periodEnd: plan.periodEnd },
    user: c.person, currency: s.currency, total: units(s.totalCents),
    assets: {
      verified: units(s.assets.verifiedCents), inflows: units(s.assets.inflowCents), outflows: units(s.assets.outflowCents), threshold: units(s.assets.thresholdCents), reached: s.assets.reached,
      cap: s.assets.capCents === null ? null : units(s.assets.capCents), capped: s.assets.capped, amount: units(s.assets.amountCents),
      bands: s.assets.bands.map((b) => ({ upTo: b.upTo, bps: b.bps, volume: units(b.volumeCents) })),
    },
    bonuses: s.bonuses.map((b) => ({ kind: b.kind, count: b.count, amount: units(b.amountCents), capped: b.capped })),
    subjective: s.subjective ? (({ amountCents, ...rest }) => ({ ...rest, amount: units(amountCents) }))(s.subjective) : null,
    lines: s.lines.map((l) => {
      const common = {
        component: l.component, outcomeId: l.outcomeId, transactionId: l.transactionId, kind: l.kind, status: l.status,
        claimed: l.claimedCents === null ? null : units(l.claimedCents), counted: units(l.countedCents), amount: units(l.amountCents),
        ...(l.bandVolumes ? { bandVolumes: l.bandVolumes.map(units) } : {}), ...(l.note ? { note: l.note } : {}),
      };
      if (l.outcomeId === null) {
        const f = flowById.get(l.transactionId!)!;
        return { ...common, accountId: f.account_id, interactionId: null, contactId: f.contact_id, claimedAt: null, bookedOn: f.booked_on, decidedAt: null, decidedBy: null };
      }
      const o = byId.get(l.outcomeId)!;
      return {
        ...common, accountId: null, interactionId: o.interaction_id, contactId: o.contact_id, claimedAt: iso(o.claimed_at), bookedOn: null,
        decidedAt: iso(o.decided_at), decidedBy: o.decided_by,
      };
    }),
    notCounted,
  };
}

/** One person's statement for a plan, with every outcome behind every amount. */
export async function getStatement(ctx: Ctx, planId: string, userId: string): Promise<StatementOut> {
  const scope = scopeOf(ctx);
  const plan = await loadPlan(ctx, planId);
  return readInTenant(ctx, async (q) => {
    const people = await peopleOfPlan(q, plan, scope, userId);
    if (people.length === 0) throw notFound('Statement');
    const [c] = await computeAll(q, plan, people);
    return present(plan, c!);
  });
}

/** Totals of every statement of a plan the caller may see. */
export async function listStatements(ctx: Ctx, planId: string): Promise<{ plan: { id: string; name: string; periodStart: string; periodEnd: string }; data: StatementSummary[] }> {
  const scope = scopeOf(ctx);
  const plan = await loadPlan(ctx, planId);
  const all = await readInTenant(ctx, async (q) => computeAll(q, plan, await peopleOfPlan(q, plan, scope)));
  return {
    plan: { id: plan.id, name: plan.name, periodStart: plan.periodStart, periodEnd: plan.periodEnd },
    data: all.map(({ person, statement: s }) => ({
      userId: person.id, name: person.name, currency: s.currency, assets: units(s.assets.amountCents),
      bonuses: units(s.bonuses.reduce((x, b) => x + b.amountCents, 0)), subjective: units(s.subjective?.amountCents ?? 0), total: units(s.totalCents),
      verifiedAssets: units(s.assets.verifiedCents), outflows: units(s.assets.outflowCents), countedOutcomes: s.lines.filter((l) => l.outcomeId !== null).length,
    })),
  };
}
