// The reports' set-based reads. Each names its tenant and takes the caller's people scope as SQL
// over the column that says whose a row is (interaction owner, outcome claimant).
import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { rowsOf } from '../db/sql.ts';

/** [from, to] as UTC instants: from midnight of `from` to midnight after `to`. */
const span = (from: string, to: string) => ({
  start: sql`(${from}::date)::timestamp at time zone 'UTC'`,
  end: sql`(${to}::date + 1)::timestamp at time zone 'UTC'`,
});

export const activityRows = (q: Queryable, tenantId: string, from: string, to: string, tz: string, scope: SQL) => {
  const { start, end } = span(from, to);
  return rowsOf<{ user_id: string | null; name: string | null; kind: string; week: string; n: number }>(q, sql`
    select u.id as user_id, usr.name, u.kind, u.week, u.n from (
      select i.owner_id as id, i.kind, date_trunc('week', i.occurred_at at time zone ${tz})::date::text as week, count(*)::int as n
      from interactions i
      where i.tenant_id = ${tenantId}::uuid and i.occurred_at >= ${start} and i.occurred_at < ${end} and ${scope}
      group by 1, 2, 3) u
    left join users usr on usr.tenant_id = ${tenantId}::uuid and usr.id = u.id
    order by u.week, usr.name nulls last, u.id, u.kind`);
};

export interface OutcomeStatRow {
  user_id: string; name: string | null; kind: string; claimed: number; verified: number; partially_verified: number; rejected: number; lapsed: number;
  pending: number; claimed_amount: string; verified_amount: string; lag_avg: number | null; lag_median: number | null;
}

/** Outcomes claimed in the period by rep and kind: where they stand now and how long verification took. */
export const outcomeStats = (q: Queryable, tenantId: string, from: string, to: string, scope: SQL) => {
  const { start, end } = span(from, to);
  const t = sql`${tenantId}::uuid`;
  return rowsOf<OutcomeStatRow>(q, sql`
    with o as (
      select o.id, o.claimed_by, o.kind, o.claimed_at, coalesce(o.amount, o.expected_fee, 0) as amount, cur.status, cur.amount_verified,
        (select min(v.decided_at) from outcome_decisions v where v.tenant_id = ${t} and v.outcome_id = o.id
          and v.status in ('verified', 'partially_verified')) as first_verified_at
      from outcomes o
      join lateral (select d.status, d.amount_verified from outcome_decisions d where d.tenant_id = ${t} and d.outcome_id = o.id
        order by d.seq desc limit 1) cur on true
      where o.tenant_id = ${t} and o.claimed_at >= ${start} and o.claimed_at < ${end} and ${scope})
    select o.claimed_by as user_id, u.name, o.kind, count(*)::int as claimed,
      count(*) filter (where o.status = 'verified')::int as verified,
      count(*) filter (where o.status = 'partially_verified')::int as partially_verified,
      count(*) filter (where o.status = 'rejected')::int as rejected,
      count(*) filter (where o.status = 'lapsed')::int as lapsed,
      count(*) filter (where o.status = 'claimed')::int as pending,
      sum(o.amount)::text as claimed_amount,
      coalesce(sum(case when o.status = 'verified' then coalesce(o.amount_verified, o.amount)
        when o.status = 'partially_verified' then o.amount_verified end), 0)::text as verified_amount,
      round((avg(extract(epoch from o.first_verified_at - o.claimed_at)) filter (where o.status in ('verified', 'partially_verified')) / 86400)::numeric, 2)::float8 as lag_avg,
      round((percentile_cont(0.5) within group (order by extract(epoch from o.first_verified_at - o.claimed_at))
        filter (where o.status in ('verified', 'partially_verified')) / 86400)::numeric, 2)::float8 as lag_median
    from o left join users u on u.tenant_id = ${t} and u.id = o.claimed_by
    group by o.claimed_by, u.name, o.kind
    order by u.name nulls last, o.claimed_by, o.kind`);
};

export interface VerifiedOutcomeRow { id: string; kind: string; contact_id: string; counted: string; month: string }

/** Outcomes claimed in the period that stand verified (fully or partly) now, with what they count for. */
export const verifiedOutcomes = (q: Queryable, tenantId: string, from: string, to: string, scope: SQL) => {
  const { start, end } = span(from, to);
  const t = sql`${tenantId}::uuid`;
  return rowsOf<VerifiedOutcomeRow>(q, sql`
    select o.id, o.kind, o.contact_id, to_char(o.claimed_at at time zone 'UTC', 'YYYY-MM') as month,
      (case when cur.status = 'partially_verified' then cur.amount_verified else coalesce(cur.amount_verified, o.amount, o.expected_fee, 0) end)::text as counted
    from outcomes o
    join lateral (select d.status, d.amount_verified from outcome_decisions d where d.tenant_id = ${t} and d.outcome_id = o.id
      order by d.seq desc limit 1) cur on true
    where o.tenant_id = ${t} and o.claimed_at >= ${start} and o.claimed_at < ${end} and ${scope}
      and cur.status in ('verified', 'partially_verified')`);
};

export interface CampaignCostRow { id: string; name: string; type: string; month: string | null; cost: string }

/** Every campaign with its cost lines incurred in the period (undated lines count in full), by month. */
export const campaignCosts = (q: Queryable, tenantId: string, from: string, to: string) => rowsOf<CampaignCostRow>(q, sql`
  select c.id, c.name, c.type, to_char(coalesce(k.incurred_on, c.starts_on), 'YYYY-MM') as month, coalesce(sum(k.amount), 0)::text as cost
  from campaigns c
  left join campaign_costs k on k.tenant_id = c.tenant_id and k.campaign_id = c.id
    and (k.incurred_on is null or k.incurred_on between ${from}::date and ${to}::date)
  where c.tenant_id = ${tenantId}::uuid
  group by c.id, c.name, c.type, 4
  order by c.name, c.id, 4`);
