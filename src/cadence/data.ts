// Cadence rows in and out of PostgreSQL: the statuses an evaluation writes (one upsert from the
// evaluation query, one update for clients that left a scope), the overdue clients still without an
// open follow-up task, and compliance counted per book. Every statement names its tenant.
import { sql, type SQL } from 'drizzle-orm';
import type { Queryable, Tx } from '../db/client.ts';
import { rowsOf, uuidArray } from '../db/sql.ts';
import { evaluationSql, type ZoneSettings } from './evaluate.ts';
import { cadencePolicies, cadenceRuns } from './tables.ts';

export type PolicyRow = typeof cadencePolicies.$inferSelect;

/** One evaluation at a time per tenant: a second run waits, then finds the first one's tasks. */
export async function lockTenantCadence(tx: Tx, tenantId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`cadence:${tenantId}`}))`);
}

/**
 * Writes every client's status under every active policy; answers counts by status. The evaluation
 * lands in a transaction-local temporary table first, so only statuses that changed are written
 * (a steady night rewrites a few thousand rows, not the whole book) and clients that left a scope
 * are found by one anti-join. A large work_mem keeps the per-kind aggregate of every interaction
 * in memory rather than spilling it in partitions to disk.
 */
export async function writeStatuses(tx: Tx, tenantId: string, runId: string, asOf: Date, zones: ZoneSettings): Promise<Record<string, number>> {
  const t = sql`${tenantId}::uuid`;
  const now = sql`${new Date().toISOString()}::timestamptz`;
  await tx.execute(sql`set local work_mem = '256MB'`);
  await tx.execute(sql`create temporary table cadence_eval on commit drop as ${evaluationSql(tenantId, asOf, zones)}`);
  await tx.execute(sql`analyze cadence_eval`);
  await tx.execute(sql`
    insert into cadence_statuses as s (tenant_id, policy_id, contact_id, owner_id, team_id, status, time_zone, last_contact_at,
      recent_contacts, due_on, run_id, evaluated_at)
    select ${t}, e.policy_id, e.contact_id, e.owner_id, e.team_id, e.status, e.tz, e.last_at, e.recent, e.due_on::date, ${runId}::uuid, ${now}
    from cadence_eval e
    on conflict (tenant_id, policy_id, contact_id) do update set
      owner_id = excluded.owner_id, team_id = excluded.team_id, status = excluded.status, time_zone = excluded.time_zone,
      last_contact_at = excluded.last_contact_at, recent_contacts = excluded.recent_contacts, due_on = excluded.due_on,
      run_id = excluded.run_id, evaluated_at = excluded.evaluated_at
    where (s.owner_id, s.team_id, s.status, s.time_zone, s.last_contact_at, s.recent_contacts, s.due_on)
      is distinct from (excluded.owner_id, excluded.team_id, excluded.status, excluded.time_zone, excluded.last_contact_at, excluded.recent_contacts, excluded.due_on)`);
  // Clients no longer in a policy's scope (or under a paused policy) keep their row and task link.
  await tx.execute(sql`update cadence_statuses s set status = 'inactive', run_id = ${runId}::uuid, evaluated_at = ${now}
    where s.tenant_id = ${t} and s.status <> 'inactive'
      and not exists (select 1 from cadence_eval e where e.policy_id = s.policy_id and e.contact_id = s.contact_id)`);
  const counts = await rowsOf<{ status: string; n: number }>(tx, sql`
    select status, count(*)::int as n from cadence_eval group by status
    union all select 'inactive', count(*)::int from cadence_statuses where tenant_id = ${t} and status = 'inactive'`);
  return Object.fromEntries(counts.map((c) => [c.status, c.n]));
}

export async function recordRun(tx: Tx, tenantId: string, run: { id: string; asOf: Date; startedAt: Date; counts: Record<string, number>; createdBy: string | null }) {
  await tx.insert(cadenceRuns).values({ tenantId, id: run.id, asOf: run.asOf, startedAt: run.startedAt, finishedAt: new Date(), counts: run.counts, createdBy: run.createdBy });
}

export interface FollowUpNeed {
  policy_id: string;
  contact_id: string;
  owner_id: string | null;
  team_id: string | null;
  due_on: string;
  policy_name: string;
  display_name: string;
}

/** Overdue clients of this run (still in cadence_eval) whose policy has no open follow-up task for them. */
export const followUpsNeeded = (tx: Tx, tenantId: string) => rowsOf<FollowUpNeed>(tx, sql`
  select e.policy_id, e.contact_id, e.owner_id, e.team_id, e.due_on::text, p.name as policy_name, c.display_name
  from cadence_eval e
  join cadence_statuses s on s.tenant_id = ${tenantId}::uuid and s.policy_id = e.policy_id and s.contact_id = e.contact_id
  join cadence_policies p on p.tenant_id = s.tenant_id and p.id = s.policy_id
  join contacts c on c.tenant_id = s.tenant_id and c.id = s.contact_id
  left join tasks k on k.tenant_id = s.tenant_id and k.id = s.task_id
  where e.status = 'overdue' and (k.id is null or k.status <> 'open')
  order by e.contact_id, e.policy_id`);

export async function linkTasks(tx: Tx, tenantId: string, links: Array<{ policyId: string; contactId: string; taskId: string }>): Promise<void> {
  for (let i = 0; i < links.length; i += 5000) {
    await tx.execute(sql`update cadence_statuses s set task_id = v."taskId"
      from json_to_recordset(${JSON.stringify(links.slice(i, i + 5000))}::json) as v("policyId" uuid, "contactId" uuid, "taskId" uuid)
      where s.tenant_id = ${tenantId}::uuid and s.policy_id = v."policyId" and s.contact_id = v."contactId"`);
  }
}

export interface StoredStatus { policy_id: string; status: string; task_id: string | null; task_open: boolean }

export const statusesOfContact = (q: Queryable, tenantId: string, contactId: string) => rowsOf<StoredStatus>(q, sql`
  select s.policy_id, s.status, s.task_id, coalesce(k.status = 'open', false) as task_open from cadence_statuses s
  left join tasks k on k.tenant_id = s.tenant_id and k.id = s.task_id
  where s.tenant_id = ${tenantId}::uuid and s.contact_id = ${contactId}::uuid`);

export type PeopleScope = { kind: 'all' } | { kind: 'team'; userId: string; teamIds: readonly string[] } | { kind: 'own'; userId: string };

/** Limits rows with owner and team columns to the people a scope reaches. */
export function peopleScopeSql(scope: PeopleScope, tenantId: string, ownerCol: SQL, teamCol?: SQL): SQL {
  if (scope.kind === 'all') return sql`true`;
  if (scope.kind === 'own') return sql`${ownerCol} = ${scope.userId}::uuid`;
  const teams = uuidArray(scope.teamIds);
  const members = sql`select m.user_id from team_members m where m.tenant_id = ${tenantId}::uuid and m.team_id = any(${teams})`;
  return sql`(${ownerCol} = ${scope.userId}::uuid or ${ownerCol} in (${members})${teamCol ? sql` or ${teamCol} = any(${teams})` : sql``})`;
}

export interface ComplianceDbRow { id: string | null; name: string | null; clients: number; inside: number; overdue: number; over_contacted: number }

/** Clients (not client-policy pairs) inside every policy they fall under, per owner or team. */
export function complianceRows(q: Queryable, tenantId: string, groupBy: 'rep' | 'team', scope: PeopleScope): Promise<ComplianceDbRow[]> {
  const t = sql`${tenantId}::uuid`;
  const key = groupBy === 'rep' ? sql`owner_id` : sql`team_id`;
  const names = groupBy === 'rep'
    ? sql`left join users u on u.tenant_id = ${t} and u.id = g.id`
    : sql`left join teams u on u.tenant_id = ${t} and u.id = g.id`;
  return rowsOf<ComplianceDbRow>(q, sql`
    with per_client as (
      select s.contact_id, s.owner_id, s.team_id, bool_or(s.status = 'overdue') as overdue, bool_or(s.status = 'over_contacted') as over
      from cadence_statuses s
      where s.tenant_id = ${t} and s.status <> 'inactive' and ${peopleScopeSql(scope, tenantId, sql`s.owner_id`, sql`s.team_id`)}
      group by s.contact_id, s.owner_id, s.team_id
    ),
    g as (
      select ${key} as id, count(*)::int as clients, count(*) filter (where not overdue and not over)::int as inside,
        count(*) filter (where overdue)::int as overdue, count(*) filter (where over)::int as over_contacted
      from per_client group by ${key}
    )
    select g.id, u.name, g.clients, g.inside, g.overdue, g.over_contacted from g ${names} order by u.name nulls last, g.id`);
}

export async function lastEvaluatedAt(q: Queryable, tenantId: string): Promise<Date | null> {
  const [row] = await rowsOf<{ at: Date | string | null }>(q, sql`select max(finished_at) as at from cadence_runs where tenant_id = ${tenantId}::uuid`);
  return row?.at ? new Date(row.at) : null;
}
