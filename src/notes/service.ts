// Note use cases: create, read, list, update with optimistic locking, delete. Policy is asked
// here; every write is audited and emits an outbox event in its transaction.
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { inTenant, type Ctx } from '../platform/context.ts';
import { forbidden } from '../platform/errors.ts';
import { uuidv7 } from '../platform/ids.ts';
import { appendAudit, diff, type AuditInput } from '../platform/audit/service.ts';
import { emitEvents } from '../platform/outbox/service.ts';
import { can, visibilityOf } from '../platform/policy/index.ts';
import { visibilitySql } from '../platform/policy/sql.ts';
import { checkAssignment, loadForAction } from '../platform/records.ts';
import { cursorSql, filtersSql, orderSql, page, sortPlan, ownedFieldMap, type FieldMap, type ListParams } from '../platform/list.ts';
import { changedLinks, checkLinks, fieldProblem } from '../timeline/references.ts';
import { notes } from './tables.ts';
import { auditView, presentNote, type NoteRow } from './presenter.ts';
import type { NoteCreate, NoteOut, NotePatch } from './schemas.ts';

export const noteFieldMap: FieldMap = {
  ...ownedFieldMap(notes),
  body: { column: notes.body, type: 'text' },
  contactId: { column: notes.contactId, type: 'uuid' },
  companyId: { column: notes.companyId, type: 'uuid' },
};

const byId = (tenantId: string, id: string) => and(eq(notes.tenantId, tenantId), eq(notes.id, id));

async function recordWrite(tx: Tx, ctx: Ctx, audit: AuditInput, type: string, payload: unknown) {
  await appendAudit(tx, ctx.tenantId, ctx.actor, [audit]);
  await emitEvents(tx, ctx.tenantId, ctx.actor.id, [{ type, entity: 'note', entityId: audit.entityId!, payload }]);
}

export async function createNote(ctx: Ctx, input: NoteCreate): Promise<NoteOut> {
  if (!can(ctx.principal, 'create', 'note')) throw forbidden('Your role may not write notes');
  checkAssignment(ctx, input.ownerId, input.teamId);
  return inTenant(ctx, async (tx) => {
    const errors = await checkLinks(tx, ctx, input);
    if (errors.length) throw fieldProblem(errors);
    const now = new Date();
    const [row] = await tx.insert(notes).values({
      tenantId: ctx.tenantId, id: uuidv7(), body: input.body,
      contactId: input.contactId ?? null, companyId: input.companyId ?? null,
      ownerId: input.ownerId !== undefined ? input.ownerId : ctx.actor.id,
      teamId: input.teamId !== undefined ? input.teamId : (ctx.principal.teamIds[0] ?? null),
      createdBy: ctx.actor.id, createdAt: now, updatedAt: now,
    }).returning();
    const note = presentNote(row!);
    await recordWrite(tx, ctx, { action: 'note.created', entity: 'note', entityId: row!.id, changes: diff(null, auditView(row!)) }, 'note.created', note);
    return note;
  });
}

export async function getNote(ctx: Ctx, id: string): Promise<NoteOut> {
  return inTenant(ctx, async (tx) => presentNote(await loadForAction<NoteRow>(tx, ctx, 'note', notes, id, 'read')));
}

export async function listNotes(ctx: Ctx, params: ListParams) {
  const visibility = visibilityOf(ctx.principal, 'note');
  if (!visibility) throw forbidden('Your role may not list notes');
  const plan = sortPlan(noteFieldMap, params.sort);
  const where = and(eq(notes.tenantId, ctx.tenantId), visibilitySql(visibility, notes, 'note'), filtersSql(noteFieldMap, params), cursorSql(plan, notes.id, params.cursor));
  const rows = await inTenant(ctx, (tx) => tx.select().from(notes).where(where).orderBy(...orderSql(plan, notes.id)).limit(params.limit + 1));
  const { data, nextCursor } = page(rows, params.limit, (r) => r[plan.field as keyof NoteRow]);
  return { data: data.map(presentNote), nextCursor };
}

export async function updateNote(ctx: Ctx, id: string, patch: NotePatch, ifMatch?: number): Promise<NoteOut> {
  return inTenant(ctx, async (tx) => {
    const before = await loadForAction<NoteRow>(tx, ctx, 'note', notes, id, 'update', { lock: true, ifMatch });
    if (patch.ownerId !== undefined || patch.teamId !== undefined) checkAssignment(ctx, patch.ownerId, patch.teamId);
    const contactId = patch.contactId !== undefined ? patch.contactId : before.contactId;
    const companyId = patch.companyId !== undefined ? patch.companyId : before.companyId;
    if (!contactId === !companyId) throw fieldProblem([{ field: 'contactId', message: 'a note belongs to exactly one of contactId or companyId' }]);
    const errors = await checkLinks(tx, ctx, changedLinks(patch, before, ['contactId', 'companyId', 'ownerId', 'teamId']));
    if (errors.length) throw fieldProblem(errors);
    const [after] = await tx.update(notes).set({
      ...(patch.body !== undefined ? { body: patch.body } : {}),
      contactId: contactId ?? null, companyId: companyId ?? null,
      ...(patch.ownerId !== undefined ? { ownerId: patch.ownerId } : {}),
      ...(patch.teamId !== undefined ? { teamId: patch.teamId } : {}),
      updatedAt: new Date(), version: before.version + 1,
    }).where(byId(ctx.tenantId, id)).returning();
    const note = presentNote(after!);
    await recordWrite(tx, ctx, { action: 'note.updated', entity: 'note', entityId: id, changes: diff(auditView(before), auditView(after!)) }, 'note.updated', note);
    return note;
  });
}

export async function deleteNote(ctx: Ctx, id: string): Promise<void> {
  await inTenant(ctx, async (tx) => {
    const before = await loadForAction<NoteRow>(tx, ctx, 'note', notes, id, 'delete', { lock: true });
    await tx.delete(notes).where(byId(ctx.tenantId, id));
    await recordWrite(tx, ctx, { action: 'note.deleted', entity: 'note', entityId: id, changes: diff(auditView(before), null) }, 'note.deleted', { id });
  });
}
