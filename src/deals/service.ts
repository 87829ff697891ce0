// Deal use cases: create, read, list (filters, sort, keyset cursor), update with optimistic locking
// and the closing rules (won or lost stamps closedAt, reopening clears it), delete, and campaign
// attribution. Visibility is the policy module's ownership rules for owned records; every write is
// audited and emits an outbox event (deal.created, deal.updated, deal.won, deal.lost, deal.deleted)
// in its transaction.
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { inTenant, readInTenant, type Ctx } from '../platform/context.ts';
import { forbidden, type FieldError } from '../platform/errors.ts';
import { uuidv7 } from '../platform/ids.ts';
import { appendAudit, diff, type AuditInput } from '../platform/audit/service.ts';
import { emitEvents } from '../platform/outbox/service.ts';
import { can, visibilityOf } from '../platform/policy/index.ts';
import { visibilitySql } from '../platform/policy/sql.ts';
import { checkAssignment, existingIds, loadForAction } from '../platform/records.ts';
import { cursorSql, filtersSql, orderSql, page, sortPlan, type ListParams } from '../platform/list.ts';
import { changedLinks, checkLinks, fieldProblem } from '../timeline/references.ts';
import { campaigns } from '../campaigns/tables.ts';
import { attributeDeals, type DealAttribution } from '../campaigns/attribution.ts';
import { deals, isClosed, type DealStage } from './tables.ts';
import { dealFieldMap, dealSortMap, sortValueOf, type DealRow } from './data.ts';
import { auditView, presentDeal } from './presenter.ts';
import type { DealCreate, DealOut, DealPatch } from './schemas.ts';

const byId = (tenantId: string, id: string) => and(eq(deals.tenantId, tenantId), eq(deals.id, id));
const clean = (s: string | null | undefined) => s?.trim() || null;
/** A closing time a minute ahead of this server's clock is still "now" on another's. */
const CLOCK_SKEW_MS = 60_000;

type DealValues = Pick<DealRow, 'name' | 'contactId' | 'companyId' | 'stage' | 'amount' | 'currency' | 'expectedCloseOn' | 'closedAt' | 'lostReason' | 'description' | 'campaignId' | 'ownerId' | 'teamId'>;

/** The deal a create or patch leaves (input over the stored row), and what is wrong with it. */
function resolve(base: DealRow | null, input: DealPatch, defaults: { ownerId: string | null; teamId: string | null }, now: Date): { values: DealValues; errors: FieldError[] } {
  const pick = <K extends keyof DealPatch & keyof DealRow>(k: K, fallback: DealRow[K]) => (input[k] !== undefined ? (input[k] ?? null) : fallback);
  const stage: DealStage = input.stage ?? base?.stage ?? 'lead';
  const errors: FieldError[] = [];
  const contactId = pick('contactId', base?.contactId ?? null) as string | null;
  const companyId = pick('companyId', base?.companyId ?? null) as string | null;
  if (!contactId && !companyId) errors.push({ field: input.contactId === null || !base ? 'contactId' : 'companyId', message: 'a deal names a contact, a company or both' });
  const amount = input.amount !== undefined ? (input.amount === null ? null : String(input.amount)) : (base?.amount ?? null);
  const currency = pick('currency', base?.currency ?? null) as string | null;
  if (amount !== null && !currency) errors.push({ field: 'currency', message: 'is required with an amount' });
  let closedAt: Date | null = null;
  if (!isClosed(stage)) {
    if (input.closedAt) errors.push({ field: 'closedAt', message: 'only won or lost deals have a closing time' });
  } else if (input.closedAt) {
    closedAt = new Date(input.closedAt);
    if (closedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) errors.push({ field: 'closedAt', message: 'must not be in the future' });
  } else {
    // Staying won (or lost) keeps the moment it closed; closing, or flipping between won and lost, is now.
    closedAt = base && base.stage === stage && base.closedAt ? base.closedAt : now;
  }
  if (input.lostReason && stage !== 'lost') errors.push({ field: 'lostReason', message: 'only lost deals have a reason' });
  const lostReason = stage === 'lost' ? (input.lostReason !== undefined ? clean(input.lostReason) : (base?.lostReason ?? null)) : null;
  return {
    values: {
      name: input.name ?? base?.name ?? '', contactId, companyId, stage, amount, currency,
      expectedCloseOn: pick('expectedCloseOn', base?.expectedCloseOn ?? null) as string | null,
      closedAt, lostReason,
      description: input.description !== undefined ? clean(input.description) : (base?.description ?? null),
      campaignId: pick('campaignId', base?.campaignId ?? null) as string | null,
      ownerId: input.ownerId !== undefined ? input.ownerId : (base ? base.ownerId : defaults.ownerId),
      teamId: input.teamId !== undefined ? input.teamId : (base ? base.teamId : defaults.teamId),
    },
    errors,
  };
}

/** Links the deal points at: a visible contact and company, existing users, teams and campaigns. */
async function linkErrors(tx: Tx, ctx: Ctx, links: Pick<DealPatch, 'contactId' | 'companyId' | 'ownerId' | 'teamId' | 'campaignId'>): Promise<FieldError[]> {
  const errors = await checkLinks(tx, ctx, links);
  if (links.campaignId && !(await existingIds(tx, ctx.tenantId, campaigns, [links.campaignId])).has(links.campaignId)) {
    errors.push({ field: 'campaignId', message: 'no such campaign' });
  }
  return errors;
}

async function recordWrite(tx: Tx, ctx: Ctx, audit: AuditInput, type: string, payload: unknown) {
  await appendAudit(tx, ctx.tenantId, ctx.actor, [audit]);
  await emitEvents(tx, ctx.tenantId, ctx.actor.id, [{ type, entity: 'deal', entityId: audit.entityId!, payload }]);
}

const eventOf = (before: DealStage | null, after: DealStage) =>
  (after === 'won' || after === 'lost') && before !== after ? `deal.${after}` : before === null ? 'deal.created' : 'deal.updated';

export async function createDeal(ctx: Ctx, input: DealCreate): Promise<DealOut> {
  if (!can(ctx.principal, 'create', 'deal')) throw forbidden('Your role may not create deals');
  checkAssignment(ctx, input.ownerId, input.teamId);
  return inTenant(ctx, async (tx) => {
    const now = new Date();
    const { values, errors } = resolve(null, input, { ownerId: ctx.actor.id, teamId: ctx.principal.teamIds[0] ?? null }, now);
    errors.push(...(await linkErrors(tx, ctx, input)));
    if (errors.length) throw fieldProblem(errors);
    const [row] = await tx.insert(deals).values({
      ...values, tenantId: ctx.tenantId, id: uuidv7(), createdBy: ctx.actor.id, createdAt: now, updatedAt: now,
    }).returning();
    const deal = presentDeal(row!);
    await recordWrite(tx, ctx, { action: 'deal.created', entity: 'deal', entityId: row!.id, changes: diff(null, auditView(row!)) }, 'deal.created', deal);
    // A deal created already won or lost also announces that.
    if (isClosed(row!.stage)) await emitEvents(tx, ctx.tenantId, ctx.actor.id, [{ type: eventOf(null, row!.stage), entity: 'deal', entityId: row!.id, payload: deal }]);
    return deal;
  });
}

export async function getDeal(ctx: Ctx, id: string): Promise<DealOut> {
  return inTenant(ctx, async (tx) => presentDeal(await loadForAction<DealRow>(tx, ctx, 'deal', deals, id, 'read')));
}

export async function listDeals(ctx: Ctx, params: ListParams): Promise<{ data: DealOut[]; nextCursor: string | null }> {
  const visibility = visibilityOf(ctx.principal, 'deal');
  if (!visibility) throw forbidden('Your role may not list deals');
  const plan = sortPlan(dealSortMap, params.sort);
  const where = and(
    eq(deals.tenantId, ctx.tenantId), visibilitySql(visibility, deals, 'deal'), filtersSql(dealFieldMap, params), cursorSql(plan, deals.id, params.cursor),
  );
  const rows = await readInTenant(ctx, (q) => q.select().from(deals).where(where).orderBy(...orderSql(plan, deals.id)).limit(params.limit + 1));
  const { data, nextCursor } = page(rows, params.limit, (r) => sortValueOf(plan.field, r));
  return { data: data.map(presentDeal), nextCursor };
}

export async function updateDeal(ctx: Ctx, id: string, patch: DealPatch, ifMatch?: number): Promise<DealOut> {
  return inTenant(ctx, async (tx) => {
    const before = await loadForAction<DealRow>(tx, ctx, 'deal', deals, id, 'update', { lock: true, ifMatch });
    if (patch.ownerId !== undefined || patch.teamId !== undefined) checkAssignment(ctx, patch.ownerId, patch.teamId);
    const now = new Date();
    const { values, errors } = resolve(before, patch, before, now);
    const links = changedLinks(patch, before, ['contactId', 'companyId', 'ownerId', 'teamId']);
    errors.push(...(await linkErrors(tx, ctx, { ...links, campaignId: patch.campaignId !== before.campaignId ? patch.campaignId : undefined })));
    if (errors.length) throw fieldProblem(errors);
    const [after] = await tx.update(deals).set({ ...values, updatedAt: now, version: before.version + 1 }).where(byId(ctx.tenantId, id)).returning();
    const deal = presentDeal(after!);
    const changes = diff(auditView(before), auditView(after!));
    await recordWrite(tx, ctx, { action: 'deal.updated', entity: 'deal', entityId: id, changes }, eventOf(before.stage, after!.stage), deal);
    return deal;
  });
}

export async function deleteDeal(ctx: Ctx, id: string): Promise<void> {
  await inTenant(ctx, async (tx) => {
    const before = await loadForAction<DealRow>(tx, ctx, 'deal', deals, id, 'delete', { lock: true });
    await tx.delete(deals).where(byId(ctx.tenantId, id));
    await recordWrite(tx, ctx, { action: 'deal.deleted', entity: 'deal', entityId: id, changes: diff(auditView(before), null) }, 'deal.deleted', { id });
  });
}

/** Explicit, first-touch and last-touch campaign credit for a deal the caller may see. */
export async function dealAttribution(ctx: Ctx, id: string, windowDays?: number): Promise<DealAttribution> {
  return inTenant(ctx, async (tx) => {
    await loadForAction<DealRow>(tx, ctx, 'deal', deals, id, 'read');
    const result = await attributeDeals(tx, ctx.tenantId, [id], windowDays === undefined ? {} : { windowDays });
    return result.get(id)!;
  });
}
