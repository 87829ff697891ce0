// Writes one batch of mapped rows as contacts through the contacts service (its schemas,
// normalisation, checks, audit and outbox), inside the batch's transaction (ctx from inBatch).
// A row whose source identifier or Rapport id names an existing contact updates it, merging lists
// and never clearing a value with an empty cell; other rows create contacts. Every row gets an
// outcome: created, updated (with the previous values of what it changed, for undo), unchanged or
// failed (with the reason and the original cells, for the error report). Written rows name their
// source (the file's system, the row's identifier, the row as received): sources/ keeps it and the
// contact shows the golden value of each field.
import { inTenant, readInTenant, type Ctx } from '../platform/context.ts';
import { contactImportRow, contactPatch, emailIn, type ContactOut } from '../contacts/schemas.ts';
import { z } from 'zod';
import type { Tx } from '../db/client.ts';
import { AppError } from '../platform/errors.ts';
import { inBatch } from '../platform/jobs/in-batch.ts';
import { createContacts, listContacts, updateContacts } from '../contacts/service.ts';
import { updateContactsBatch, type BatchPatch } from '../contacts/update-batch.ts';
import { contactsByIds, type ContactWithRelations } from '../contacts/data.ts';
import { presentContact } from '../contacts/presenter.ts';
import { visibilityOf } from '../platform/policy/index.ts';
import { rowsOf, uuidArray } from '../db/sql.ts';
import { sql } from 'drizzle-orm';
import { createCompanies, listCompanies } from '../companies/service.ts';
import { createNote } from '../notes/service.ts';
import { checkAhead, fieldErrors, identify, issues, type Outcome } from './identify.ts';
import { mergeIntoContact, snapshotOf } from './merge.ts';
import type { SourceRow } from './source.ts';
import { claimKey, claimsBefore, importClaim, withClaimsBefore, withRowClaims } from '../sources/imports.ts';

export type { Outcome };

// As contactImportRow does for new contacts: an email failing the syntax check is kept as typed and
// flagged as a quality issue rather than failing the row (the API refuses it: a person there can
// correct it at once; a file cannot).
const importPatch = contactPatch.extend({ emails: z.array(emailIn.extend({ address: z.string().trim().min(1).max(320) })).max(50).optional() });

/**
 * The page's stored contacts as the caller sees them. A caller who sees every contact gets them
 * locked for the batch (in id order) and read once with their relations: `stored` keeps those rows,
 * which the batched update takes as its locked rows and its "before" instead of reading them again.
 * Others go through the list's visibility (shares included).
 */
async function contactsById(ctx: Ctx, ids: string[], stored: Map<string, ContactWithRelations>): Promise<Map<string, ContactOut>> {
  if (ids.length === 0) return new Map();
  if (visibilityOf(ctx.principal, 'contact')?.kind !== 'all') {
    const { data } = await listContacts(ctx, { limit: ids.length, sort: 'displayName', match: 'all', filters: [{ field: 'id', op: 'in', value: ids.join(',') }] });
    return new Map(data.map((c) => [c.id, c]));
  }
  return inTenant(ctx, async (tx) => {
    await rowsOf(tx, sql`select id from contacts where tenant_id = ${ctx.tenantId} and id = any(${uuidArray(ids)}) order by id for update`);
    const rows = await contactsByIds(tx, ctx.tenantId, ids);
    for (const r of rows) stored.set(r.id, r);
    return new Map(rows.map((r) => [r.id, presentContact(r, ctx.principal)]));
  });
}

/** Company ids by name, creating the missing ones (recorded as created by the first row naming them). */
async function resolveCompanies(ctx: Ctx, names: Map<string, number>, cache: Map<string, string>, outcomes: Outcome[]) {
  const missing: Array<{ name: string; rowNo: number }> = [];
  const wanted = [...names.keys()].filter((n) => !cache.has(n));
  // One list query for the names a filter[name][in] can carry (it splits on commas), one each for the rest.
  const plain = wanted.filter((n) => !n.includes(','));
  for (let i = 0; i < plain.length; i += 200) {
    const part = plain.slice(i, i + 200);
    const { data } = await listCompanies(ctx, { limit: 1000, sort: 'name', match: 'all', filters: [{ field: 'name', op: 'in', value: part.join(',') }] });
    for (const c of data) if (!cache.has(c.name)) cache.set(c.name, c.id);
  }
  for (const name of wanted.filter((n) => n.includes(','))) {
    const { data } = await listCompanies(ctx, { limit: 1, sort: 'name', match: 'all', filters: [{ field: 'name', op: 'eq', value: name }] });
    if (data[0]) cache.set(name, data[0].id);
  }
  for (const name of wanted) if (!cache.has(name)) missing.push({ name, rowNo: names.get(name)! });
  if (missing.length === 0) return;
  const results = await createCompanies(ctx, missing.map((m) => ({ name: m.name })), 'perRow');
  results.forEach((r, i) => {
    if (r.company) {
      cache.set(missing[i]!.name, r.company.id);
      outcomes.push({ rowNo: missing[i]!.rowNo, entity: 'company', action: 'created', recordId: r.company.id });
    }
  });
}

/**
 * The page's updates in one batch (a statement per table); should the database refuse the batch as a
 * whole (two rows racing for one new identifier, say), the page is written row by row instead.
 */
async function updatePage(ctx: Ctx, items: Array<{ id: string; patch: BatchPatch }>, stored: ReadonlyMap<string, ContactWithRelations>) {
  try {
    return await inTenant(ctx, (tx) => tx.transaction((sp) => updateContactsBatch(inBatch(ctx, sp as Tx), items, { stored })));
  } catch (err) {
    if (err instanceof AppError) throw err;
    return updateContacts(ctx, items, 'perRow');
  }
}

/** What can be done for a row before its batch is written: its check against the patch schema. */
export const prepareContactRow = (r: SourceRow) => checkAhead(r, importPatch);

export async function applyContacts(ctx: Ctx, rows: SourceRow[], companyCache: Map<string, string>): Promise<{ outcomes: Outcome[]; preview: ContactOut[] }> {
  const outcomes: Outcome[] = [];
  const stored = new Map<string, ContactWithRelations>();
  const { creates, updates, fail } = await identify(ctx, 'contact', rows, importPatch, (ids) => contactsById(ctx, ids, stored), outcomes);

  const names = new Map<string, number>();
  for (const g of [...creates, ...updates]) for (const n of g.row.mapped!.companyNames) if (!names.has(n)) names.set(n, g.row.rowNo);
  await resolveCompanies(ctx, names, companyCache, outcomes);
  const companiesOf = (r: SourceRow) => [...new Set(r.mapped!.companyNames.map((n) => companyCache.get(n)).filter(Boolean) as string[])];
  const unresolved = (r: SourceRow) => r.mapped!.companyNames.filter((n) => !companyCache.has(n));

  const preview: ContactOut[] = [];
  const createInputs = creates.flatMap((g) => {
    if (unresolved(g.row).length) { fail(g.row, `company: could not create ${unresolved(g.row).join(', ')}`); return []; }
    const companyIds = companiesOf(g.row);
    const input = { ...g.patch, ...(companyIds.length ? { companies: companyIds.map((companyId) => ({ companyId })) } : {}) };
    const parsed = contactImportRow.safeParse(input);
    if (!parsed.success) { fail(g.row, issues(parsed.error)); return []; }
    return [{ row: g.row, input: { ...parsed.data, source: importClaim(g.row, parsed.data) } }];
  });
  if (createInputs.length) {
    const results = await createContacts(ctx, createInputs.map((c) => c.input), 'perRow', () => '');
    for (const [i, r] of results.entries()) {
      const { row } = createInputs[i]!;
      if (!r.contact) { fail(row, fieldErrors(r.errors)); continue; }
      outcomes.push({ rowNo: row.rowNo, entity: 'contact', action: 'created', recordId: r.contact.id });
      if (preview.length < 10) preview.push(r.contact);
      for (const body of row.mapped!.notes ?? []) await createNote(ctx, { body, contactId: r.contact.id });
    }
  }

  const changes = updates.flatMap((u) => {
    if (unresolved(u.row).length) { fail(u.row, `company: could not create ${unresolved(u.row).join(', ')}`); return []; }
    const patch = mergeIntoContact(u.target, u.patch, companiesOf(u.row));
    if (Object.keys(patch).length === 0) {
      outcomes.push({ rowNo: u.row.rowNo, entity: 'contact', action: 'unchanged', recordId: u.target.id });
      return [];
    }
    return [{ ...u, own: u.patch, patch, before: snapshotOf(u.target, Object.keys(patch), patch) }];
  });
  if (changes.length) {
    // Undo data: what the row's source record claimed before (sources/imports.ts).
    const keyed = changes.flatMap((c) => {
      const key = claimKey(c.row, c.own, c.target.id);
      return key ? [{ id: c.target.id, key }] : [];
    });
    const held = await readInTenant(ctx, (q) => claimsBefore(q, ctx.tenantId, 'contact', keyed));
    // sources/: the row's own values are its source's claims; the service writes the golden record.
    const results = await updatePage(ctx, changes.map((c) => ({ id: c.target.id, patch: withRowClaims(c.patch, c.row, c.own) })), stored);
    for (const [i, r] of results.entries()) {
      const c = changes[i]!;
      if (!r.record) { fail(c.row, fieldErrors(r.errors)); continue; }
      outcomes.push({ rowNo: c.row.rowNo, entity: 'contact', action: 'updated', recordId: c.target.id, before: withClaimsBefore(c.before, held.get(c.target.id)) });
      if (preview.length < 10) preview.push(r.record);
    }
  }
  return { outcomes: outcomes.sort((a, b) => a.rowNo - b.rowNo), preview };
}
