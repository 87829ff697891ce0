// Users and teams of a tenant. Role and team changes are permission changes: always audited.
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import type { Ctx } from '../platform/context.ts';
import { inTenant } from '../platform/context.ts';
import { AppError, forbidden, notFound } from '../platform/errors.ts';
import { uuidv7 } from '../platform/ids.ts';
import { appendAudit, diff } from '../platform/audit/service.ts';
import { can, roles, type Role } from '../platform/policy/index.ts';
import { hashPassword } from '../platform/auth/secrets.ts';
import { forgetAuth } from '../platform/auth/service.ts';
import { teamMembers, teams, users } from './tables.ts';

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  password?: string | undefined;
  teamIds?: string[] | undefined;
  managerId?: string | null | undefined;
}

export type UserRow = typeof users.$inferSelect;

function checkRole(role: string): asserts role is Role {
  if (!(roles as readonly string[]).includes(role)) {
    throw new AppError('validation_failed', 422, `role: must be one of ${roles.join(', ')}`, [{ field: 'role', message: `must be one of ${roles.join(', ')}` }]);
  }
}

export async function createUser(ctx: Ctx, input: NewUser): Promise<UserRow> {
  if (!can(ctx.principal, 'create', 'user')) throw forbidden();
  checkRole(input.role);
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return inTenant(ctx, async (tx) => {
    const [clash] = await tx.select({ id: users.id }).from(users).where(and(eq(users.tenantId, ctx.tenantId), eq(users.email, input.email)));
    if (clash) throw new AppError('conflict', 409, 'A user with this email exists', [{ field: 'email', message: 'already in use' }]);
    if (input.managerId) await checkManager(tx, ctx.tenantId, null, input.managerId);
    const [row] = await tx
      .insert(users)
      .values({ tenantId: ctx.tenantId, id: uuidv7(), email: input.email, name: input.name, role: input.role, passwordHash, managerId: input.managerId ?? null })
      .returning();
    const user = row!;
    if (input.teamIds?.length) await setTeams(tx, ctx.tenantId, user.id, input.teamIds);
    await appendAudit(tx, ctx.tenantId, ctx.actor, [
      { action: 'user.created', entity: 'user', entityId: user.id, changes: diff(null, { email: user.email, name: user.name, role: user.role, teamIds: input.teamIds ?? [], managerId: user.managerId }) },
    ]);
    return user;
  });
}

/**
 * The reporting line (users.manager_id) decides separation of duties for verified outcomes, so a
 * manager must exist in the tenant and the line must never loop back to the user.
 */
async function checkManager(tx: Tx, tenantId: string, userId: string | null, managerId: string) {
  const bad = (message: string) => new AppError('validation_failed', 422, `managerId: ${message}`, [{ field: 'managerId', message }]);
  if (managerId === userId) throw bad('a user cannot be their own manager');
  const [found] = await tx.select({ id: users.id }).from(users).where(and(eq(users.tenantId, tenantId), eq(users.id, managerId)));
  if (!found) throw bad(`user ${managerId} not found`);
  if (!userId) return;
  const chain = await tx.execute(sql`with recursive up(id, depth) as (
      select manager_id, 1 from users where tenant_id = ${tenantId} and id = ${managerId}
      union all
      select u.manager_id, up.depth + 1 from users u join up on u.tenant_id = ${tenantId} and u.id = up.id where up.depth < 100
    ) select 1 from up where id = ${userId} limit 1`);
  if ((chain as unknown as { rows: unknown[] }).rows.length) throw bad('this would make the user manage their own manager');
}

async function setTeams(tx: Tx, tenantId: string, userId: string, teamIds: string[]) {
  if (teamIds.length) {
    const found = await tx.select({ id: teams.id }).from(teams).where(and(eq(teams.tenantId, tenantId), inArray(teams.id, teamIds)));
    const missing = teamIds.find((t) => !found.some((f) => f.id === t));
    if (missing) throw new AppError('validation_failed', 422, `teamIds: team ${missing} not found`, [{ field: 'teamIds', message: `team ${missing} not found` }]);
  }
  await tx.delete(teamMembers).where(and(eq(teamMembers.tenantId, tenantId), eq(teamMembers.userId, userId)));
  if (teamIds.length) await tx.insert(teamMembers).values(teamIds.map((teamId) => ({ tenantId, teamId, userId })));
}

export interface UserPatch {
  name?: string | undefined;
  role?: Role | undefined;
  active?: boolean | undefined;
  password?: string | undefined;
  teamIds?: string[] | undefined;
  managerId?: string | null | undefined;
}

export async function updateUser(ctx: Ctx, id: string, patch: UserPatch): Promise<UserRow> {
  const self = id === ctx.principal.userId;
  const touchesPermissions = patch.role !== undefined || patch.active !== undefined || patch.teamIds !== undefined || patch.managerId !== undefined;
  if (!can(ctx.principal, 'update', 'user') && !(self && !touchesPermissions)) throw forbidden();
  if (patch.role) checkRole(patch.role);
  const passwordHash = patch.password ? await hashPassword(patch.password) : undefined;
  return inTenant(ctx, async (tx) => {
    const [before] = await tx.select().from(users).where(and(eq(users.tenantId, ctx.tenantId), eq(users.id, id)));
    if (!before) throw notFound('User');
    if (patch.managerId) await checkManager(tx, ctx.tenantId, id, patch.managerId);
    const beforeTeams = (await tx.select({ t: teamMembers.teamId }).from(teamMembers).where(and(eq(teamMembers.tenantId, ctx.tenantId), eq(teamMembers.userId, id)))).map((r) => r.t);
    const set = {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.role !== undefined ? { role: patch.role } : {}),
      ...(patch.active !== undefined ? { active: patch.active } : {}),
      ...(patch.managerId !== undefined ? { managerId: patch.managerId } : {}),
      ...(passwordHash ? { passwordHash } : {}),
    };
    const [after] = await tx
      .update(users)
      .set({ ...set, updatedAt: new Date(), version: before.version + 1 })
      .where(and(eq(users.tenantId, ctx.tenantId), eq(users.id, id)))
      .returning();
    if (patch.teamIds) await setTeams(tx, ctx.tenantId, id, patch.teamIds);
    forgetAuth({ userId: id });
    const changes = diff(
      { name: before.name, role: before.role, active: before.active, teamIds: beforeTeams, managerId: before.managerId },
      { name: after!.name, role: after!.role, active: after!.active, teamIds: patch.teamIds ?? beforeTeams, managerId: after!.managerId },
    );
    if (passwordHash) changes['password'] = { before: '[redacted]', after: '[changed]' };
    await appendAudit(tx, ctx.tenantId, ctx.actor, [
      { action: touchesPermissions ? 'permission.changed' : 'user.updated', entity: 'user', entityId: id, changes },
    ]);
    return after!;
  });
}

export async function listUsers(ctx: Ctx, limit: number, after?: string) {
  if (!can(ctx.principal, 'read', 'user')) throw forbidden();
  return inTenant(ctx, (tx) =>
    tx.select().from(users)
      .where(and(eq(users.tenantId, ctx.tenantId), after ? gt(users.id, after) : undefined))
      .orderBy(asc(users.id)).limit(limit),
  );
}

export async function getUser(ctx: Ctx, id: string) {
  if (!can(ctx.principal, 'read', 'user')) throw forbidden();
  return inTenant(ctx, async (tx) => {
    const [u] = await tx.select().from(users).where(and(eq(users.tenantId, ctx.tenantId), eq(users.id, id)));
    if (!u) throw notFound('User');
    const teamIds = (await tx.select({ t: teamMembers.teamId }).from(teamMembers).where(and(eq(teamMembers.tenantId, ctx.tenantId), eq(teamMembers.userId, id)))).map((r) => r.t);
    return { ...u, teamIds };
  });
}

export async function createTeam(ctx: Ctx, name: string) {
  if (!can(ctx.principal, 'create', 'team')) throw forbidden();
  return inTenant(ctx, async (tx) => {
    const [clash] = await tx.select({ id: teams.id }).from(teams).where(and(eq(teams.tenantId, ctx.tenantId), eq(teams.name, name)));
    if (clash) throw new AppError('conflict', 409, 'A team with this name exists', [{ field: 'name', message: 'already in use' }]);
    const [team] = await tx.insert(teams).values({ tenantId: ctx.tenantId, id: uuidv7(), name }).returning();
    await appendAudit(tx, ctx.tenantId, ctx.actor, [{ action: 'team.created', entity: 'team', entityId: team!.id, changes: { name: { after: name } } }]);
    return team!;
  });
}

export async function listTeams(ctx: Ctx) {
  if (!can(ctx.principal, 'read', 'team')) throw forbidden();
  return inTenant(ctx, (tx) => tx.select().from(teams).where(eq(teams.tenantId, ctx.tenantId)).orderBy(asc(teams.name)));
}
