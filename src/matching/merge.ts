// Merging two contacts in one transaction: both must be writable by the caller; the survivor takes
// the chosen field values (survivorship.ts) through the contact service (normalised, audited as
// contact.updated); every related row moves to it (references.ts); the merged contact is deleted.
// The merge row keeps the merged contact's complete row, the survivor's row before the merge and
// every moved row with its original keys, so unmerge.ts can restore all of it exactly.
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { rowsOf } from '../db/sql.ts';
import { inTenant, type Ctx } from '../platform/context.ts';
import { invalid } from '../platform/errors.ts';
import { uuidv7 } from '../platform/ids.ts';
import { appendAudit } from '../platform/audit/service.ts';
import { emitEvents } from '../platform/outbox/service.ts';
import { inBatch } from '../platform/jobs/in-batch.ts';
import { loadForAction } from '../platform/records.ts';
import { getContact, updateContact } from '../contacts/service.ts';
import type { ContactRow } from '../contacts/data.ts';
import { contacts } from '../contacts/tables.ts';
import type { ContactOut } from '../contacts/schemas.ts';
import { canonical, putLabel, syncSuspects } from './data.ts';
import { addedRows, contactReferences, moveReference, rowsPointingAt, type MovedGroup } from './references.ts';
import { survivorship } from './survivorship.ts';
import { matchCandidates, merges, type Lineage } from './tables.ts';
import type { MergeableField } from './schemas.ts';

export type MergeRow = typeof merges.$inferSelect;

export interface MergeInput { mergedId: string; fields?: Partial<Record<MergeableField, 'survivor' | 'merged'>> | undefined; candidateId?: string | null }

const rowText = async (tx: Tx, tenantId: string, id: string) =>
  (await rowsOf<{ row: string }>(tx, sql`select to_jsonb(c)::text as row from contacts c where c.tenant_id = ${tenantId}::uuid and c.id = ${id}::uuid`))[0]!.row;

/** Merges inside tx (the caller's transaction). */
export async function mergeContactsIn(tx: Tx, ctx: Ctx, survivorId: string, input: MergeInput): Promise<{ merge: MergeRow; survivor: ContactOut }> {
  const { mergedId } = input;
  if (mergedId === survivorId) throw invalid('mergedId', 'must differ from the survivor');
  // Locks in id order, so two merges of the same pair cannot deadlock.
  const [first, second] = canonical(survivorId, mergedId);
  const rows = new Map<string, ContactRow>();
  for (const id of [first, second]) rows.set(id, await loadForAction<ContactRow>(tx, ctx, 'contact', contacts, id, 'update', { lock: true }));
  const survivor = rows.get(survivorId)!;
  const merged = rows.get(mergedId)!;

  const survivorBefore = await rowText(tx, ctx.tenantId, survivorId);
  const mergedRow = await rowText(tx, ctx.tenantId, mergedId);
  const { patch, lineage } = survivorship(survivor, merged, input.fields);
  const refs = await contactReferences(tx);
  const groups: MovedGroup[] = [];
  if (Object.keys(patch).length > 0) {
    // The update may link rows of its own (categorisation rules): remembered, so unmerge removes them.
    const before = await rowsPointingAt(tx, ctx.tenantId, refs, survivorId);
    await updateContact(inBatch(ctx, tx), survivorId, patch);
    groups.push(...addedRows(refs, before, await rowsPointingAt(tx, ctx.tenantId, refs, survivorId)));
  }
  for (const ref of refs) groups.push(...await moveReference(tx, ctx.tenantId, ref, mergedId, survivorId));
  const moved: Lineage['moved'] = {};
  for (const g of groups) if (g.action === 'moved') moved[g.table] = (moved[g.table] ?? 0) + (JSON.parse(g.rows) as unknown[]).length;
  await tx.delete(contacts).where(and(eq(contacts.tenantId, ctx.tenantId), eq(contacts.id, mergedId)));

  const [{ version }] = await tx.select({ version: contacts.version }).from(contacts).where(and(eq(contacts.tenantId, ctx.tenantId), eq(contacts.id, survivorId))) as [{ version: number }];
  const id = uuidv7();
  // Snapshots go in as JSON text: numbers (net worth) and timestamps keep PostgreSQL's exact form.
  const movedJson = `[${groups.map((g) => `{"table":${JSON.stringify(g.table)},"column":${JSON.stringify(g.column)},"action":"${g.action}","rows":${g.rows}}`).join(',')}]`;
  const [merge] = await tx.insert(merges).values({
    tenantId: ctx.tenantId, id, entity: 'contact', survivorId, mergedId, candidateId: input.candidateId ?? null,
    fields: input.fields ?? {}, lineage: { fields: lineage, moved },
    mergedRow: sql`${mergedRow}::jsonb`, survivorBefore: sql`${survivorBefore}::jsonb`, survivorVersion: version,
    moved: sql`${movedJson}::jsonb`, createdBy: ctx.actor.id,
  }).returning();

  // The pair (and any pair of the merged contact) is settled: decided pairs never reopen.
  const [leftId, rightId] = canonical(survivorId, mergedId);
  await tx.update(matchCandidates).set({ status: 'merged', decidedBy: ctx.actor.id, decidedAt: new Date(), updatedAt: new Date() })
    .where(and(eq(matchCandidates.tenantId, ctx.tenantId), eq(matchCandidates.entity, 'contact'), eq(matchCandidates.leftId, leftId), eq(matchCandidates.rightId, rightId)));
  await putLabel(tx, ctx.tenantId, 'contact', survivorId, mergedId, true, input.candidateId ?? null, ctx.actor.id);
  await syncSuspects(tx, ctx.tenantId, [survivorId, mergedId]);

  await appendAudit(tx, ctx.tenantId, ctx.actor, [
    { action: 'contact.merged', entity: 'contact', entityId: survivorId, changes: { mergedFrom: { before: null, after: mergedId }, merge: { before: null, after: id } } },
    { action: 'contact.merged_into', entity: 'contact', entityId: mergedId, changes: { mergedInto: { before: null, after: survivorId }, merge: { before: null, after: id } } },
  ]);
  await emitEvents(tx, ctx.tenantId, ctx.actor.id, [{ type: 'contact.merged', entity: 'contact', entityId: survivorId, payload: { mergeId: id, survivorId, mergedId, moved } }]);
  return { merge: merge!, survivor: await getContact(inBatch(ctx, tx), survivorId) };
}

/** POST /contacts/{survivorId}/merge. */
export const mergeContacts = (ctx: Ctx, survivorId: string, input: MergeInput) =>
  inTenant(ctx, (tx) => mergeContactsIn(tx, ctx, survivorId, input));
