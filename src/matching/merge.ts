// Merging two records (contacts or companies) in one transaction: both must be writable by the
// caller; the survivor takes the chosen field values (survivorship.ts: the caller's choices, else
// the tenant's survivorship settings over where each record's values came from) through its
// domain's service (normalised, audited as *.updated); every related row moves to it
// (references.ts); the merged record is deleted. The merge row keeps the merged record's complete row, the survivor's row
// before the merge and every moved row with its original keys, so unmerge.ts restores all exactly.
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { rowsOf } from '../db/sql.ts';
import { inTenant, type Ctx } from '../platform/context.ts';
import { conflict, invalid } from '../platform/errors.ts';
import { uuidv7 } from '../platform/ids.ts';
import { appendAudit } from '../platform/audit/service.ts';
import { emitEvents } from '../platform/outbox/service.ts';
import { inBatch } from '../platform/jobs/in-batch.ts';
import { loadForAction } from '../platform/records.ts';
import { getContact, updateContact } from '../contacts/service.ts';
import type { ContactRow } from '../contacts/data.ts';
import type { ContactOut, ContactPatch } from '../contacts/schemas.ts';
import { getCompany, updateCompany } from '../companies/service.ts';
import { goldenFields, MANUAL, storedValue } from '../sources/service.ts';
import { survivorshipOf } from '../sources/settings.ts';
import type { CompanyRow } from '../companies/data.ts';
import type { CompanyOut, CompanyPatch } from '../companies/schemas.ts';
import { canonical, putLabel, syncSuspects } from './data.ts';
import { specs, type EntitySpec } from './entities.ts';
import { addedRows, changedRows, moveReference, referencesTo, rowsPointingAt, type MovedGroup } from './references.ts';
import { companySurvivorship, contactSurvivorship, type MergeRules, type Provenance, type Survivorship } from './survivorship.ts';
import { matchCandidates, merges, type Lineage } from './tables.ts';
import { companyMergeFields, contactMergeFields, type MergeableField } from './schemas.ts';

export type MergeRow = typeof merges.$inferSelect;

export interface MergeInput { mergedId: string; fields?: Partial<Record<MergeableField, 'survivor' | 'merged'>> | undefined; candidateId?: string | null }

interface Adapter<Row, Out> {
  spec: EntitySpec;
  fields: readonly string[];
  survivorship(survivor: Row, merged: Row, choices: Record<string, 'survivor' | 'merged'>, rules: MergeRules): Survivorship<Record<string, unknown>>;
  update(ctx: Ctx, id: string, patch: Record<string, unknown>): Promise<unknown>;
  get(ctx: Ctx, id: string): Promise<Out>;
}

const contactAdapter: Adapter<ContactRow, ContactOut> = {
  spec: specs.contact, fields: contactMergeFields, survivorship: contactSurvivorship,
  update: (ctx, id, patch) => updateContact(ctx, id, patch as ContactPatch), get: getContact,
};
const companyAdapter: Adapter<CompanyRow, CompanyOut> = {
  spec: specs.company, fields: companyMergeFields, survivorship: companySurvivorship,
  update: (ctx, id, patch) => updateCompany(ctx, id, patch as CompanyPatch), get: getCompany,
};

/**
 * Per record, where the value of each golden field came from: the source record that provides it
 * (the latest claim when, after an earlier merge, two do), else Rapport as of the record's last
 * change (a record older than source records).
 */
async function provenanceOf(tx: Tx, spec: EntitySpec, tenantId: string, rows: Map<string, { updatedAt: Date }>): Promise<Map<string, Record<string, Provenance>>> {
  const owner = sql.raw(spec.entity === 'contact' ? 'contact_id' : 'company_id');
  const ids = [...rows.keys()];
  const records = await rowsOf<{ owner: string; system: string; provides: string[]; fields: Record<string, { at: string }> }>(tx, sql`
    select ${owner} as owner, system, provides, fields from source_records
    where tenant_id = ${tenantId}::uuid and ${owner} in (${ids[0]!}::uuid, ${ids[1]!}::uuid)`);
  const out = new Map<string, Record<string, Provenance>>();
  for (const [id, row] of rows) {
    const mine: Record<string, Provenance> = {};
    for (const field of goldenFields(spec.entity)) mine[field] = { system: MANUAL, at: row.updatedAt.toISOString() };
    const given = new Set<string>();
    for (const r of records.filter((x) => x.owner === id)) {
      for (const field of r.provides) {
        const at = r.fields[field]?.at;
        if (!at || (given.has(field) && Date.parse(mine[field]!.at) >= Date.parse(at))) continue;
        mine[field] = { system: r.system, at };
        given.add(field);
      }
    }
    out.set(id, mine);
  }
  return out;
}

/** Does the record have source records? (a record older than them has none) */
async function hasSources(tx: Tx, spec: EntitySpec, tenantId: string, id: string): Promise<boolean> {
  const owner = sql.raw(spec.entity === 'contact' ? 'contact_id' : 'company_id');
  return (await rowsOf(tx, sql`select 1 from source_records where tenant_id = ${tenantId}::uuid and ${owner} = ${id}::uuid limit 1`)).length > 0;
}

const rowText = async (tx: Tx, spec: EntitySpec, tenantId: string, id: string) =>
  (await rowsOf<{ row: string }>(tx, sql`select to_jsonb(r)::text as row from ${sql.raw(spec.tableName)} r where r.tenant_id = ${tenantId}::uuid and r.id = ${id}::uuid`))[0]!.row;

async function mergeIn<Row extends { ownerId: string | null; teamId: string | null; updatedAt: Date }, Out>(tx: Tx, ctx: Ctx, a: Adapter<Row, Out>, survivorId: string, input: MergeInput): Promise<{ merge: MergeRow; survivor: Out }> {
  const { mergedId } = input;
  const { spec } = a;
  if (mergedId === survivorId) throw invalid('mergedId', 'must differ from the survivor');
  for (const field of Object.keys(input.fields ?? {})) if (!a.fields.includes(field)) throw invalid(`fields.${field}`, `is not a ${spec.entity} field`);
  // Locks in id order, so two merges of the same pair cannot deadlock.
  const rows = new Map<string, Row>();
  for (const id of canonical(survivorId, mergedId)) rows.set(id, await loadForAction<Row>(tx, ctx, spec.entity, spec.table, id, 'update', { lock: true }));
  const survivorBefore = await rowText(tx, spec, ctx.tenantId, survivorId);
  const mergedRow = await rowText(tx, spec, ctx.tenantId, mergedId);
  const provenance = await provenanceOf(tx, spec, ctx.tenantId, rows);
  const rules: MergeRules = {
    settings: await survivorshipOf(tx, ctx.tenantId), golden: goldenFields(spec.entity),
    survivor: provenance.get(survivorId)!, merged: provenance.get(mergedId)!,
  };
  const { patch, lineage } = a.survivorship(rows.get(survivorId)!, rows.get(mergedId)!, input.fields ?? {}, rules);

  const refs = await referencesTo(tx, spec);
  const groups: MovedGroup[] = [];
  // The merged record's source records join the survivor's before its update, so the golden record
  // its service recomputes weighs every source of both (a source the tenant trusts on the survivor
  // cannot undo a value the rules took from a more trusted one of the merged record). A survivor
  // without source records keeps the old order: its update first seeds its stored values as
  // Rapport's claims. Moved after the update's own changes in the snapshot, so unmerge puts the
  // changed rows back first and then points the moved ones at the merged record again.
  const sourcesRef = refs.find((r) => r.table === 'source_records');
  const early = sourcesRef && await hasSources(tx, spec, ctx.tenantId, survivorId) ? [sourcesRef] : [];
  const movedEarly: MovedGroup[] = [];
  for (const ref of early) movedEarly.push(...await moveReference(tx, ctx.tenantId, ref, mergedId, survivorId));
  if (Object.keys(patch).length > 0) {
    // The update may link rows of its own (categorisation rules) and change the survivor's source
    // records: remembered, so unmerge removes the new ones and puts the changed ones back.
    const before = await rowsPointingAt(tx, ctx.tenantId, refs, survivorId);
    await a.update(inBatch(ctx, tx), survivorId, patch);
    // A side the caller named is written as an edit typed in Rapport; where the tenant trusts a
    // system above Rapport's edits, the golden record keeps that system's value. Refused rather
    // than reported as chosen when it was not.
    const [written] = await tx.select().from(spec.table).where(and(eq(spec.table.tenantId, ctx.tenantId), eq(spec.table.id, survivorId))) as Array<Record<string, unknown>>;
    for (const field of Object.keys(input.fields ?? {})) {
      if (!(field in patch) || !rules.golden.includes(field)) continue;
      if (JSON.stringify(storedValue(written!, field)) !== JSON.stringify(patch[field])) {
        throw conflict(`The tenant's survivorship settings trust another source of ${field} above edits in Rapport, so the chosen value would not show; merge without choosing ${field}, or change the settings`, `fields.${field}`);
      }
    }
    // A list the rules unioned shows whole only where the merge's edit outranks the sources: a
    // trusted source's list is one claim, kept as it is. The lineage says which record's shows.
    const text = (row: Record<string, unknown>, field: string) => JSON.stringify(storedValue(row, field));
    for (const field of Object.keys(patch)) {
      if (input.fields?.[field as MergeableField] || !rules.golden.includes(field) || text(written!, field) === JSON.stringify(patch[field])) continue;
      const side = text(written!, field) === text(rows.get(survivorId)!, field) ? 'survivor' : text(written!, field) === text(rows.get(mergedId)!, field) ? 'merged' : 'both';
      const row = rows.get(side === 'merged' ? mergedId : survivorId)!;
      lineage[field] = { ...lineage[field]!, from: side, recordId: side === 'merged' ? mergedId : survivorId, updatedAt: row.updatedAt.toISOString() };
    }
    const after = await rowsPointingAt(tx, ctx.tenantId, refs, survivorId);
    groups.push(...addedRows(refs, before, after), ...changedRows(refs, before, after));
  }
  groups.push(...movedEarly);
  for (const ref of refs) if (!early.includes(ref)) groups.push(...await moveReference(tx, ctx.tenantId, ref, mergedId, survivorId));
  const moved: Lineage['moved'] = {};
  for (const g of groups) if (g.action === 'moved') moved[g.table] = (moved[g.table] ?? 0) + (JSON.parse(g.rows) as unknown[]).length;
  await tx.delete(spec.table).where(and(eq(spec.table.tenantId, ctx.tenantId), eq(spec.table.id, mergedId)));

  const [{ version }] = await tx.select({ version: spec.table.version }).from(spec.table).where(and(eq(spec.table.tenantId, ctx.tenantId), eq(spec.table.id, survivorId))) as [{ version: number }];
  const id = uuidv7();
  // Snapshots go in as JSON text: numbers (net worth) and timestamps keep PostgreSQL's exact form.
  const movedJson = `[${groups.map((g) => `{"table":${JSON.stringify(g.table)},"column":${JSON.stringify(g.column)},"action":"${g.action}","rows":${g.rows}}`).join(',')}]`;
  const [merge] = await tx.insert(merges).values({
    tenantId: ctx.tenantId, id, entity: spec.entity, survivorId, mergedId, candidateId: input.candidateId ?? null,
    fields: input.fields ?? {}, lineage: { fields: lineage, moved },
    mergedRow: sql`${mergedRow}::jsonb`, survivorBefore: sql`${survivorBefore}::jsonb`, survivorVersion: version,
    moved: sql`${movedJson}::jsonb`, createdBy: ctx.actor.id,
  }).returning();

  // The pair is settled and labelled the same; pairs of the merged record leave the queue with it.
  const [leftId, rightId] = canonical(survivorId, mergedId);
  await tx.update(matchCandidates).set({ status: 'merged', decidedBy: ctx.actor.id, decidedAt: new Date(), updatedAt: new Date() })
    .where(and(eq(matchCandidates.tenantId, ctx.tenantId), eq(matchCandidates.entity, spec.entity), eq(matchCandidates.leftId, leftId), eq(matchCandidates.rightId, rightId)));
  await putLabel(tx, ctx.tenantId, spec.entity, survivorId, mergedId, true, input.candidateId ?? null, ctx.actor.id);
  await syncSuspects(tx, ctx.tenantId, spec.entity, [survivorId, mergedId]);

  await appendAudit(tx, ctx.tenantId, ctx.actor, [
    { action: `${spec.entity}.merged`, entity: spec.entity, entityId: survivorId, changes: { mergedFrom: { before: null, after: mergedId }, merge: { before: null, after: id } } },
    { action: `${spec.entity}.merged_into`, entity: spec.entity, entityId: mergedId, changes: { mergedInto: { before: null, after: survivorId }, merge: { before: null, after: id } } },
  ]);
  await emitEvents(tx, ctx.tenantId, ctx.actor.id, [{ type: `${spec.entity}.merged`, entity: spec.entity, entityId: survivorId, payload: { mergeId: id, survivorId, mergedId, moved } }]);
  return { merge: merge!, survivor: await a.get(inBatch(ctx, tx), survivorId) };
}

export const mergeContactsIn = (tx: Tx, ctx: Ctx, survivorId: string, input: MergeInput) => mergeIn(tx, ctx, contactAdapter, survivorId, input);
export const mergeCompaniesIn = (tx: Tx, ctx: Ctx, survivorId: string, input: MergeInput) => mergeIn(tx, ctx, companyAdapter, survivorId, input);

/** POST /contacts/{survivorId}/merge. */
export const mergeContacts = (ctx: Ctx, survivorId: string, input: MergeInput) => inTenant(ctx, (tx) => mergeContactsIn(tx, ctx, survivorId, input));
/** POST /companies/{survivorId}/merge. */
export const mergeCompanies = (ctx: Ctx, survivorId: string, input: MergeInput) => inTenant(ctx, (tx) => mergeCompaniesIn(tx, ctx, survivorId, input));
