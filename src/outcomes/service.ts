// Outcome use cases: a rep claims an outcome on an interaction they own; anyone who may see the
// interaction reads it, with its decision history; lists; attribution to campaigns. Decisions are
// in decisions.ts, evidence suggestions and the controller's queue in evidence.ts.
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Queryable, Tx } from '../db/client.ts';
import { rowsOf } from '../db/sql.ts';
import { inTenant, readInTenant, type Ctx } from '../platform/context.ts';
import { forbidden, notFound, type FieldError } from '../platform/errors.ts';
import { uuidv7 } from '../platform/ids.ts';
import { appendAudit, diff } from '../platform/audit/service.ts';
import { emitEvents } from '../platform/outbox/service.ts';
import { visibilityOf } from '../platform/policy/index.ts';
import { canAdvisor } from '../platform/policy/advisor.ts';
import { visibilitySql } from '../platform/policy/sql.ts';
import { loadForAction } from '../platform/records.ts';
import { fieldProblem } from '../timeline/references.ts';
import { interactionParticipants, interactions } from '../interactions/tables.ts';
import { existingCampaignIds } from '../campaigns/service.ts';
import { attributeOutcomes, type Attribution } from '../campaigns/attribution.ts';
import { outcomeDecisions, outcomes, outcomeStatuses, type OutcomeStatus } from './tables.ts';
import { outcomesByIds, selectOutcomes, statusSql } from './data.ts';
import { presentOutcome } from './presenter.ts';
import type { OutcomeClaim, OutcomeOut } from './schemas.ts';

/** Outcomes the principal may see: those on interactions it may see (shares of the interaction count). */
export function outcomeVisibility(ctx: Ctx): SQL | undefined {
  const v = visibilityOf(ctx.principal, 'interaction');
  if (!v || !canAdvisor(ctx.principal, 'read', 'outcome')) throw forbidden('Your role may not read outcomes');
  return visibilitySql(v, { id: outcomes.interactionId, ownerId: outcomes.ownerId, teamId: outcomes.teamId }, 'interaction');
}

/** Is the account owned by the contact, directly or through one of its households? */
export async function isClientAccount(q: Queryable, tenantId: string, contactId: string, accountIds: string[]): Promise<Set<string>> {
  if (accountIds.length === 0) return new Set();
  const rows = await rowsOf<{ account_id: string }>(q, sql`select distinct o.account_id from account_owners o
    where o.tenant_id = ${tenantId}::uuid and o.account_id in (${sql.join(accountIds.map((a) => sql`${a}::uuid`), sql`, `)})
      and (o.contact_id = ${contactId}::uuid or o.household_id in (
        select m.household_id from household_members m where m.tenant_id = ${tenantId}::uuid and m.contact_id = ${contactId}::uuid))`);
  return new Set(rows.map((r) => r.account_id));
}

async function checkClaim(tx: Tx, ctx: Ctx, interactionId: string, input: OutcomeClaim): Promise<string> {
  const participants = (await tx.select({ contactId: interactionParticipants.contactId }).from(interactionParticipants)
    .where(and(eq(interactionParticipants.tenantId, ctx.tenantId), eq(interactionParticipants.interactionId, interactionId)))
    .orderBy(asc(interactionParticipants.id))).flatMap((p) => (p.contactId ? [p.contactId] : []));
  const contactId = input.contactId ?? participants[0];
  const errors: FieldError[] = [];
  if (!contactId) throw fieldProblem([{ field: 'contactId', message: 'the interaction has no contact participant' }]);
  if (!participants.includes(contactId)) errors.push({ field: 'contactId', message: 'is not a participant of the interaction' });
  if (input.targetAccountId && !(await isClientAccount(tx, ctx.tenantId, contactId, [input.targetAccountId])).has(input.targetAccountId)) {
    errors.push({ field: 'targetAccountId', message: "is not an account of the client or the client's household" });
  }
  if (input.pledgeId) {
    const [pledge] = await tx.select({ kind: outcomes.kind, contactId: outcomes.contactId }).from(outcomes)
      .where(and(eq(outcomes.tenantId, ctx.tenantId), eq(outcomes.id, input.pledgeId)));
    if (!pledge || pledge.kind !== 'assets_pledged') errors.push({ field: 'pledgeId', message: 'no such pledge' });
    else if (pledge.contactId !== contactId) errors.push({ field: 'pledgeId', message: "is another client's pledge" });
  }
  if (input.campaignId && !(await existingCampaignIds(tx, ctx.tenantId, [input.campaignId])).size) errors.push({ field: 'campaignId', message: 'no such campaign' });
  if (errors.length) throw fieldProblem(errors);
  return contactId;
}

/** Records an outcome on an interaction; its first decision is the claim itself. */
export async function claimOutcome(ctx: Ctx, interactionId: string, input: OutcomeClaim): Promise<OutcomeOut> {
  if (!canAdvisor(ctx.principal, 'claim', 'outcome')) throw forbidden('Your role may not claim outcomes');
  return inTenant(ctx, async (tx) => {
    const interaction = await loadForAction<typeof interactions.$inferSelect>(tx, ctx, 'interaction', interactions, interactionId, 'read', { lock: true });
    if (ctx.principal.role !== 'admin' && interaction.ownerId !== ctx.principal.userId) {
      throw forbidden('You may claim outcomes only on interactions you own');
    }
    const contactId = await checkClaim(tx, ctx, interactionId, input);
    const id = uuidv7();
    const now = new Date();
    await tx.insert(outcomes).values({
      tenantId: ctx.tenantId, id, interactionId, kind: input.kind, contactId, amount: input.amount?.toFixed(2) ?? null, currency: input.currency ?? null,
      targetAccountId: input.targetAccountId ?? null, pledgeId: input.pledgeId ?? null, ibType: input.ibType ?? null,
      expectedFee: input.expectedFee?.toFixed(2) ?? null, campaignId: input.campaignId ?? null, notes: input.notes?.trim() || null,
      claimedBy: ctx.principal.userId, claimedAt: now, ownerId: interaction.ownerId, teamId: interaction.teamId,
    });
    await tx.insert(outcomeDecisions).values({ tenantId: ctx.tenantId, id: uuidv7(), outcomeId: id, seq: 1, status: 'claimed', decidedBy: ctx.principal.userId, decidedAt: now });
    const [row] = await outcomesByIds(tx, ctx.tenantId, [id]);
    const out = presentOutcome(row!);
    const { decisions: _d, ...view } = out;
    await appendAudit(tx, ctx.tenantId, ctx.actor, [{ action: 'outcome.claimed', entity: 'outcome', entityId: id, changes: diff(null, view) }]);
    await emitEvents(tx, ctx.tenantId, ctx.actor.id, [{ type: 'outcome.claimed', entity: 'outcome', entityId: id, payload: out }]);
    return out;
  });
}

export async function getOutcome(ctx: Ctx, id: string): Promise<OutcomeOut> {
  const visible = outcomeVisibility(ctx);
  return readInTenant(ctx, async (q) => {
    const [row] = await selectOutcomes(q, ctx.tenantId, and(eq(outcomes.id, id), visible), [], 1);
    if (!row) throw notFound('Outcome');
    return presentOutcome(row);
  });
}

export interface OutcomeFilter {
  limit: number; cursor?: string | undefined; status?: OutcomeStatus | undefined; kind?: string | undefined;
  contactId?: string | undefined; campaignId?: string | undefined; claimedBy?: string | undefined; interactionId?: string | undefined;
}

/** Newest claims first, keyset on id (uuidv7, so claim order). */
export async function listOutcomes(ctx: Ctx, f: OutcomeFilter) {
  const visible = outcomeVisibility(ctx);
  if (f.status && !outcomeStatuses.includes(f.status)) throw fieldProblem([{ field: 'status', message: 'unknown status' }]);
  const where = and(visible,
    f.status ? sql`${statusSql} = ${f.status}` : undefined, f.kind ? eq(outcomes.kind, f.kind as OutcomeOut['kind']) : undefined,
    f.contactId ? eq(outcomes.contactId, f.contactId) : undefined, f.campaignId ? eq(outcomes.campaignId, f.campaignId) : undefined,
    f.claimedBy ? eq(outcomes.claimedBy, f.claimedBy) : undefined, f.interactionId ? eq(outcomes.interactionId, f.interactionId) : undefined,
    f.cursor ? sql`${outcomes.id} < ${f.cursor}::uuid` : undefined);
  const rows = await readInTenant(ctx, (q) => selectOutcomes(q, ctx.tenantId, where, [desc(outcomes.id)], f.limit + 1));
  const data = rows.slice(0, f.limit).map(presentOutcome);
  return { data, nextCursor: rows.length > f.limit ? data[data.length - 1]!.id : null };
}

/** First- and last-touch campaigns (and the explicit one) for an outcome the caller may see. */
export async function outcomeAttribution(ctx: Ctx, id: string, windowDays?: number): Promise<Attribution> {
  const visible = outcomeVisibility(ctx);
  return readInTenant(ctx, async (q) => {
    const [row] = await q.select({ id: outcomes.id }).from(outcomes).where(and(eq(outcomes.tenantId, ctx.tenantId), eq(outcomes.id, id), visible));
    if (!row) throw notFound('Outcome');
    const result = await attributeOutcomes(q, ctx.tenantId, [id], windowDays === undefined ? {} : { windowDays });
    return result.get(id)!;
  });
}

export { attributeOutcomes };
