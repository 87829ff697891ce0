// Undoing a merge exactly: the merged record comes back with its complete original row (same id,
// version, timestamps), the survivor's row returns to what it was before the merge, moved rows
// point at the merged record again, removed rows return whole and rows the merge's own update
// linked go. It refuses (409) once the survivor changed after the merge (its version moved on):
// restoring its old row would silently drop that later change, and a partial restore would not
// be the exact one promised.
import { and, desc, eq, sql } from 'drizzle-orm';
import { rowsOf } from '../db/sql.ts';
import { inTenant, readInTenant, type Ctx } from '../platform/context.ts';
import { AppError, conflict, notFound } from '../platform/errors.ts';
import { appendAudit } from '../platform/audit/service.ts';
import { emitEvents } from '../platform/outbox/service.ts';
import { loadForAction } from '../platform/records.ts';
import { visibilityOf } from '../platform/policy/index.ts';
import { visibilitySql } from '../platform/policy/sql.ts';
import { canonical, deleteLabel, syncSuspects } from './data.ts';
import { specs, type EntitySpec } from './entities.ts';
import { referencesTo, restoreGroup, type MovedGroup } from './references.ts';
import { matchCandidates, merges, type MatchEntity } from './tables.ts';
import type { MergeRow } from './merge.ts';
import { refreshContactKeys } from './blocking-keys.ts';

async function survivorVisible(ctx: Ctx, spec: EntitySpec, id: string): Promise<boolean> {
  const visibility = visibilityOf(ctx.principal, spec.entity);
  if (!visibility) return false;
  const seen = await readInTenant(ctx, (q) => q.select({ id: spec.table.id }).from(spec.table)
    .where(and(eq(spec.table.tenantId, ctx.tenantId), eq(spec.table.id, id), visibilitySql(visibility, spec.table, spec.entity))));
  return seen.length > 0;
}

/** A merge of this tenant whose survivor the caller may see (404 otherwise). */
export async function getMerge(ctx: Ctx, id: string): Promise<MergeRow> {
  const [row] = await readInTenant(ctx, (q) => q.select().from(merges).where(and(eq(merges.tenantId, ctx.tenantId), eq(merges.id, id))));
  if (!row || !(await survivorVisible(ctx, specs[row.entity], row.survivorId))) throw notFound('Merge');
  return row;
}

/** Merges into a record the caller may see, newest first (its lineage: where its values came from). */
export async function listMergesOf(ctx: Ctx, entity: MatchEntity, id: string): Promise<MergeRow[]> {
  const spec = specs[entity];
  if (!(await survivorVisible(ctx, spec, id))) throw notFound(spec.label);
  return readInTenant(ctx, (q) => q.select().from(merges)
    .where(and(eq(merges.tenantId, ctx.tenantId), eq(merges.entity, entity), eq(merges.survivorId, id))).orderBy(desc(merges.createdAt)).limit(200));
}

export async function unmerge(ctx: Ctx, id: string): Promise<MergeRow> {
  return inTenant(ctx, async (tx) => {
    const [merge] = await tx.select().from(merges).where(and(eq(merges.tenantId, ctx.tenantId), eq(merges.id, id))).for('update');
    if (!merge) throw notFound('Merge');
    const spec = specs[merge.entity];
    const exists = await tx.select({ id: spec.table.id }).from(spec.table).where(and(eq(spec.table.tenantId, ctx.tenantId), eq(spec.table.id, merge.survivorId)));
    if (exists.length === 0) throw conflict('The survivor no longer exists (merged into another record or deleted since): undo that first', 'survivorId');
    const survivor = await loadForAction<{ ownerId: string | null; teamId: string | null; version: number }>(tx, ctx, spec.entity, spec.table, merge.survivorId, 'update', { lock: true })
      .catch((err: unknown) => { throw err instanceof AppError && err.status === 404 ? notFound('Merge') : err; });
    if (merge.undoneAt) throw conflict('This merge was already undone', 'id');
    if (survivor.version !== merge.survivorVersion) {
      throw conflict(`The survivor changed after the merge (version ${survivor.version}, the merge left ${merge.survivorVersion}); undo those changes or edit the records by hand`, 'survivorId');
    }
    const [texts] = await rowsOf<{ merged: string; before: string }>(tx, sql`select merged_row::text as merged, survivor_before::text as before
      from merges where tenant_id = ${ctx.tenantId}::uuid and id = ${id}::uuid`);
    const groups = await rowsOf<MovedGroup>(tx, sql`select g ->> 'table' as "table", g ->> 'column' as "column", g ->> 'action' as action, (g -> 'rows')::text as rows
      from merges m, jsonb_array_elements(m.moved) g where m.tenant_id = ${ctx.tenantId}::uuid and m.id = ${id}::uuid`);

    const T = sql.raw(spec.tableName);
    await tx.execute(sql`insert into ${T} select * from jsonb_populate_record(null::${T}, ${texts!.merged}::jsonb)`);
    const columns = await rowsOf<{ name: string }>(tx, sql`select attname as name from pg_attribute
      where attrelid = ${spec.tableName}::regclass and attnum > 0 and not attisdropped and attname not in ('tenant_id', 'id') order by attnum`);
    const list = sql.raw(columns.map((c) => `"${c.name}"`).join(', '));
    await tx.execute(sql`update ${T} r set (${list}) = (select ${list} from jsonb_populate_record(null::${T}, ${texts!.before}::jsonb))
      where r.tenant_id = ${ctx.tenantId}::uuid and r.id = ${merge.survivorId}::uuid`);

    const refs = await referencesTo(tx, spec);
    for (const g of groups) {
      const ref = refs.find((r) => r.table === g.table && r.column === g.column);
      if (!ref) throw conflict(`Cannot restore rows of ${g.table}.${g.column}: the table changed since the merge`);
      await restoreGroup(tx, ref, g, merge.mergedId, merge.survivorId);
    }
    if (spec.entity === 'contact') await refreshContactKeys(tx, ctx.tenantId, [merge.survivorId, merge.mergedId]);

    const [undone] = await tx.update(merges).set({ undoneAt: new Date(), undoneBy: ctx.actor.id })
      .where(and(eq(merges.tenantId, ctx.tenantId), eq(merges.id, id))).returning();
    // The pair goes back to the queue undecided; its "same" label no longer holds.
    const [leftId, rightId] = canonical(merge.survivorId, merge.mergedId);
    await tx.update(matchCandidates).set({ status: 'open', decidedBy: null, decidedAt: null, updatedAt: new Date() })
      .where(and(eq(matchCandidates.tenantId, ctx.tenantId), eq(matchCandidates.entity, spec.entity), eq(matchCandidates.leftId, leftId), eq(matchCandidates.rightId, rightId)));
    await deleteLabel(tx, ctx.tenantId, spec.entity, merge.survivorId, merge.mergedId);
    await syncSuspects(tx, ctx.tenantId, spec.entity, [merge.survivorId, merge.mergedId]);
    await appendAudit(tx, ctx.tenantId, ctx.actor, [
      { action: `${spec.entity}.unmerged`, entity: spec.entity, entityId: merge.survivorId, changes: { mergedFrom: { before: merge.mergedId, after: null }, merge: { before: id, after: null } } },
      { action: `${spec.entity}.restored`, entity: spec.entity, entityId: merge.mergedId, changes: { mergedInto: { before: merge.survivorId, after: null } } },
    ]);
    await emitEvents(tx, ctx.tenantId, ctx.actor.id, [{ type: `${spec.entity}.unmerged`, entity: spec.entity, entityId: merge.survivorId, payload: { mergeId: id, survivorId: merge.survivorId, mergedId: merge.mergedId } }]);
    return undone!;
  });
}
