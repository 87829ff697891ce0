// Outcome rows in and out of PostgreSQL: each outcome with its decision history (and the evidence
// each decision linked) in one query; the current status as the latest decision; the reporting
// line separation of duties walks; which outcomes a transaction is already evidence for.
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { inIdOrder, qualified, rowsOf, uuidArray } from '../db/sql.ts';
import { decisionTransactions, outcomeDecisions, outcomes, type OutcomeStatus } from './tables.ts';

export type OutcomeRow = typeof outcomes.$inferSelect;
export interface DecisionRow {
  id: string; seq: number; status: OutcomeStatus; amountVerified: string | null; reason: string | null; evidence: string | null;
  transactionIds: string[]; correctsId: string | null; decidedBy: string | null; decidedAt: string;
}
export type OutcomeWithDecisions = OutcomeRow & { decisions: DecisionRow[] };

const T = qualified(outcomes.tenantId);
const ID = qualified(outcomes.id);

/** The current status: the latest decision (the unique (outcome, seq) index answers it). */
export const statusSql = sql<OutcomeStatus>`(select d.status from ${outcomeDecisions} d where d.tenant_id = ${T} and d.outcome_id = ${ID} order by d.seq desc limit 1)`;

const decisionsColumn = sql<DecisionRow[]>`coalesce((select json_agg(json_build_object(
    'id', d.id, 'seq', d.seq, 'status', d.status, 'amountVerified', d.amount_verified::text, 'reason', d.reason, 'evidence', d.evidence,
    'transactionIds', coalesce((select json_agg(l.transaction_id order by l.transaction_id) from ${decisionTransactions} l
      where l.tenant_id = d.tenant_id and l.decision_id = d.id), '[]'::json),
    'correctsId', d.corrects_id, 'decidedBy', d.decided_by, 'decidedAt', d.decided_at) order by d.seq)
  from ${outcomeDecisions} d where d.tenant_id = ${T} and d.outcome_id = ${ID}), '[]'::json)`;

export async function selectOutcomes(q: Queryable, tenantId: string, where: SQL | undefined, order: SQL[], limit: number): Promise<OutcomeWithDecisions[]> {
  const rows = await q.select({ o: outcomes, decisions: decisionsColumn }).from(outcomes)
    .where(and(eq(outcomes.tenantId, tenantId), where)).orderBy(...order).limit(limit);
  return rows.map(({ o, decisions }) => ({ ...o, decisions }));
}

export async function outcomesByIds(q: Queryable, tenantId: string, ids: string[]): Promise<OutcomeWithDecisions[]> {
  if (ids.length === 0) return [];
  return inIdOrder(ids, await selectOutcomes(q, tenantId, inArray(outcomes.id, ids), [], ids.length));
}

/** The user's managers, nearest first (users.manager_id upwards; a cycle stops at 20 levels). */
export async function managerChain(q: Queryable, tenantId: string, userId: string): Promise<string[]> {
  const rows = await rowsOf<{ id: string }>(q, sql`with recursive up(id, depth) as (
      select manager_id, 1 from users where tenant_id = ${tenantId}::uuid and id = ${userId}::uuid and manager_id is not null
      union all
      select u.manager_id, up.depth + 1 from users u join up on u.tenant_id = ${tenantId}::uuid and u.id = up.id
      where u.manager_id is not null and up.depth < 20)
    select id from up order by depth`);
  return rows.map((r) => r.id);
}

/** For each transaction, the outcomes (other than `except`) a decision already linked it to. */
export async function evidenceLinks(q: Queryable, tenantId: string, transactionIds: string[], except: string): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (transactionIds.length === 0) return out;
  const rows = await rowsOf<{ transaction_id: string; outcome_id: string }>(q, sql`select distinct l.transaction_id, d.outcome_id
    from ${decisionTransactions} l join ${outcomeDecisions} d on d.tenant_id = l.tenant_id and d.id = l.decision_id
    where l.tenant_id = ${tenantId}::uuid and l.transaction_id = any(${uuidArray(transactionIds)}) and d.outcome_id <> ${except}::uuid`);
  for (const r of rows) out.set(r.transaction_id, [...(out.get(r.transaction_id) ?? []), r.outcome_id]);
  return out;
}

/** Pledges still claimed after `days` whose deposits (outcomes naming them) were not verified. */
export async function pledgesToLapse(q: Queryable, tenantId: string, days: number, limit: number): Promise<string[]> {
  const rows = await rowsOf<{ id: string }>(q, sql`select o.id from ${outcomes} o
    where o.tenant_id = ${tenantId}::uuid and o.kind = 'assets_pledged' and o.claimed_at < now() - make_interval(days => ${days}::int)
      and (select d.status from ${outcomeDecisions} d where d.tenant_id = o.tenant_id and d.outcome_id = o.id order by d.seq desc limit 1) = 'claimed'
      and not exists (select 1 from ${outcomes} dep where dep.tenant_id = o.tenant_id and dep.pledge_id = o.id
        and (select d.status from ${outcomeDecisions} d where d.tenant_id = dep.tenant_id and d.outcome_id = dep.id order by d.seq desc limit 1)
          in ('verified', 'partially_verified'))
    order by o.claimed_at, o.id limit ${limit}`);
  return rows.map((r) => r.id);
}

/** Everyone who reports to the user, directly or further down (depth-limited against cycles). */
export async function reportsOf(q: Queryable, tenantId: string, userId: string): Promise<string[]> {
  const rows = await rowsOf<{ id: string }>(q, sql`with recursive down(id, depth) as (
      select id, 1 from users where tenant_id = ${tenantId}::uuid and manager_id = ${userId}::uuid
      union all
      select u.id, down.depth + 1 from users u join down on u.tenant_id = ${tenantId}::uuid and u.manager_id = down.id where down.depth < 20)
    select distinct id from down`);
  return rows.map((r) => r.id);
}
