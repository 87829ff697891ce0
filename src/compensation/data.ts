// What a statement is computed from, read for many reps at once (a quarter for 500 reps is five
// queries, not 2,500): the people a plan covers, their outcomes of the period with each outcome's
// current decision (its latest: a correction replaces what it corrects), the outflows on their
// clients' accounts (net new assets are defined at outflowsOfPeriod), their activity and follow-up
// timeliness, and the managers' scores.
import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { rowsOf, uuidArray } from '../db/sql.ts';
import { compensationPlans } from './tables.ts';

export type PlanRow = typeof compensationPlans.$inferSelect;

/** [start, end) of a plan's period as UTC instants. */
const bounds = (plan: PlanRow) => ({
  from: sql`(${plan.periodStart}::date)::timestamp at time zone 'UTC'`,
  to: sql`(${plan.periodEnd}::date + 1)::timestamp at time zone 'UTC'`,
});

export interface PersonRow { id: string; name: string }

/** Active reps and managers the plan covers (its team's members, or everyone), limited by `scope`. */
export const peopleOfPlan = (q: Queryable, plan: PlanRow, scope: SQL, only?: string) => rowsOf<PersonRow>(q, sql`
  select u.id, u.name from users u
  where u.tenant_id = ${plan.tenantId}::uuid and u.active and u.role in ('rep', 'manager') and ${scope}
    ${plan.teamId ? sql`and u.id in (select m.user_id from team_members m where m.tenant_id = ${plan.tenantId}::uuid and m.team_id = ${plan.teamId}::uuid)` : sql``}
    ${only ? sql`and u.id = ${only}::uuid` : sql``}
  order by u.name, u.id`);

export interface OutcomeRow {
  id: string; kind: string; claimed_by: string; amount: string | null; claimed_at: Date | string; interaction_id: string; contact_id: string;
  status: string; amount_verified: string | null; decided_at: Date | string | null; decided_by: string | null;
}

export const outcomesOfPeriod = (q: Queryable, plan: PlanRow, userIds: readonly string[]) => {
  const { from, to } = bounds(plan);
  return rowsOf<OutcomeRow>(q, sql`
    select o.id, o.kind, o.claimed_by, coalesce(o.amount, o.expected_fee)::text as amount, o.claimed_at, o.interaction_id, o.contact_id,
      d.status, d.amount_verified::text, d.decided_at, d.decided_by
    from outcomes o
    join lateral (select d.status, d.amount_verified, d.decided_at, d.decided_by from outcome_decisions d
      where d.tenant_id = o.tenant_id and d.outcome_id = o.id order by d.seq desc limit 1) d on true
    where o.tenant_id = ${plan.tenantId}::uuid and o.claimed_by = any(${uuidArray(userIds)})
      and o.claimed_at >= ${from} and o.claimed_at < ${to}
    order by o.claimed_at, o.id`);
};

export interface OutflowRow {
  id: string; user_id: string; account_id: string; contact_id: string; kind: string; amount: string; currency: string; booked_on: string;
}

/**
 * Net new assets, the outflow side. NNA for a rep and period = verified inflows less outflows on
 * the accounts of the rep's clients in the period:
 * - inflows are deposits and transfers in as a controller verified them: the counted amount of the
 *   rep's verified (or partly verified) outcomes of the plan's asset kinds claimed in the period
 *   (outcomesOfPeriod). A deposit nobody claimed, or whose claim is not verified, adds nothing:
 *   unverified outcomes never count;
 * - outflows are every withdrawal and transfer out booked in the period (booked_on inside the
 *   plan's days) on an account owned by one of the rep's clients (contacts the rep owns now), or
 *   by a household one of them belongs to. They come from the system of record, so they need no
 *   verification. An account shared by clients of two reps lowers both reps' NNA; one rep's several
 *   clients on one account count it once (the line names the first of those clients).
 * Rows in every currency come back; the service counts those in the plan's currency.
 */
export const outflowsOfPeriod = (q: Queryable, plan: PlanRow, userIds: readonly string[]) => {
  const t = sql`${plan.tenantId}::uuid`;
  return rowsOf<OutflowRow>(q, sql`
    with mine as (select c.id, c.owner_id from contacts c where c.tenant_id = ${t} and c.owner_id = any(${uuidArray(userIds)})),
    links as (
      select ao.account_id, m.owner_id as user_id, m.id as contact_id from account_owners ao
      join mine m on m.id = ao.contact_id where ao.tenant_id = ${t}
      union all
      select ao.account_id, m.owner_id, m.id from account_owners ao
      join household_members hm on hm.tenant_id = ${t} and hm.household_id = ao.household_id
      join mine m on m.id = hm.contact_id where ao.tenant_id = ${t}),
    acc as (select account_id, user_id, min(contact_id::text)::uuid as contact_id from links group by account_id, user_id)
    select x.id, acc.user_id, x.account_id, acc.contact_id, x.kind, x.amount::text as amount, x.currency, x.booked_on::text as booked_on
    from acc join transactions x on x.tenant_id = ${t} and x.account_id = acc.account_id
    where x.kind in ('withdrawal', 'transfer_out') and x.booked_on between ${plan.periodStart}::date and ${plan.periodEnd}::date
    order by x.booked_on, x.id`);
};

export interface ActivityRow { user_id: string; interactions: number; due: number; on_time: number }

/** Interactions owned in the period; follow-up tasks that fell due in it (by now) and those done in time. */
export const activityOfPeriod = (q: Queryable, plan: PlanRow, userIds: readonly string[]) => {
  const { from, to } = bounds(plan);
  const t = sql`${plan.tenantId}::uuid`;
  return rowsOf<ActivityRow>(q, sql`
    with u as (select unnest(${uuidArray(userIds)}) as id),
    i as (select i.owner_id, count(*)::int as n from interactions i
      where i.tenant_id = ${t} and i.owner_id = any(${uuidArray(userIds)}) and i.occurred_at >= ${from} and i.occurred_at < ${to} group by i.owner_id),
    k as (select k.assignee_id, count(*)::int as due,
        count(*) filter (where k.completed_at is not null and k.completed_at <= k.due_at)::int as on_time
      from tasks k where k.tenant_id = ${t} and k.assignee_id = any(${uuidArray(userIds)}) and k.status <> 'cancelled'
        and k.due_at >= ${from} and k.due_at < least(${to}, now()) group by k.assignee_id)
    select u.id as user_id, coalesce(i.n, 0) as interactions, coalesce(k.due, 0) as due, coalesce(k.on_time, 0) as on_time
    from u left join i on i.owner_id = u.id left join k on k.assignee_id = u.id`);
};

export const scoresOfPlan = (q: Queryable, plan: PlanRow) => rowsOf<{ user_id: string; score: number }>(q, sql`
  select user_id, score from compensation_scores where tenant_id = ${plan.tenantId}::uuid and plan_id = ${plan.id}::uuid`);
