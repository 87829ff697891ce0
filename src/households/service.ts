// Household use cases: create, read, list, update (optimistic locking), delete, and adding or
// removing one member. Policy resource 'household'; every write is audited and emits an outbox
// event in its transaction.
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { inTenant, type Ctx } from '../platform/context.ts';
import { AppError, conflict, forbidden, notFound, type FieldError } from '../platform/errors.ts';
import { uuidv7 } from '../platform/ids.ts';
import { appendAudit, diff } from '../platform/audit/service.ts';
import { emitEvents } from '../platform/outbox/service.ts';
import { can, visibilityOf } from '../platform/policy/index.ts';
import { visibilitySql } from '../platform/policy/sql.ts';
import { checkAssignment, loadForAction } from '../platform/records.ts';
import { cursorSql, filtersSql, orderSql, page, sortPlan, type ListParams } from '../platform/list.ts';
import { contacts } from '../contacts/tables.ts';
import { householdMembers, households } from './tables.ts';
import { householdById, householdFieldMap, householdIdsOfContact, inIds, replaceMembers, selectHouseholds, type HouseholdRow, type HouseholdWithMembers } from './data.ts';
import { ownershipErrors, visibleContactIds } from './refs.ts';
import { auditView, presentHousehold } from './presenter.ts';
import type { HouseholdCreate, HouseholdOut, HouseholdPatch, MemberIn } from './schemas.ts';

const invalidAll = (errors: FieldError[]) =>
  new AppError('validation_failed', 422, errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);

/** Members must be visible contacts, each listed once, with at most one head. */
async function memberErrors(tx: Tx, ctx: Ctx, members: MemberIn[]): Promise<FieldError[]> {
  const visible = await visibleContactIds(tx, ctx, members.map((m) => m.contactId));
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  let heads = 0;
  members.forEach((m, i) => {
    if (!visible.has(m.contactId)) errors.push({ field: `members.${i}.contactId`, message: 'no such contact' });
    else if (seen.has(m.contactId)) errors.push({ field: `members.${i}.contactId`, message: 'this contact is listed twice' });
    seen.add(m.contactId);
    if (m.role === 'head' && ++heads > 1) errors.push({ field: `members.${i}.role`, message: 'a household has at most one head' });
  });
  return errors;
}

async function record(tx: Tx, ctx: Ctx, action: string, before: HouseholdWithMembers | null, after: HouseholdWithMembers | null, id: string) {
  await appendAudit(tx, ctx.tenantId, ctx.actor, [{ action, entity: 'household', entityId: id, changes: diff(before && auditView(before), after && auditView(after)) }]);
  await emitEvents(tx, ctx.tenantId, ctx.actor.id, [{ type: action, entity: 'household', entityId: id, payload: after ? presentHousehold(after) : { id } }]);
}

export async function createHousehold(ctx: Ctx, input: HouseholdCreate): Promise<HouseholdOut> {
  if (!can(ctx.principal, 'create', 'household')) throw forbidden('Your role may not create households');
  checkAssignment(ctx, input.ownerId, input.teamId);
  return inTenant(ctx, async (tx) => {
    const members = input.members ?? [];
    const errors = [...(await ownershipErrors(tx, ctx.tenantId, input.ownerId, input.teamId)), ...(await memberErrors(tx, ctx, members))];
    if (errors.length) throw invalidAll(errors);
    const id = uuidv7();
    const now = new Date();
    await tx.insert(households).values({
      tenantId: ctx.tenantId, id, name: input.name,
      ownerId: input.ownerId === undefined ? ctx.actor.id : input.ownerId,
      teamId: input.teamId === undefined ? (ctx.principal.teamIds[0] ?? null) : input.teamId,
      createdAt: now, updatedAt: now,
    });
    await replaceMembers(tx, ctx.tenantId, id, members, now);
    const created = (await householdById(tx, ctx.tenantId, id))!;
    await record(tx, ctx, 'household.created', null, created, id);
    return presentHousehold(created);
  });
}

export async function getHousehold(ctx: Ctx, id: string): Promise<HouseholdOut> {
  return inTenant(ctx, async (tx) => {
    await loadForAction(tx, ctx, 'household', households, id, 'read');
    return presentHousehold((await householdById(tx, ctx.tenantId, id))!);
  });
}

export async function listHouseholds(ctx: Ctx, params: ListParams) {
  const visibility = visibilityOf(ctx.principal, 'household');
  if (!visibility) throw forbidden('Your role may not list households');
  const plan = sortPlan(householdFieldMap, params.sort);
  const where = and(visibilitySql(visibility, households, 'household'), filtersSql(householdFieldMap, params), cursorSql(plan, households.id, params.cursor));
  const rows = await inTenant(ctx, (tx) => selectHouseholds(tx, ctx.tenantId, where, orderSql(plan, households.id), params.limit + 1));
  const { data, nextCursor } = page(rows, params.limit, (r) => r[plan.field as keyof HouseholdWithMembers]);
  return { data: data.map(presentHousehold), nextCursor };
}

/** The visible households a (visible) contact belongs to. */
export async function householdsOfContact(ctx: Ctx, contactId: string): Promise<HouseholdOut[]> {
  return inTenant(ctx, async (tx) => {
    await loadForAction(tx, ctx, 'contact', contacts, contactId, 'read');
    const visibility = visibilityOf(ctx.principal, 'household');
    const ids = await householdIdsOfContact(tx, ctx.tenantId, contactId);
    if (!visibility || ids.length === 0) return [];
    const rows = await selectHouseholds(tx, ctx.tenantId, and(inIds(ids), visibilitySql(visibility, households, 'household')), [sql`${households.name} asc`, sql`${households.id} asc`], ids.length);
    return rows.map(presentHousehold);
  });
}

/** Writes a changed household row (bumping its version), then records the change. */
async function saveChange(tx: Tx, ctx: Ctx, row: HouseholdRow, before: HouseholdWithMembers, set: Partial<HouseholdRow>, action: string) {
  await tx
    .update(households)
    .set({ ...set, updatedAt: new Date(), version: row.version + 1 })
    .where(and(eq(households.tenantId, ctx.tenantId), eq(households.id, row.id)));
  const after = (await householdById(tx, ctx.tenantId, row.id))!;
  await record(tx, ctx, action, before, after, row.id);
  return presentHousehold(after);
}

export async function updateHousehold(ctx: Ctx, id: string, patch: HouseholdPatch, ifMatch?: number): Promise<HouseholdOut> {
  return inTenant(ctx, async (tx) => {
    const row = await loadForAction<HouseholdRow>(tx, ctx, 'household', households, id, 'update', { lock: true, ifMatch });
    if (patch.ownerId !== undefined || patch.teamId !== undefined) checkAssignment(ctx, patch.ownerId, patch.teamId);
    const errors = [...(await ownershipErrors(tx, ctx.tenantId, patch.ownerId, patch.teamId)), ...(patch.members ? await memberErrors(tx, ctx, patch.members) : [])];
    if (errors.length) throw invalidAll(errors);
    const before = (await householdById(tx, ctx.tenantId, id))!;
    if (patch.members) await replaceMembers(tx, ctx.tenantId, id, patch.members, new Date());
    const set: Partial<HouseholdRow> = {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.ownerId !== undefined ? { ownerId: patch.ownerId } : {}),
      ...(patch.teamId !== undefined ? { teamId: patch.teamId } : {}),
    };
    return saveChange(tx, ctx, row, before, set, 'household.updated');
  });
}

export async function deleteHousehold(ctx: Ctx, id: string): Promise<void> {
  await inTenant(ctx, async (tx) => {
    await loadForAction(tx, ctx, 'household', households, id, 'delete', { lock: true });
    const before = (await householdById(tx, ctx.tenantId, id))!;
    await tx.delete(households).where(and(eq(households.tenantId, ctx.tenantId), eq(households.id, id)));
    await record(tx, ctx, 'household.deleted', before, null, id);
  });
}

export async function addMember(ctx: Ctx, id: string, member: MemberIn): Promise<HouseholdOut> {
  return inTenant(ctx, async (tx) => {
    const row = await loadForAction<HouseholdRow>(tx, ctx, 'household', households, id, 'update', { lock: true });
    const before = (await householdById(tx, ctx.tenantId, id))!;
    if (!(await visibleContactIds(tx, ctx, [member.contactId])).has(member.contactId)) throw invalidAll([{ field: 'contactId', message: 'no such contact' }]);
    if (before.members.some((m) => m.contactId === member.contactId)) throw conflict('This contact is already a member of the household', 'contactId');
    if (member.role === 'head' && before.members.some((m) => m.role === 'head')) throw invalidAll([{ field: 'role', message: 'this household already has a head' }]);
    await tx.insert(householdMembers).values({ tenantId: ctx.tenantId, householdId: id, contactId: member.contactId, role: member.role, createdAt: new Date() });
    return saveChange(tx, ctx, row, before, {}, 'household.member_added');
  });
}

export async function removeMember(ctx: Ctx, id: string, contactId: string): Promise<HouseholdOut> {
  return inTenant(ctx, async (tx) => {
    const row = await loadForAction<HouseholdRow>(tx, ctx, 'household', households, id, 'update', { lock: true });
    const before = (await householdById(tx, ctx.tenantId, id))!;
    const removed = await tx
      .delete(householdMembers)
      .where(and(eq(householdMembers.tenantId, ctx.tenantId), eq(householdMembers.householdId, id), eq(householdMembers.contactId, contactId)))
      .returning({ contactId: householdMembers.contactId });
    if (removed.length === 0) throw notFound('Household member');
    return saveChange(tx, ctx, row, before, {}, 'household.member_removed');
  });
}
