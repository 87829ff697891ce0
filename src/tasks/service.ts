// Task use cases: create, read, list (with due shortcuts), update with optimistic locking and the
// completion rules, delete. Every write is audited and emits an outbox event in its transaction.
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { inTenant, type Ctx } from '../platform/context.ts';
import { forbidden } from '../platform/errors.ts';
import { uuidv7 } from '../platform/ids.ts';
import { appendAudit, diff, type AuditInput } from '../platform/audit/service.ts';
import { emitEvents } from '../platform/outbox/service.ts';
import { can } from '../platform/policy/index.ts';
import { checkAssignment } from '../platform/records.ts';
import { cursorSql, filtersSql, orderSql, page, sortPlan, type ListParams } from '../platform/list.ts';
import { changedLinks, checkLinks, fieldProblem } from '../timeline/references.ts';
import { tasks } from './tables.ts';
import { dueSql, loadTask, NO_DUE_DATE, taskSortMap, taskFieldMap, taskVisibilitySql } from './data.ts';
import { auditView, presentTask, type TaskRow } from './presenter.ts';
import type { TaskCreate, TaskOut, TaskPatch } from './schemas.ts';

const byId = (tenantId: string, id: string) => and(eq(tasks.tenantId, tenantId), eq(tasks.id, id));
const clean = (s: string | null | undefined) => s?.trim() || null;

async function recordWrite(tx: Tx, ctx: Ctx, audit: AuditInput, type: string, payload: unknown) {
  await appendAudit(tx, ctx.tenantId, ctx.actor, [audit]);
  await emitEvents(tx, ctx.tenantId, ctx.actor.id, [{ type, entity: 'task', entityId: audit.entityId!, payload }]);
}

export async function createTask(ctx: Ctx, input: TaskCreate): Promise<TaskOut> {
  if (!can(ctx.principal, 'create', 'task')) throw forbidden('Your role may not create tasks');
  checkAssignment(ctx, input.ownerId, input.teamId);
  return inTenant(ctx, async (tx) => {
    const errors = await checkLinks(tx, ctx, input);
    if (errors.length) throw fieldProblem(errors);
    const now = new Date();
    const status = input.status ?? 'open';
    const [row] = await tx.insert(tasks).values({
      tenantId: ctx.tenantId, id: uuidv7(), title: input.title, notes: clean(input.notes), status,
      dueAt: input.dueAt ? new Date(input.dueAt) : null,
      completedAt: status === 'done' ? now : null,
      assigneeId: input.assigneeId !== undefined ? input.assigneeId : ctx.actor.id,
      contactId: input.contactId ?? null, companyId: input.companyId ?? null,
      ownerId: input.ownerId !== undefined ? input.ownerId : ctx.actor.id,
      teamId: input.teamId !== undefined ? input.teamId : (ctx.principal.teamIds[0] ?? null),
      createdBy: ctx.actor.id, createdAt: now, updatedAt: now,
    }).returning();
    const task = presentTask(row!);
    await recordWrite(tx, ctx, { action: 'task.created', entity: 'task', entityId: row!.id, changes: diff(null, auditView(row!)) }, 'task.created', task);
    return task;
  });
}

export async function getTask(ctx: Ctx, id: string): Promise<TaskOut> {
  return inTenant(ctx, async (tx) => presentTask(await loadTask(tx, ctx, id, 'read')));
}

export async function listTasks(ctx: Ctx, params: ListParams, due: 'overdue' | 'today' | undefined, tz: string) {
  const plan = sortPlan(taskSortMap, params.sort);
  const where = and(
    eq(tasks.tenantId, ctx.tenantId), taskVisibilitySql(ctx), filtersSql(taskFieldMap, params), dueSql(due, tz),
    cursorSql(plan, tasks.id, params.cursor),
  );
  const rows = await inTenant(ctx, (tx) => tx.select().from(tasks).where(where).orderBy(...orderSql(plan, tasks.id)).limit(params.limit + 1));
  const sortValue = (r: TaskRow) => (plan.field === 'dueAt' ? (r.dueAt ?? NO_DUE_DATE) : r[plan.field as keyof TaskRow]);
  const { data, nextCursor } = page(rows, params.limit, sortValue);
  return { data: data.map(presentTask), nextCursor };
}

export async function updateTask(ctx: Ctx, id: string, patch: TaskPatch, ifMatch?: number): Promise<TaskOut> {
  return inTenant(ctx, async (tx) => {
    const before = await loadTask(tx, ctx, id, 'update', { lock: true, ifMatch });
    if (patch.ownerId !== undefined || patch.teamId !== undefined) checkAssignment(ctx, patch.ownerId, patch.teamId);
    const errors = await checkLinks(tx, ctx, changedLinks(patch, before, ['contactId', 'companyId', 'ownerId', 'teamId', 'assigneeId']));
    if (errors.length) throw fieldProblem(errors);
    const now = new Date();
    const status = patch.status ?? before.status;
    const completes = status === 'done' && before.status !== 'done';
    const [after] = await tx.update(tasks).set({
      ...(patch.title !== undefined ? { title: patch.title } : {}),
      ...(patch.notes !== undefined ? { notes: clean(patch.notes) } : {}),
      ...(patch.dueAt !== undefined ? { dueAt: patch.dueAt ? new Date(patch.dueAt) : null } : {}),
      ...(patch.assigneeId !== undefined ? { assigneeId: patch.assigneeId } : {}),
      ...(patch.contactId !== undefined ? { contactId: patch.contactId } : {}),
      ...(patch.companyId !== undefined ? { companyId: patch.companyId } : {}),
      ...(patch.ownerId !== undefined ? { ownerId: patch.ownerId } : {}),
      ...(patch.teamId !== undefined ? { teamId: patch.teamId } : {}),
      status,
      // Only a done task carries a completion time: completing stamps it, anything else clears it.
      completedAt: status !== 'done' ? null : completes ? now : before.completedAt,
      updatedAt: now, version: before.version + 1,
    }).where(byId(ctx.tenantId, id)).returning();
    const task = presentTask(after!);
    const changes = diff(auditView(before), auditView(after!));
    await recordWrite(tx, ctx, { action: 'task.updated', entity: 'task', entityId: id, changes }, completes ? 'task.completed' : 'task.updated', task);
    return task;
  });
}

export async function deleteTask(ctx: Ctx, id: string): Promise<void> {
  await inTenant(ctx, async (tx) => {
    const before = await loadTask(tx, ctx, id, 'delete', { lock: true });
    await tx.delete(tasks).where(byId(ctx.tenantId, id));
    await recordWrite(tx, ctx, { action: 'task.deleted', entity: 'task', entityId: id, changes: diff(auditView(before), null) }, 'task.deleted', { id });
  });
}
