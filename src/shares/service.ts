// Record shares: granting a user or a team read or write access to one record beyond what
// ownership gives. The policy module and visibility SQL honour them; this module writes them.
// Only those who control the record may share it: admins, its owner, managers of its team (a
// write share lets you edit a record, not hand it on). Each change is a permission change,
// audited as permission.shared / permission.unshared on the shared record.
import { and, asc, eq } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Tx } from '../db/client.ts';
import { inTenant, type Ctx } from '../platform/context.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../platform/errors.ts';
import { uuidv7 } from '../platform/ids.ts';
import { appendAudit, diff } from '../platform/audit/service.ts';
import { emitEvents } from '../platform/outbox/service.ts';
import { can, type Action, type OwnedResource } from '../platform/policy/index.ts';
import { loadForAction, type OwnedTable } from '../platform/records.ts';
import { recordShares } from '../platform/tenancy/tables.ts';
import { teams, users } from '../users/tables.ts';
import { contacts } from '../contacts/tables.ts';
import { companies } from '../companies/tables.ts';
import { interactions } from '../interactions/tables.ts';
import { notes } from '../notes/tables.ts';
import { tasks } from '../tasks/tables.ts';
import { households } from '../households/tables.ts';
import { deals } from '../deals/tables.ts';
import type { ShareCreate, ShareOut } from './schemas.ts';

type ShareRow = typeof recordShares.$inferSelect;
type Owned = { ownerId: string | null; teamId: string | null };

const tables: Record<OwnedResource, PgTable & OwnedTable> = { contact: contacts, company: companies, interaction: interactions, note: notes, task: tasks, household: households, deal: deals };

export const presentShare = (s: ShareRow): ShareOut => ({
  id: s.id, entity: s.entity as OwnedResource, recordId: s.recordId, userId: s.userId, teamId: s.teamId,
  access: s.access as ShareOut['access'], createdAt: s.createdAt.toISOString(),
});

const allow = (ctx: Ctx, action: Action) => {
  if (!can(ctx.principal, action, 'share')) throw forbidden(`Your role may not ${action === 'read' ? 'see' : 'change'} shares`);
};

/** Loads the shared record for an action: 404 if hidden, 403 if it can be seen but not changed. */
async function loadRecord(tx: Tx, ctx: Ctx, entity: OwnedResource, recordId: string, action: Action, hiddenAs?: string): Promise<Owned> {
  try {
    return await loadForAction<Owned>(tx, ctx, entity, tables[entity], recordId, action);
  } catch (err) {
    if (hiddenAs && err instanceof AppError && err.status === 404) throw notFound(hiddenAs);
    throw err;
  }
}

function checkControls(ctx: Ctx, rec: Owned, entity: string) {
  const p = ctx.principal;
  const controls = p.role === 'admin' || (rec.ownerId !== null && rec.ownerId === p.userId)
    || (p.role === 'manager' && rec.teamId !== null && p.teamIds.includes(rec.teamId));
  if (!controls) throw forbidden(`Only admins, the ${entity}'s owner and managers of its team may share it`);
}

async function loadShare(tx: Tx, ctx: Ctx, id: string): Promise<ShareRow> {
  const [row] = await tx.select().from(recordShares).where(and(eq(recordShares.tenantId, ctx.tenantId), eq(recordShares.id, id))).for('update');
  if (!row) throw notFound('Share');
  return row;
}

const grant = (s: ShareRow) => ({ id: s.id, userId: s.userId, teamId: s.teamId, access: s.access });

async function record(tx: Tx, ctx: Ctx, action: 'permission.shared' | 'permission.unshared', before: ShareRow | null, after: ShareRow | null) {
  const s = (after ?? before)!;
  await appendAudit(tx, ctx.tenantId, ctx.actor, [{ action, entity: s.entity, entityId: s.recordId, changes: diff(before && { share: grant(before) }, after && { share: grant(after) }) }]);
  await emitEvents(tx, ctx.tenantId, ctx.actor.id, [{ type: action, entity: 'share', entityId: s.id, payload: presentShare(s) }]);
}

export async function createShare(ctx: Ctx, input: ShareCreate): Promise<ShareOut> {
  allow(ctx, 'create');
  return inTenant(ctx, async (tx) => {
    const rec = await loadRecord(tx, ctx, input.entity, input.recordId, 'update');
    checkControls(ctx, rec, input.entity);
    const userId = input.userId ?? null;
    const teamId = input.teamId ?? null;
    if (userId) {
      const [u] = await tx.select({ id: users.id }).from(users).where(and(eq(users.tenantId, ctx.tenantId), eq(users.id, userId)));
      if (!u) throw invalid('userId', 'no such user');
    } else {
      const [t] = await tx.select({ id: teams.id }).from(teams).where(and(eq(teams.tenantId, ctx.tenantId), eq(teams.id, teamId!)));
      if (!t) throw invalid('teamId', 'no such team');
    }
    const [dup] = await tx
      .select({ id: recordShares.id })
      .from(recordShares)
      .where(and(
        eq(recordShares.tenantId, ctx.tenantId), eq(recordShares.entity, input.entity), eq(recordShares.recordId, input.recordId),
        userId ? eq(recordShares.userId, userId) : eq(recordShares.teamId, teamId!),
      ));
    if (dup) throw conflict(`This ${input.entity} is already shared with this ${userId ? 'user' : 'team'} (share ${dup.id}); change its access instead`, userId ? 'userId' : 'teamId');
    const [row] = await tx
      .insert(recordShares)
      .values({ tenantId: ctx.tenantId, id: uuidv7(), entity: input.entity, recordId: input.recordId, userId, teamId, access: input.access, createdAt: new Date() })
      .returning();
    await record(tx, ctx, 'permission.shared', null, row!);
    return presentShare(row!);
  });
}

/** The shares of one record, for anyone who may see the record. */
export async function listShares(ctx: Ctx, entity: OwnedResource, recordId: string): Promise<ShareOut[]> {
  allow(ctx, 'read');
  return inTenant(ctx, async (tx) => {
    await loadRecord(tx, ctx, entity, recordId, 'read');
    const rows = await tx
      .select()
      .from(recordShares)
      .where(and(eq(recordShares.tenantId, ctx.tenantId), eq(recordShares.entity, entity), eq(recordShares.recordId, recordId)))
      .orderBy(asc(recordShares.createdAt), asc(recordShares.id));
    return rows.map(presentShare);
  });
}

export async function getShare(ctx: Ctx, id: string): Promise<ShareOut> {
  allow(ctx, 'read');
  return inTenant(ctx, async (tx) => {
    const share = await loadShare(tx, ctx, id);
    await loadRecord(tx, ctx, share.entity as OwnedResource, share.recordId, 'read', 'Share');
    return presentShare(share);
  });
}

export async function changeShareAccess(ctx: Ctx, id: string, access: 'read' | 'write'): Promise<ShareOut> {
  allow(ctx, 'create');
  return inTenant(ctx, async (tx) => {
    const before = await loadShare(tx, ctx, id);
    const rec = await loadRecord(tx, ctx, before.entity as OwnedResource, before.recordId, 'update', 'Share');
    checkControls(ctx, rec, before.entity);
    if (before.access === access) return presentShare(before);
    const [after] = await tx.update(recordShares).set({ access }).where(and(eq(recordShares.tenantId, ctx.tenantId), eq(recordShares.id, id))).returning();
    await record(tx, ctx, 'permission.shared', before, after!);
    return presentShare(after!);
  });
}

export async function deleteShare(ctx: Ctx, id: string): Promise<void> {
  allow(ctx, 'delete');
  await inTenant(ctx, async (tx) => {
    const share = await loadShare(tx, ctx, id);
    const rec = await loadRecord(tx, ctx, share.entity as OwnedResource, share.recordId, 'update', 'Share');
    checkControls(ctx, rec, share.entity);
    await tx.delete(recordShares).where(and(eq(recordShares.tenantId, ctx.tenantId), eq(recordShares.id, id)));
    await record(tx, ctx, 'permission.unshared', share, null);
  });
}
