// Relationship use cases: link two contacts, list a contact's links read from its own side, and
// unlink. Changing a relationship needs update permission on its from-contact; the to-contact
// need only be visible. Audited and evented like every write.
import { and, eq, inArray, or } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { inTenant, type Ctx } from '../platform/context.ts';
import { AppError, conflict, notFound, type FieldError } from '../platform/errors.ts';
import { uuidv7 } from '../platform/ids.ts';
import { appendAudit, diff } from '../platform/audit/service.ts';
import { emitEvents } from '../platform/outbox/service.ts';
import { visibilityOf } from '../platform/policy/index.ts';
import { visibilitySql } from '../platform/policy/sql.ts';
import { loadForAction } from '../platform/records.ts';
import { contacts } from '../contacts/tables.ts';
import { relationships } from './tables.ts';
import { visibleContactIds } from './refs.ts';
import { inverseKind, type ContactRelationshipOut, type RelationshipCreate, type RelationshipKind, type RelationshipOut } from './schemas.ts';

type RelationshipRow = typeof relationships.$inferSelect;

const present = (r: RelationshipRow): RelationshipOut => ({
  id: r.id, fromContactId: r.fromContactId, toContactId: r.toContactId, kind: r.kind as RelationshipKind, notes: r.notes, createdAt: r.createdAt.toISOString(),
});

/** How a stored relationship reads from one of its two contacts. */
const kindSeenFrom = (r: Pick<RelationshipRow, 'fromContactId' | 'kind'>, contactId: string): string =>
  r.fromContactId === contactId ? r.kind : inverseKind[r.kind as RelationshipKind];

const audited = (r: RelationshipRow) => ({ fromContactId: r.fromContactId, toContactId: r.toContactId, kind: r.kind, notes: r.notes });

async function record(tx: Tx, ctx: Ctx, action: string, before: RelationshipRow | null, after: RelationshipRow | null, id: string) {
  await appendAudit(tx, ctx.tenantId, ctx.actor, [{ action, entity: 'relationship', entityId: id, changes: diff(before && audited(before), after && audited(after)) }]);
  await emitEvents(tx, ctx.tenantId, ctx.actor.id, [{ type: action, entity: 'relationship', entityId: id, payload: present((after ?? before)!) }]);
}

export async function createRelationship(ctx: Ctx, input: RelationshipCreate): Promise<RelationshipOut> {
  const { fromContactId: from, toContactId: to } = input;
  if (from === to) throw new AppError('validation_failed', 422, 'toContactId: a contact cannot be related to itself', [{ field: 'toContactId', message: 'a contact cannot be related to itself' }]);
  return inTenant(ctx, async (tx) => {
    const visible = await visibleContactIds(tx, ctx, [from, to]);
    const errors: FieldError[] = [];
    if (!visible.has(from)) errors.push({ field: 'fromContactId', message: 'no such contact' });
    if (!visible.has(to)) errors.push({ field: 'toContactId', message: 'no such contact' });
    if (errors.length) throw new AppError('validation_failed', 422, errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
    // Both contacts locked in id order: two requests linking the same pair (in either direction)
    // serialise here, so the duplicate check below cannot race.
    await tx.select({ id: contacts.id }).from(contacts).where(and(eq(contacts.tenantId, ctx.tenantId), inArray(contacts.id, [from, to]))).orderBy(contacts.id).for('update');
    await loadForAction(tx, ctx, 'contact', contacts, from, 'update');
    const between = await tx
      .select()
      .from(relationships)
      .where(and(
        eq(relationships.tenantId, ctx.tenantId),
        or(and(eq(relationships.fromContactId, from), eq(relationships.toContactId, to)), and(eq(relationships.fromContactId, to), eq(relationships.toContactId, from))),
      ));
    if (between.some((r) => kindSeenFrom(r, from) === input.kind)) throw conflict(`These contacts already have a ${input.kind} relationship`, 'kind');
    const [row] = await tx
      .insert(relationships)
      .values({ tenantId: ctx.tenantId, id: uuidv7(), fromContactId: from, toContactId: to, kind: input.kind, notes: input.notes ?? null, createdAt: new Date() })
      .returning();
    await record(tx, ctx, 'relationship.created', null, row!, row!.id);
    return present(row!);
  });
}

/** Every relationship of a visible contact, in both directions, with the other contact when the caller may see it. */
export async function relationshipsOfContact(ctx: Ctx, contactId: string): Promise<ContactRelationshipOut[]> {
  return inTenant(ctx, async (tx) => {
    await loadForAction(tx, ctx, 'contact', contacts, contactId, 'read');
    const rows = await tx
      .select()
      .from(relationships)
      .where(and(eq(relationships.tenantId, ctx.tenantId), or(eq(relationships.fromContactId, contactId), eq(relationships.toContactId, contactId))))
      .orderBy(relationships.createdAt, relationships.id);
    const otherOf = (r: RelationshipRow) => (r.fromContactId === contactId ? r.toContactId : r.fromContactId);
    const visibility = visibilityOf(ctx.principal, 'contact')!;
    const others = rows.length
      ? await tx
        .select({ id: contacts.id, displayName: contacts.displayName })
        .from(contacts)
        .where(and(eq(contacts.tenantId, ctx.tenantId), inArray(contacts.id, [...new Set(rows.map(otherOf))]), visibilitySql(visibility, contacts, 'contact')))
      : [];
    const names = new Map(others.map((o) => [o.id, o.displayName]));
    // A link to a contact the caller may not see is left out: its name and existence stay hidden.
    return rows
      .filter((r) => names.has(otherOf(r)))
      .map((r) => ({ ...present(r), kind: kindSeenFrom(r, contactId), contact: { id: otherOf(r), displayName: names.get(otherOf(r))! } }));
  });
}

export async function deleteRelationship(ctx: Ctx, id: string): Promise<void> {
  await inTenant(ctx, async (tx) => {
    const [row] = await tx.select().from(relationships).where(and(eq(relationships.tenantId, ctx.tenantId), eq(relationships.id, id))).for('update');
    if (!row) throw notFound('Relationship');
    try {
      await loadForAction(tx, ctx, 'contact', contacts, row.fromContactId, 'update');
    } catch (err) {
      // A relationship whose from-contact is hidden is itself hidden.
      if (err instanceof AppError && err.status === 404) throw notFound('Relationship');
      throw err;
    }
    await tx.delete(relationships).where(and(eq(relationships.tenantId, ctx.tenantId), eq(relationships.id, id)));
    await record(tx, ctx, 'relationship.deleted', row, null, id);
  });
}

