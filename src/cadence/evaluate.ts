// The cadence evaluation as one set-based query: every client in each active policy's scope, its
// last contact of the policy's kinds, the contacts inside the minimum interval and the last day
// inside the maximum interval, all counted in whole local days of the client's own time zone (so a
// daylight-saving change never moves a due date by an hour). Used by the nightly run (written to
// cadence_statuses), by a contact's cadence panel and by the warning on a new interaction.
import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { rowsOf, textArray, uuidArray } from '../db/sql.ts';
import type { CadenceState } from './tables.ts';

export interface EvaluatedRow {
  policy_id: string;
  contact_id: string;
  owner_id: string | null;
  team_id: string | null;
  tz: string;
  last_at: Date | string | null;
  recent: number;
  due_on: string | null;
  next_allowed_on: string | null;
  status: Exclude<CadenceState, 'inactive'>;
}

export interface ZoneSettings {
  /** Every zone name this PostgreSQL knows (a client's unknown zone falls back to the default). */
  known: readonly string[];
  /** The tenant's zone, for clients with none. */
  fallback: string;
}

/**
 * Clients under active policies (one row per client and policy), each with its time zone. The
 * scope kinds are separate arms of a UNION ALL so each joins on an index rather than an OR.
 */
function membersSql(tenantId: string, zones: ZoneSettings, contactFilter?: SQL): SQL {
  const t = sql`${tenantId}::uuid`;
  const only = contactFilter ? sql`and ${contactFilter}` : sql``;
  const cols = sql`p.id as policy_id, c.id as contact_id, c.owner_id, c.team_id, c.enrichment -> 'timeZone' ->> 'value' as raw_tz`;
  return sql`
    pol as (select * from cadence_policies where tenant_id = ${t} and active),
    raw as (
      select ${cols} from pol p join contacts c on c.tenant_id = ${t} and p.scope_kind = 'all' ${only}
      union all
      select ${cols} from pol p join contacts c on c.tenant_id = ${t} and p.scope_kind = 'tier' and c.tier = p.scope_value ${only}
      union all
      select ${cols} from pol p join contacts c on c.tenant_id = ${t} and p.scope_kind = 'relationship' and c.lifecycle_stage = p.scope_value ${only}
      union all
      select ${cols} from pol p
        join contact_categories cc on cc.tenant_id = ${t} and p.scope_kind = 'segment' and cc.category_id::text = p.scope_value
        join contacts c on c.tenant_id = ${t} and c.id = cc.contact_id ${only}
    ),
    zones as (select unnest(${textArray(zones.known)}) as name),
    members as (
      select r.policy_id, r.contact_id, r.owner_id, r.team_id, coalesce(z.name, ${zones.fallback}) as tz
      from raw r left join zones z on z.name = r.raw_tz
    )`;
}

/**
 * The evaluation as of `asOf` (interactions after it are ignored), optionally for some contacts only.
 * Interactions are first reduced to each client's last contact per kind (one hash join over all
 * of them, however many policies there are), then each policy takes the latest of its kinds; the
 * minimum interval only needs the last few days' interactions, read through the date index. Both
 * are MATERIALIZED: inlined, the planner re-ran the big aggregate once per policy (nested loop).
 */
export function evaluationSql(tenantId: string, asOf: Date, zones: ZoneSettings, contactIds?: readonly string[]): SQL {
  const t = sql`${tenantId}::uuid`;
  const at = sql`${asOf.toISOString()}::timestamptz`;
  const only = contactIds ? sql`and ip.contact_id = any(${uuidArray(contactIds)})` : sql``;
  return sql`
    with ${membersSql(tenantId, zones, contactIds ? sql`c.id = any(${uuidArray(contactIds)})` : undefined)},
    by_kind as materialized (
      select ip.contact_id, i.kind, max(i.occurred_at) as last_at
      from interaction_participants ip
      join interactions i on i.tenant_id = ${t} and i.id = ip.interaction_id
      where ip.tenant_id = ${t} and ip.contact_id is not null and i.occurred_at <= ${at} ${only}
      group by ip.contact_id, i.kind
    ),
    recent as materialized (
      select ip.contact_id, i.kind, i.occurred_at
      from interactions i
      join interaction_participants ip on ip.tenant_id = ${t} and ip.interaction_id = i.id and ip.contact_id is not null
      where i.tenant_id = ${t} and i.occurred_at <= ${at} ${only}
        and i.occurred_at > ${at} - make_interval(days => (select coalesce(max(min_interval_days), 0) + 2 from pol))
    ),
    last_touch as (
      select m.policy_id, m.contact_id, max(k.last_at) as last_at
      from members m join pol p on p.id = m.policy_id
      join by_kind k on k.contact_id = m.contact_id and (p.kinds is null or k.kind = any(p.kinds))
      group by m.policy_id, m.contact_id
    ),
    recent_touches as (
      select m.policy_id, m.contact_id, count(*)::int as recent
      from members m join pol p on p.id = m.policy_id and p.min_interval_days is not null
      join recent r on r.contact_id = m.contact_id and (p.kinds is null or r.kind = any(p.kinds))
      where (r.occurred_at at time zone m.tz)::date > (${at} at time zone m.tz)::date - p.min_interval_days
      group by m.policy_id, m.contact_id
    ),
    judged as (
      select m.policy_id, m.contact_id, m.owner_id, m.team_id, m.tz, l.last_at, coalesce(r.recent, 0) as recent,
        (${at} at time zone m.tz)::date as today,
        case when p.max_interval_days is not null
          then (greatest(l.last_at, p.effective_from) at time zone m.tz)::date + p.max_interval_days end as due_on,
        case when p.min_interval_days is not null and l.last_at is not null
          then (l.last_at at time zone m.tz)::date + p.min_interval_days end as next_allowed_on
      from members m join pol p on p.id = m.policy_id
      left join last_touch l on l.policy_id = m.policy_id and l.contact_id = m.contact_id
      left join recent_touches r on r.policy_id = m.policy_id and r.contact_id = m.contact_id
    )
    select policy_id, contact_id, owner_id, team_id, tz, last_at, recent, due_on::text, next_allowed_on::text,
      case when due_on < today then 'overdue' when recent >= 2 then 'over_contacted' else 'ok' end as status
    from judged`;
}

export const evaluate = (q: Queryable, tenantId: string, asOf: Date, zones: ZoneSettings, contactIds?: readonly string[]) =>
  rowsOf<EvaluatedRow>(q, evaluationSql(tenantId, asOf, zones, contactIds));

export interface WarningRow {
  interaction_id: string;
  contact_id: string;
  policy_id: string;
  policy_name: string;
  min_interval_days: number;
  other_at: Date | string;
  other_on: string;
  tz: string;
}

/**
 * For new interactions: each (interaction, client, policy with a minimum interval and this kind)
 * where another contact of the policy's kinds falls fewer than min days away in the client's
 * local calendar; the closest such contact is named.
 */
export function warningsSql(tenantId: string, interactionIds: readonly string[], zones: ZoneSettings): SQL {
  const t = sql`${tenantId}::uuid`;
  return sql`
    with news as (
      select i.id, i.kind, i.occurred_at, ip.contact_id from interactions i
      join interaction_participants ip on ip.tenant_id = ${t} and ip.interaction_id = i.id and ip.contact_id is not null
      where i.tenant_id = ${t} and i.id = any(${uuidArray(interactionIds)})
    ),
    ${membersSql(tenantId, zones, sql`c.id in (select contact_id from news)`)}
    select distinct on (n.id, n.contact_id, p.id) n.id as interaction_id, n.contact_id, p.id as policy_id, p.name as policy_name,
      p.min_interval_days, o.occurred_at as other_at,
      (o.occurred_at at time zone m.tz)::date::text as other_on, m.tz
    from news n
    join members m on m.contact_id = n.contact_id
    join pol p on p.id = m.policy_id and p.min_interval_days is not null and (p.kinds is null or n.kind = any(p.kinds))
    join interaction_participants op on op.tenant_id = ${t} and op.contact_id = n.contact_id and op.interaction_id <> n.id
    join interactions o on o.tenant_id = ${t} and o.id = op.interaction_id and (p.kinds is null or o.kind = any(p.kinds))
    where abs((o.occurred_at at time zone m.tz)::date - (n.occurred_at at time zone m.tz)::date) < p.min_interval_days
    order by n.id, n.contact_id, p.id, abs(extract(epoch from o.occurred_at - n.occurred_at))`;
}
