// Campaign use cases: create, read, list, change (optimistic locking), delete when unused; cost
// lines; touches (who the campaign reached, when). Role rules come from the advisor policy; every
// write is audited and emits an outbox event in its transaction.
import { and, asc, eq, gt } from 'drizzle-orm';
import type { Queryable, Tx } from '../db/client.ts';
import { inTenant, readInTenant, type Ctx } from '../platform/context.ts';
import { AppError, conflict, forbidden, notFound, type FieldError } from '../platform/errors.ts';
import { uuidv7 } from '../platform/ids.ts';
import { appendAudit, diff } from '../platform/audit/service.ts';
import { emitEvents } from '../platform/outbox/service.ts';
import { canAdvisor, type AdvisorAction } from '../platform/policy/advisor.ts';
import { checkAssignment, existingIds } from '../platform/records.ts';
import { cursorSql, filtersSql, orderSql, page, sortPlan, type ListParams } from '../platform/list.ts';
import { fieldProblem, visibleIds } from '../timeline/references.ts';
import { users, teams } from '../users/tables.ts';
import { campaignCosts, campaigns, campaignTouches } from './tables.ts';
import { ancestorsOf, campaignFieldMap, campaignInUse, campaignsByIds, selectCampaigns, type CampaignRow } from './data.ts';
import { auditView, presentCampaign, presentCost, presentTouch } from './presenter.ts';
import type { CampaignCreate, CampaignOut, CampaignPatch, CostCreate, CostOut, TouchCreate, TouchOut } from './schemas.ts';

function allow(ctx: Ctx, action: AdvisorAction) {
  if (!canAdvisor(ctx.principal, action, 'campaign')) throw forbidden(`Your role may not ${action} campaigns`);
}

/** Ids among `ids` naming a campaign of this tenant (interactions and outcomes check with it). */
export const existingCampaignIds = (q: Queryable, tenantId: string, ids: Iterable<string>) => existingIds(q, tenantId, campaigns, ids);

async function checkCampaign(tx: Tx, ctx: Ctx, input: CampaignPatch, selfId?: string): Promise<void> {
  const errors: FieldError[] = [];
  if (input.parentId) {
    const [parent] = await tx.select({ type: campaigns.type }).from(campaigns).where(and(eq(campaigns.tenantId, ctx.tenantId), eq(campaigns.id, input.parentId)));
    if (!parent) errors.push({ field: 'parentId', message: 'no such campaign' });
    else if (parent.type !== 'programme') errors.push({ field: 'parentId', message: 'must be a campaign of type programme' });
    else if (selfId && (await ancestorsOf(tx, ctx.tenantId, input.parentId)).includes(selfId)) errors.push({ field: 'parentId', message: 'would make the campaign its own ancestor' });
  }
  if (input.ownerId && !(await existingIds(tx, ctx.tenantId, users, [input.ownerId])).size) errors.push({ field: 'ownerId', message: 'no such user' });
  if (input.teamId && !(await existingIds(tx, ctx.tenantId, teams, [input.teamId])).size) errors.push({ field: 'teamId', message: 'no such team' });
  if (errors.length) throw fieldProblem(errors);
}

function columnsOf(input: CampaignPatch): Partial<typeof campaigns.$inferInsert> {
  const out: Partial<typeof campaigns.$inferInsert> = {};
  if (input.name !== undefined) out.name = input.name;
  if (input.type !== undefined) out.type = input.type;
  if (input.parentId !== undefined) out.parentId = input.parentId ?? null;
  if (input.description !== undefined) out.description = input.description?.trim() || null;
  if (input.startsOn !== undefined) out.startsOn = input.startsOn ?? null;
  if (input.endsOn !== undefined) out.endsOn = input.endsOn ?? null;
  if (input.budget !== undefined) out.budget = input.budget === null ? null : input.budget.toFixed(2);
  if (input.currency !== undefined) out.currency = input.currency ?? null;
  if (input.attributionWindowDays !== undefined) out.attributionWindowDays = input.attributionWindowDays;
  if (input.ownerId !== undefined) out.ownerId = input.ownerId ?? null;
  if (input.teamId !== undefined) out.teamId = input.teamId ?? null;
  return out;
}

export async function createCampaign(ctx: Ctx, input: CampaignCreate): Promise<CampaignOut> {
  allow(ctx, 'create');
  checkAssignment(ctx, input.ownerId, input.teamId);
  return inTenant(ctx, async (tx) => {
    await checkCampaign(tx, ctx, input);
    const id = uuidv7();
    await tx.insert(campaigns).values({
      ownerId: ctx.actor.id, teamId: ctx.principal.teamIds[0] ?? null, ...columnsOf(input),
      name: input.name, type: input.type, tenantId: ctx.tenantId, id, createdBy: ctx.actor.id,
    });
    const [row] = await campaignsByIds(tx, ctx.tenantId, [id]);
    const out = presentCampaign(row!);
    await appendAudit(tx, ctx.tenantId, ctx.actor, [{ action: 'campaign.created', entity: 'campaign', entityId: id, changes: diff(null, auditView(row!)) }]);
    await emitEvents(tx, ctx.tenantId, ctx.actor.id, [{ type: 'campaign.created', entity: 'campaign', entityId: id, payload: out }]);
    return out;
  });
}

async function loadCampaign(q: Queryable, ctx: Ctx, id: string, lock = false): Promise<CampaignRow> {
  const query = q.select().from(campaigns).where(and(eq(campaigns.tenantId, ctx.tenantId), eq(campaigns.id, id)));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw notFound('Campaign');
  return row;
}

export async function getCampaign(ctx: Ctx, id: string): Promise<CampaignOut> {
  allow(ctx, 'read');
  return readInTenant(ctx, async (q) => {
    const [row] = await campaignsByIds(q, ctx.tenantId, [id]);
    if (!row) throw notFound('Campaign');
    return presentCampaign(row);
  });
}

export async function listCampaigns(ctx: Ctx, params: ListParams) {
  allow(ctx, 'read');
  const plan = sortPlan(campaignFieldMap, params.sort);
  const where = and(filtersSql(campaignFieldMap, params), cursorSql(plan, campaigns.id, params.cursor));
  const rows = await readInTenant(ctx, (q) => selectCampaigns(q, ctx.tenantId, where, orderSql(plan, campaigns.id), params.limit + 1));
  const { data, nextCursor } = page(rows, params.limit, (r) => r[plan.field as keyof CampaignRow]);
  return { data: data.map(presentCampaign), nextCursor };
}

export async function updateCampaign(ctx: Ctx, id: string, patch: CampaignPatch, ifMatch?: number): Promise<CampaignOut> {
  allow(ctx, 'update');
  if (patch.ownerId !== undefined || patch.teamId !== undefined) checkAssignment(ctx, patch.ownerId, patch.teamId);
  return inTenant(ctx, async (tx) => {
    const row = await loadCampaign(tx, ctx, id, true);
    if (ifMatch !== undefined && row.version !== ifMatch) {
      throw new AppError('stale_write', 412, `Campaign was changed by someone else (now version ${row.version}); reload and retry`);
    }
    const startsOn = patch.startsOn !== undefined ? patch.startsOn : row.startsOn;
    const endsOn = patch.endsOn !== undefined ? patch.endsOn : row.endsOn;
    if (startsOn && endsOn && endsOn < startsOn) throw fieldProblem([{ field: 'endsOn', message: 'is before startsOn' }]);
    if (patch.type !== undefined && patch.type !== 'programme' && row.type === 'programme') {
      const [child] = await tx.select({ id: campaigns.id }).from(campaigns).where(and(eq(campaigns.tenantId, ctx.tenantId), eq(campaigns.parentId, id))).limit(1);
      if (child) throw fieldProblem([{ field: 'type', message: 'campaigns belong to this programme; move them first' }]);
    }
    await checkCampaign(tx, ctx, patch, id);
    const [before] = await campaignsByIds(tx, ctx.tenantId, [id]);
    await tx.update(campaigns).set({ ...columnsOf(patch), updatedAt: new Date(), version: row.version + 1 })
      .where(and(eq(campaigns.tenantId, ctx.tenantId), eq(campaigns.id, id)));
    const [after] = await campaignsByIds(tx, ctx.tenantId, [id]);
    const out = presentCampaign(after!);
    await appendAudit(tx, ctx.tenantId, ctx.actor, [{ action: 'campaign.updated', entity: 'campaign', entityId: id, changes: diff(auditView(before!), auditView(after!)) }]);
    await emitEvents(tx, ctx.tenantId, ctx.actor.id, [{ type: 'campaign.updated', entity: 'campaign', entityId: id, payload: out }]);
    return out;
  });
}

/** Deletes a campaign nothing is attributed to (costs and touches go with it). */
export async function deleteCampaign(ctx: Ctx, id: string): Promise<void> {
  allow(ctx, 'delete');
  await inTenant(ctx, async (tx) => {
    await loadCampaign(tx, ctx, id, true);
    const used = await campaignInUse(tx, ctx.tenantId, id);
    if (used) throw conflict(`Campaign is referenced by ${used}; it cannot be deleted`);
    const [before] = await campaignsByIds(tx, ctx.tenantId, [id]);
    await tx.delete(campaigns).where(and(eq(campaigns.tenantId, ctx.tenantId), eq(campaigns.id, id)));
    await appendAudit(tx, ctx.tenantId, ctx.actor, [{ action: 'campaign.deleted', entity: 'campaign', entityId: id, changes: diff(auditView(before!), null) }]);
    await emitEvents(tx, ctx.tenantId, ctx.actor.id, [{ type: 'campaign.deleted', entity: 'campaign', entityId: id, payload: { id } }]);
  });
}

export async function addCost(ctx: Ctx, campaignId: string, input: CostCreate): Promise<CostOut> {
  allow(ctx, 'update');
  return inTenant(ctx, async (tx) => {
    await loadCampaign(tx, ctx, campaignId, true);
    const [row] = await tx.insert(campaignCosts).values({
      tenantId: ctx.tenantId, id: uuidv7(), campaignId, description: input.description, amount: input.amount.toFixed(2),
      currency: input.currency, incurredOn: input.incurredOn ?? null, createdBy: ctx.actor.id,
    }).returning();
    const out = presentCost(row!);
    await appendAudit(tx, ctx.tenantId, ctx.actor, [{ action: 'campaign.cost_added', entity: 'campaign', entityId: campaignId, changes: { cost: { before: null, after: out } } }]);
    await emitEvents(tx, ctx.tenantId, ctx.actor.id, [{ type: 'campaign.cost_added', entity: 'campaign', entityId: campaignId, payload: out }]);
    return out;
  });
}

export async function listCosts(ctx: Ctx, campaignId: string): Promise<CostOut[]> {
  allow(ctx, 'read');
  return readInTenant(ctx, async (q) => {
    await loadCampaign(q, ctx, campaignId);
    const rows = await q.select().from(campaignCosts).where(and(eq(campaignCosts.tenantId, ctx.tenantId), eq(campaignCosts.campaignId, campaignId))).orderBy(asc(campaignCosts.id));
    return rows.map(presentCost);
  });
}

export async function deleteCost(ctx: Ctx, campaignId: string, costId: string): Promise<void> {
  allow(ctx, 'update');
  await inTenant(ctx, async (tx) => {
    const [row] = await tx.delete(campaignCosts)
      .where(and(eq(campaignCosts.tenantId, ctx.tenantId), eq(campaignCosts.campaignId, campaignId), eq(campaignCosts.id, costId))).returning();
    if (!row) throw notFound('Cost line');
    await appendAudit(tx, ctx.tenantId, ctx.actor, [{ action: 'campaign.cost_removed', entity: 'campaign', entityId: campaignId, changes: { cost: { before: presentCost(row), after: null } } }]);
    await emitEvents(tx, ctx.tenantId, ctx.actor.id, [{ type: 'campaign.cost_removed', entity: 'campaign', entityId: campaignId, payload: { id: costId } }]);
  });
}

/** Records who the campaign reached (up to 1,000 at once); every contact must be visible to the caller. */
export async function addTouches(ctx: Ctx, campaignId: string, touches: TouchCreate[]): Promise<TouchOut[]> {
  allow(ctx, 'update');
  return inTenant(ctx, async (tx) => {
    await loadCampaign(tx, ctx, campaignId, true);
    const ok = await visibleIds(tx, ctx, 'contact', touches.map((t) => t.contactId));
    const errors = touches.flatMap((t, i) => (ok.has(t.contactId) ? [] : [{ field: `items.${i}.contactId`, message: 'no such contact' }]));
    if (errors.length) throw fieldProblem(errors);
    const rows = touches.map((t) => ({
      tenantId: ctx.tenantId, id: uuidv7(), campaignId, contactId: t.contactId, kind: t.kind, touchedAt: new Date(t.touchedAt), createdBy: ctx.actor.id,
    }));
    const inserted = rows.length ? await tx.insert(campaignTouches).values(rows).returning() : [];
    const out = inserted.map(presentTouch);
    await appendAudit(tx, ctx.tenantId, ctx.actor, [{ action: 'campaign.touches_added', entity: 'campaign', entityId: campaignId, changes: { touches: { before: null, after: out.length } } }]);
    await emitEvents(tx, ctx.tenantId, ctx.actor.id, [{ type: 'campaign.touches_added', entity: 'campaign', entityId: campaignId, payload: { count: out.length } }]);
    return out;
  });
}

export async function listTouches(ctx: Ctx, campaignId: string, q: { limit: number; cursor?: string | undefined; contactId?: string | undefined }) {
  allow(ctx, 'read');
  return readInTenant(ctx, async (db) => {
    await loadCampaign(db, ctx, campaignId);
    const rows = await db.select().from(campaignTouches).where(and(
      eq(campaignTouches.tenantId, ctx.tenantId), eq(campaignTouches.campaignId, campaignId),
      q.contactId ? eq(campaignTouches.contactId, q.contactId) : undefined,
      q.cursor ? gt(campaignTouches.id, q.cursor) : undefined,
    )).orderBy(asc(campaignTouches.id)).limit(q.limit + 1);
    const data = rows.slice(0, q.limit).map(presentTouch);
    return { data, nextCursor: rows.length > q.limit ? data[data.length - 1]!.id : null };
  });
}
