// Interaction rows, their participants and metrics in and out of PostgreSQL. A page of interactions
// with everything hanging off them is one query (correlated json subqueries).
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Queryable, Tx } from '../db/client.ts';
import { ownedFieldMap, type FieldMap } from '../platform/list.ts';
import { qualified, inIdOrder, rowsOf, textArray } from '../db/sql.ts';
import { uuidv7 } from '../platform/ids.ts';
import { interactionMetrics, interactionParticipants, interactions } from './tables.ts';

export type InteractionRow = typeof interactions.$inferSelect;
export type NewInteractionRow = typeof interactions.$inferInsert;

export interface ParticipantRow { contactId: string | null; userId: string | null; role: string | null }
export interface MetricRow { kind: string; amount: string; currency: string | null }
export interface OutcomeSummaryRow { id: string; kind: string; amount: string | null; currency: string | null; status: string }
export type InteractionWithRelations = InteractionRow & { participants: ParticipantRow[]; metrics: MetricRow[]; outcomes: OutcomeSummaryRow[] };

const T = qualified(interactions.tenantId);
const ID = qualified(interactions.id);

/** Fields a list can filter and sort on. contactId is handled by participantFilter below. */
export const interactionFieldMap: FieldMap = {
  ...ownedFieldMap(interactions),
  kind: { column: interactions.kind, type: 'text' },
  direction: { column: interactions.direction, type: 'text' },
  occurredAt: { column: interactions.occurredAt, type: 'timestamp', sortable: true },
  durationMinutes: { column: interactions.durationMinutes, type: 'number' },
  subject: { column: interactions.subject, type: 'text' },
  outcomeCode: { column: interactions.outcomeCode, type: 'text' },
  companyId: { column: interactions.companyId, type: 'uuid' },
  campaignId: { column: interactions.campaignId, type: 'uuid' },
};

/**
 * "Has this contact as a participant", written as id IN (...) rather than an aggregated array so
 * the planner can start from the participants' contact index instead of scanning interactions.
 */
export function participantFilter(tenantId: string, contactIds: string[], negate: boolean): SQL {
  const inner = sql`select p.interaction_id from ${interactionParticipants} p
    where p.tenant_id = ${tenantId}::uuid and p.contact_id in (${sql.join(contactIds.map((c) => sql`${c}::uuid`), sql`, `)})`;
  return negate ? sql`${ID} not in (${inner})` : sql`${ID} in (${inner})`;
}

const relationColumns = {
  participants: sql<ParticipantRow[]>`coalesce((select json_agg(json_build_object('contactId', p.contact_id, 'userId', p.user_id, 'role', p.role) order by p.id)
    from ${interactionParticipants} p where p.tenant_id = ${T} and p.interaction_id = ${ID}), '[]'::json)`,
  metrics: sql<MetricRow[]>`coalesce((select json_agg(json_build_object('kind', m.kind, 'amount', m.amount::text, 'currency', m.currency) order by m.id)
    from ${interactionMetrics} m where m.tenant_id = ${T} and m.interaction_id = ${ID}), '[]'::json)`,
  // Outcomes claimed on the interaction with their current status (the latest decision); named
  // by table, since the outcomes domain's tables import this domain's.
  outcomes: sql<OutcomeSummaryRow[]>`coalesce((select json_agg(json_build_object('id', o.id, 'kind', o.kind, 'amount', o.amount::text, 'currency', o.currency,
      'status', (select d.status from outcome_decisions d where d.tenant_id = o.tenant_id and d.outcome_id = o.id order by d.seq desc limit 1)) order by o.id)
    from outcomes o where o.tenant_id = ${T} and o.interaction_id = ${ID}), '[]'::json)`,
};

export async function selectInteractions(tx: Queryable, tenantId: string, where: SQL | undefined, order: SQL[], limit: number): Promise<InteractionWithRelations[]> {
  const rows = await tx
    .select({ i: interactions, ...relationColumns })
    .from(interactions)
    .where(and(eq(interactions.tenantId, tenantId), where))
    .orderBy(...order)
    .limit(limit);
  return rows.map(({ i, ...rel }) => ({ ...i, ...rel }));
}

export async function interactionsByIds(tx: Queryable, tenantId: string, ids: string[]): Promise<InteractionWithRelations[]> {
  if (ids.length === 0) return [];
  const rows = await selectInteractions(tx, tenantId, inArray(interactions.id, ids), [], ids.length);
  return inIdOrder(ids, rows);
}

export interface RelationSet {
  interactionId: string;
  participants?: Array<{ contactId?: string | undefined; userId?: string | undefined; role?: string | null | undefined }> | undefined;
  metrics?: Array<{ kind: string; amount: number; currency?: string | null | undefined }> | undefined;
}

/** Replaces participants and/or metrics (those present in each set) for many interactions at once. */
export async function replaceRelations(tx: Tx, tenantId: string, sets: RelationSet[], isNew: boolean): Promise<void> {
  const withParticipants = sets.filter((s) => s.participants);
  const withMetrics = sets.filter((s) => s.metrics);
  if (!isNew) {
    if (withParticipants.length) {
      await tx.delete(interactionParticipants).where(and(eq(interactionParticipants.tenantId, tenantId), inArray(interactionParticipants.interactionId, withParticipants.map((s) => s.interactionId))));
    }
    if (withMetrics.length) {
      await tx.delete(interactionMetrics).where(and(eq(interactionMetrics.tenantId, tenantId), inArray(interactionMetrics.interactionId, withMetrics.map((s) => s.interactionId))));
    }
  }
  // uuidv7 ids are monotonic, so ordering by id keeps the order the caller gave.
  const participantRows = withParticipants.flatMap((s) => (s.participants ?? []).map((p) => ({
    tenantId, id: uuidv7(), interactionId: s.interactionId, contactId: p.contactId ?? null, userId: p.userId ?? null, role: p.role?.trim() || null,
  })));
  const metricRows = withMetrics.flatMap((s) => (s.metrics ?? []).map((m) => ({
    tenantId, id: uuidv7(), interactionId: s.interactionId, kind: m.kind, amount: m.amount.toFixed(2), currency: m.currency ?? null,
  })));
  for (let i = 0; i < participantRows.length; i += 1000) await tx.insert(interactionParticipants).values(participantRows.slice(i, i + 1000));
  for (let i = 0; i < metricRows.length; i += 1000) await tx.insert(interactionMetrics).values(metricRows.slice(i, i + 1000));
}

export const sourceKey = (system: string, externalId: string) => `${system}\u0000${externalId}`;

/** The interaction each (system, external id) pair belongs to, by sourceKey; visibility is not asked. */
export async function interactionsBySource(q: Queryable, tenantId: string, pairs: Array<{ system: string; externalId: string }>): Promise<Map<string, string>> {
  if (pairs.length === 0) return new Map();
  const rows = await rowsOf<{ system: string; external_id: string; id: string }>(q, sql`
    select source_system as system, source_external_id as external_id, id from ${interactions}
    where tenant_id = ${tenantId}
      and (source_system, source_external_id) in (select * from unnest(${textArray(pairs.map((p) => p.system))}, ${textArray(pairs.map((p) => p.externalId))}))`);
  return new Map(rows.map((r) => [sourceKey(r.system, r.external_id), r.id]));
}
