// Interaction use cases: log (one or a bulk batch), read, list, update with optimistic locking,
// delete. Policy is asked here; every write is audited and emits an outbox event in its transaction.
import { updateMany, type BulkPatch } from '../platform/bulk.ts';
import { and, eq, or, type SQL } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { inTenant, readInTenant, type Ctx } from '../platform/context.ts';
import { conflict, forbidden, type FieldError } from '../platform/errors.ts';
import { uuidv7 } from '../platform/ids.ts';
import { appendAudit, diff, type AuditInput } from '../platform/audit/service.ts';
import { emitEvents } from '../platform/outbox/service.ts';
import { can, visibilityOf } from '../platform/policy/index.ts';
import { visibilitySql } from '../platform/policy/sql.ts';
import { checkAssignment, loadForAction } from '../platform/records.ts';
import { cursorSql, filtersSql, orderSql, page, sortPlan, type ListParams } from '../platform/list.ts';
import { fieldProblem } from '../timeline/references.ts';
import { interactions } from './tables.ts';
import {
  interactionFieldMap, interactionsByIds, participantFilter, replaceRelations, selectInteractions,
  type InteractionRow, type RelationSet, type InteractionWithRelations, type NewInteractionRow,
} from './data.ts';
import { checkInteractionInputs } from './checks.ts';
import { overContactWarnings } from '../cadence/service.ts';
import type { CadenceWarning } from '../cadence/schemas.ts';
import { auditView, presentInteraction } from './presenter.ts';
import type { InteractionCreate, InteractionOut, InteractionPatch } from './schemas.ts';

const clean = (s: string | null | undefined) => (s === undefined ? undefined : s?.trim() || null);

/** The stored columns a create or patch sets (participants and metrics live in their own tables). */
function columnsOf(input: InteractionPatch): Partial<NewInteractionRow> {
  const out: Partial<NewInteractionRow> = {};
  if (input.kind !== undefined) out.kind = input.kind;
  if (input.direction !== undefined) out.direction = input.direction ?? null;
  if (input.occurredAt !== undefined) out.occurredAt = new Date(input.occurredAt);
  if (input.durationMinutes !== undefined) out.durationMinutes = input.durationMinutes ?? null;
  if (input.subject !== undefined) out.subject = clean(input.subject) ?? null;
  if (input.notes !== undefined) out.notes = clean(input.notes) ?? null;
  if (input.outcome !== undefined) {
    out.outcomeCode = input.outcome?.code ?? null;
    out.outcomeText = clean(input.outcome?.text) ?? null;
  }
  if (input.companyId !== undefined) out.companyId = input.companyId ?? null;
  if (input.campaignId !== undefined) out.campaignId = input.campaignId ?? null;
  if (input.source !== undefined) {
    out.sourceSystem = input.source?.system ?? null;
    out.sourceExternalId = input.source?.externalId ?? null;
  }
  if (input.ownerId !== undefined) out.ownerId = input.ownerId ?? null;
  if (input.teamId !== undefined) out.teamId = input.teamId ?? null;
  return out;
}

async function recordWrites(tx: Tx, ctx: Ctx, audits: AuditInput[], rows: InteractionWithRelations[], type: string) {
  await appendAudit(tx, ctx.tenantId, ctx.actor, audits);
  await emitEvents(tx, ctx.tenantId, ctx.actor.id, rows.map((r) => ({ type, entity: 'interaction', entityId: r.id, payload: presentInteraction(r) })));
}

export type BulkResult = { index: number; status: number; interaction?: InteractionOut & { cadenceWarnings?: CadenceWarning[] }; errors?: FieldError[] };

/** Logs interactions. atomic: all or none (any problem throws); perRow: the good rows are written. */
export async function logInteractions(ctx: Ctx, inputs: InteractionCreate[], mode: 'atomic' | 'perRow', errorPrefix = (i: number) => `items.${i}.`): Promise<BulkResult[]> {
  if (!can(ctx.principal, 'create', 'interaction')) throw forbidden('Your role may not log interactions');
  for (const i of inputs) checkAssignment(ctx, i.ownerId, i.teamId);
  return inTenant(ctx, async (tx) => {
    const problems = await checkInteractionInputs(tx, ctx, inputs);
    if (mode === 'atomic' && problems.some((p) => p.length)) {
      throw fieldProblem(problems.flatMap((errors, i) => errors.map((e) => ({ field: `${errorPrefix(i)}${e.field}`, message: e.message }))));
    }
    const now = new Date();
    const defaults = { ownerId: ctx.actor.id, teamId: ctx.principal.teamIds[0] ?? null };
    const results: BulkResult[] = [];
    const rows: NewInteractionRow[] = [];
    const relations: RelationSet[] = [];
    inputs.forEach((input, index) => {
      if (problems[index]!.length) {
        results.push({ index, status: 422, errors: problems[index]! });
        return;
      }
      const id = uuidv7();
      rows.push({ ...defaults, occurredAt: now, ...columnsOf(input), kind: input.kind, tenantId: ctx.tenantId, id, createdBy: ctx.actor.id, createdAt: now, updatedAt: now });
      relations.push({ interactionId: id, participants: input.participants, metrics: input.metrics ?? [] });
      results.push({ index, status: 201 });
    });
    for (let i = 0; i < rows.length; i += 1000) await tx.insert(interactions).values(rows.slice(i, i + 1000));
    await replaceRelations(tx, ctx.tenantId, relations, true);
    const created = await interactionsByIds(tx, ctx.tenantId, relations.map((r) => r.interactionId));
    await recordWrites(tx, ctx, created.map((c) => ({ action: 'interaction.logged', entity: 'interaction', entityId: c.id, changes: diff(null, auditView(c)) })), created, 'interaction.logged');
    // Over-contact under a cadence policy warns the rep (cadenceWarnings, only when there are any);
    // the interaction is logged all the same.
    const warnings = await overContactWarnings(tx, ctx, created.map((c) => c.id));
    let k = 0;
    for (const r of results) {
      if (r.status !== 201) continue;
      const row = created[k++]!;
      const w = warnings.get(row.id);
      r.interaction = w ? { ...presentInteraction(row), cadenceWarnings: w } : presentInteraction(row);
    }
    return results;
  });
}

export async function logInteraction(ctx: Ctx, input: InteractionCreate): Promise<InteractionOut> {
  const [result] = await logInteractions(ctx, [input], 'atomic', () => '');
  return result!.interaction!;
}

export async function getInteraction(ctx: Ctx, id: string): Promise<InteractionOut> {
  // Reads only: no transaction, one round trip per query on PostgreSQL.
  return readInTenant(ctx, async (tx) => {
    await loadForAction(tx, ctx, 'interaction', interactions, id, 'read');
    const [row] = await interactionsByIds(tx, ctx.tenantId, [id]);
    return presentInteraction(row!);
  });
}

export async function listInteractions(ctx: Ctx, params: ListParams) {
  const visibility = visibilityOf(ctx.principal, 'interaction');
  if (!visibility) throw forbidden('Your role may not list interactions');
  const plan = sortPlan(interactionFieldMap, params.sort);
  // filter[contactId] means "has this participant"; it goes through the participants index.
  const byContact = params.filters.filter((f) => f.field === 'contactId');
  const contactConds: SQL[] = byContact.map((f) => {
    if (!['eq', 'in', 'ne'].includes(f.op)) throw fieldProblem([{ field: 'filter[contactId]', message: 'supports eq, ne and in' }]);
    const ids = f.value.split(',').map((v) => v.trim());
    if (!ids.every((v) => /^[0-9a-f-]{36}$/i.test(v))) throw fieldProblem([{ field: 'filter[contactId]', message: 'must be a UUID' }]);
    return participantFilter(ctx.tenantId, ids, f.op === 'ne');
  });
  const rest = filtersSql(interactionFieldMap, { ...params, filters: params.filters.filter((f) => f.field !== 'contactId') });
  const parts = [rest, ...contactConds].filter((c): c is SQL => c !== undefined);
  const filters = params.match === 'any' ? or(...parts) : and(...parts);
  const where = and(visibilitySql(visibility, interactions, 'interaction'), filters, cursorSql(plan, interactions.id, params.cursor));
  const rows = await readInTenant(ctx, (q) => selectInteractions(q, ctx.tenantId, where, orderSql(plan, interactions.id), params.limit + 1));
  const sortKey = plan.field as keyof InteractionWithRelations;
  const { data, nextCursor } = page(rows, params.limit, (r) => r[sortKey]);
  return { data: data.map(presentInteraction), nextCursor };
}

export async function updateInteraction(ctx: Ctx, id: string, patch: InteractionPatch, ifMatch?: number): Promise<InteractionOut> {
  return inTenant(ctx, (tx) => updateInteractionIn(tx, ctx, id, patch, ifMatch));
}

async function updateInteractionIn(tx: Tx, ctx: Ctx, id: string, patch: InteractionPatch, ifMatch?: number): Promise<InteractionOut> {
  const row = await loadForAction<InteractionRow>(tx, ctx, 'interaction', interactions, id, 'update', { lock: true, ifMatch });
  if (patch.ownerId !== undefined || patch.teamId !== undefined) checkAssignment(ctx, patch.ownerId, patch.teamId);
  const [before] = await interactionsByIds(tx, ctx.tenantId, [id]);
  const kept = new Set(before!.participants.flatMap((p) => (p.contactId ? [p.contactId] : [])));
  const [problems] = await checkInteractionInputs(tx, ctx, [patch], [kept], [id]);
  if (problems!.length) throw fieldProblem(problems!);
  await tx
    .update(interactions)
    .set({ ...columnsOf(patch), updatedAt: new Date(), version: row.version + 1 })
    .where(and(eq(interactions.tenantId, ctx.tenantId), eq(interactions.id, id)));
  await replaceRelations(tx, ctx.tenantId, [{ interactionId: id, participants: patch.participants, metrics: patch.metrics }], false);
  const [after] = await interactionsByIds(tx, ctx.tenantId, [id]);
  const changes = diff(auditView(before!), auditView(after!));
  await recordWrites(tx, ctx, [{ action: 'interaction.updated', entity: 'interaction', entityId: id, changes }], [after!], 'interaction.updated');
  return presentInteraction(after!);
}

export async function deleteInteraction(ctx: Ctx, id: string): Promise<void> {
  await inTenant(ctx, async (tx) => {
    await loadForAction<InteractionRow>(tx, ctx, 'interaction', interactions, id, 'delete', { lock: true });
    const [before] = await interactionsByIds(tx, ctx.tenantId, [id]);
    // Claimed outcomes and their decisions are permanent records: the interaction stays with them.
    if (before!.outcomes.length) throw conflict('Interaction has outcomes claimed on it; it cannot be deleted', 'outcomes');
    await tx.delete(interactions).where(and(eq(interactions.tenantId, ctx.tenantId), eq(interactions.id, id)));
    await appendAudit(tx, ctx.tenantId, ctx.actor, [{ action: 'interaction.deleted', entity: 'interaction', entityId: id, changes: diff(auditView(before!), null) }]);
    await emitEvents(tx, ctx.tenantId, ctx.actor.id, [{ type: 'interaction.deleted', entity: 'interaction', entityId: id, payload: { id } }]);
  });
}

/** Updates up to 1,000 interactions in one transaction (see updateMany). */
export const updateInteractions = (ctx: Ctx, items: Array<BulkPatch<InteractionPatch>>, mode: 'atomic' | 'perRow') =>
  updateMany(ctx, items, mode, (tx, id, patch, version) => updateInteractionIn(tx, ctx, id, patch, version));
