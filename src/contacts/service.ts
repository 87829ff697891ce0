// Contact use cases: create (one or a bulk batch), read, list, update with optimistic locking,
// delete. Policy is asked here; every write is audited and emits an outbox event in its transaction,
// and keeps its source record, writing the golden record recomputed from all sources (sources/).
import { prefixed, rowProblem, updateMany, worstStatus, type BulkPatch } from '../platform/bulk.ts';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { insertUnnest, qualified } from '../db/sql.ts';
import type { Tx } from '../db/client.ts';
import { inTenant, readInTenant, type Ctx } from '../platform/context.ts';
import { forbidden, type FieldError } from '../platform/errors.ts';
import { uuidv7 } from '../platform/ids.ts';
import { appendAudit, createdChangesJson, diff, type AuditInput } from '../platform/audit/service.ts';
import { emitEvents } from '../platform/outbox/service.ts';
import { can, canViewField, sensitiveFields, type Principal } from '../platform/policy/index.ts';
import { checkAssignment, loadForAction, readVisible } from '../platform/records.ts';
import { page, type ListParams } from '../platform/list.ts';
import { listScope, listShape, type ListTarget } from '../platform/list-scope.ts';
import { addSearchTerms } from '../search/terms.ts';
import { contactTokens } from '../search/tokens.ts';
import { contacts } from './tables.ts';
import { contactFieldMap, contactJsonPage, contactPage, visibleContactJsonById, contactsByIds, linkedCompanies, newContactsWithRelations, visibleContactById, replaceLinks, selectContacts, type ContactRow, type ContactWithRelations, type NewContactRow } from './data.ts';
import { checkContactInputs } from './checks.ts';
import { clean, displayNameOf, normalizeAddresses, normalizeEmails, normalizeName, normalizePhones, primaryOf } from './normalize.ts';
import { auditView, presentContact } from './presenter.ts';
import { listJson } from './json-presenter.ts';
import { deriveContact } from '../quality/derive.ts';
import { applyRules, rulesForNewContacts } from '../rules/apply.ts';
import type { ContactCreate, ContactOut, ContactPatch } from './schemas.ts';
import { goldenPatch, recordCreatedSources, withSourceIdentifier } from '../sources/service.ts';
import { writeContactKeys } from '../matching/blocking-keys.ts';

/** Applies a create or patch input over a stored row (or nothing), normalising every value. */
export function applyInput(base: Partial<ContactRow>, input: ContactPatch): Omit<NewContactRow, 'tenantId' | 'id'> {
  const pick = <K extends keyof ContactPatch & keyof ContactRow>(k: K) => (input[k] !== undefined ? input[k] : base[k]);
  const text = (k: 'jobTitle' | 'tier') =>
    input[k] !== undefined ? clean(input[k]) : (base[k] ?? null);
  const addresses = input.addresses ? normalizeAddresses(input.addresses) : (base.addresses ?? []);
  const country = primaryOf(addresses)?.country ?? null;
  const emails = input.emails ? normalizeEmails(input.emails) : (base.emails ?? []);
  const phones = input.phones ? normalizePhones(input.phones, country) : (base.phones ?? []);
  const name = (k: 'prefix' | 'givenName' | 'middleName' | 'familyName' | 'suffix') => (input[k] !== undefined ? normalizeName(input[k]) : (base[k] ?? null));
  const names = { prefix: name('prefix'), givenName: name('givenName'), middleName: name('middleName'), familyName: name('familyName'), suffix: name('suffix') };
  const netWorth = input.netWorth !== undefined ? input.netWorth : base.netWorth === undefined || base.netWorth === null ? null : { amount: Number(base.netWorth), currency: base.netWorthCurrency ?? 'USD' };
  const values = {
    ...names,
    displayName: displayNameOf(names, primaryOf(emails)?.address ?? null),
    jobTitle: text('jobTitle'),
    lifecycleStage: pick('lifecycleStage') ?? 'lead',
    tier: text('tier'),
    ownerId: pick('ownerId') ?? null,
    teamId: pick('teamId') ?? null,
    emails, phones, addresses,
    primaryEmail: primaryOf(emails)?.address ?? null,
    primaryPhone: primaryOf(phones)?.e164 ?? primaryOf(phones)?.number ?? null,
    birthDate: pick('birthDate') ?? null,
    netWorth: netWorth ? netWorth.amount.toFixed(2) : null,
    netWorthCurrency: netWorth?.currency ?? null,
    accountNumbers: input.accountNumbers ?? base.accountNumbers ?? [],
    contractDocuments: (input.contractDocuments ?? base.contractDocuments ?? []).map((d) => ({ name: d.name, url: d.url ?? null, signedOn: d.signedOn ?? null })),
    consent: input.consent
      ? Object.fromEntries(Object.entries(input.consent).map(([k, v]) => [k, { status: v!.status, at: v!.at ?? null, source: v!.source ?? null }]))
      : (base.consent ?? {}),
    tags: input.tags ? [...new Set(input.tags)] : (base.tags ?? []),
  };
  return { ...values, ...deriveContact(values, base.enrichment) };
}

const tokensOf = contactTokens;

export type BulkResult = { index: number; status: number; contact?: ContactOut; errors?: FieldError[] };



/** Creates contacts. atomic: all or none (first problem throws); perRow: the good rows are written. */
export async function createContacts(ctx: Ctx, inputs: ContactCreate[], mode: 'atomic' | 'perRow', errorPrefix = (i: number) => `items.${i}.`): Promise<BulkResult[]> {
  if (!can(ctx.principal, 'create', 'contact')) throw forbidden('Your role may not create contacts');
  for (const i of inputs) checkAssignment(ctx, i.ownerId, i.teamId);
  inputs = inputs.map(withSourceIdentifier); // sources/: a named source's identifier joins the cross-index
  return inTenant(ctx, async (tx) => {
    const checks = await checkContactInputs(tx, ctx, inputs, inputs.map(() => undefined), inputs.map(() => undefined));
    if (mode === 'atomic') {
      const bad = checks.map((c, i) => ({ ...c, i })).filter((c) => c.errors.length);
      if (bad.length) {
        const status = worstStatus(bad.map((b) => b.status));
        const errors = bad.flatMap((b) => prefixed(b.errors, errorPrefix(b.i)));
        throw rowProblem(status, errors);
      }
    }
    const now = new Date();
    const defaultTeam = ctx.principal.teamIds[0] ?? null;
    const results: BulkResult[] = [];
    const rows: NewContactRow[] = [];
    const tokens = new Set<string>();
    const links: Parameters<typeof replaceLinks>[2] = [];
    inputs.forEach((input, index) => {
      const check = checks[index]!;
      if (check.errors.length) {
        results.push({ index, status: check.status, errors: check.errors });
        return;
      }
      const id = uuidv7();
      const values = applyInput({ ownerId: ctx.actor.id, teamId: defaultTeam }, input);
      const searchTokens = tokensOf(values);
      for (const t of searchTokens) tokens.add(t);
      rows.push({ ...values, tenantId: ctx.tenantId, id, customFields: check.customFields, searchTokens, createdBy: ctx.actor.id, createdAt: now, updatedAt: now });
      links.push({ contactId: id, companies: input.companies, categoryIds: input.categoryIds, sourceIdentifiers: input.sourceIdentifiers });
      results.push({ index, status: 201 });
    });
    // bulk create (H3): rules decided from the values in hand, rows inserted with their effect (no
    // read-back, no update), relations of the answer built from what was written.
    const companyInfo = await linkedCompanies(tx, ctx.tenantId, links.flatMap((l) => (l.companies ?? []).map((c) => c.companyId)));
    const primaryCompany = (k: number) => {
      const ls = links[k]!.companies ?? [];
      const l = ls[Math.max(0, ls.findIndex((x) => x.isPrimary))];
      return l && companyInfo.get(l.companyId);
    };
    const ruled = await rulesForNewContacts(tx, ctx.tenantId, rows as ContactRow[], (k) => [...new Set(links[k]!.categoryIds ?? [])], primaryCompany, new Set(rows.filter((r) => r.tier).map((r) => r.id)));
    const rowIndex = new Map(rows.map((r, k) => [r.id, k]));
    for (const change of ruled) {
      const k = rowIndex.get(change.id)!;
      rows[k] = { ...rows[k]!, tags: change.after.tags, tier: change.after.tier ?? null };
      links[k] = { ...links[k]!, categoryIds: change.after.categoryIds };
    }
    await insertUnnest(tx, contacts, rows);
    await writeContactKeys(tx, ctx.tenantId, rows, 'fresh');
    // sources/: each created contact's source record (the k-th row written is the k-th 201 result).
    await recordCreatedSources(tx, ctx, 'contact', results.filter((r) => r.status === 201).map((r, k) => ({ id: rows[k]!.id, input: inputs[r.index]! })));
    await replaceLinks(tx, ctx.tenantId, links, true);
    await addSearchTerms(tx, ctx.tenantId, tokens);
    const created = await newContactsWithRelations(tx, ctx.tenantId, rows, links, companyInfo);
    // Each contact presented once for the answer; the events carry the full record, which is the
    // same object when the caller may see every field. Audit changes go straight to canonical JSON.
    const shown = created.map((c) => presentContact(c, ctx.principal));
    const full = seesEveryField(ctx) ? shown : created.map((c) => presentContact(c, FULL_VIEW));
    await recordWrites(tx, ctx, created.map((c) => ({ action: 'contact.created', entity: 'contact', entityId: c.id, changesJson: createdChangesJson(auditView(c)) })), created, 'contact.created', full);
    let k = 0;
    for (const r of results) if (r.status === 201) r.contact = shown[k++]!;
    // end bulk create (H3)
    return results;
  });
}

export async function createContact(ctx: Ctx, input: ContactCreate): Promise<ContactOut> {
  const [result] = await createContacts(ctx, [input], 'atomic', () => '');
  return result!.contact!;
}

/** Events carry the whole record, as an admin sees it. */
const FULL_VIEW: Principal = { userId: '', role: 'admin', teamIds: [] };
const seesEveryField = (ctx: Ctx) => (sensitiveFields.contact ?? []).every((f) => canViewField(ctx.principal, 'contact', f));

async function recordWrites(tx: Tx, ctx: Ctx, audits: AuditInput[], rows: ContactWithRelations[], type: string, payloads?: ContactOut[]) {
  // Events first: the audit append locks the tenant's chain head until commit, so it comes last.
  await emitEvents(tx, ctx.tenantId, ctx.actor.id, rows.map((r, i) => ({ type, entity: 'contact', entityId: r.id, payload: payloads?.[i] ?? presentContact(r, FULL_VIEW) })));
  await appendAudit(tx, ctx.tenantId, ctx.actor, audits);
}

export async function getContact(ctx: Ctx, id: string): Promise<ContactOut> {
  // One query: a contact the caller may not see is as absent as one that does not exist.
  const row = await readVisible(ctx, 'contact', (q, v) => visibleContactById(q, ctx.tenantId, id, v));
  return presentContact(row, ctx.principal);
}

/** What the contact list shows a caller (also the exports' contacts). */
export const contactListTarget: ListTarget = { entity: 'contact', plural: 'contacts', fields: contactFieldMap, ownership: contacts, idColumn: contacts.id };

export async function listContacts(ctx: Ctx, params: ListParams, scope?: SQL) {
  // The same scope as the exports (platform/list-scope.ts): 403, then sort, filters and cursor
  // checked. Without an extra scope the page is a statement prepared once per list shape.
  const shape = scope ? undefined : listShape(ctx.principal, contactListTarget, params);
  const rows = await readInTenant(ctx, async (q) => {
    const prepared = shape && (await contactPage(q, ctx.tenantId, shape, params.limit + 1));
    if (prepared) return { plan: shape.plan, rows: prepared };
    const { plan, where, after, order } = listScope(ctx.principal, contactListTarget, params, scope);
    return { plan, rows: await selectContacts(q, ctx.tenantId, and(where, after), order, params.limit + 1) };
  });
  const sortKey = rows.plan.field as keyof ContactWithRelations;
  const { data, nextCursor } = page(rows.rows, params.limit, (r) => r[sortKey]);
  return { data: data.map((r) => presentContact(r, ctx.principal)), nextCursor };
}

/**
 * The list answer as JSON text, each contact presented by PostgreSQL (contactJsonSql): the same
 * rows, cursor, hidden fields and field selection as listContacts plus selectFields. A shape past
 * the prepared statements' cap is answered through listContacts.
 */
export function listContactsJson(ctx: Ctx, params: ListParams): Promise<string> {
  return listJson(ctx, contactListTarget, params, (q, shape, limit) => contactJsonPage(q, ctx.tenantId, shape, ctx.principal, params.fields, limit), listContacts);
}

/** getContact as JSON text presented by PostgreSQL (contactJsonSql), with the version for the ETag. */
export async function getContactJson(ctx: Ctx, id: string): Promise<{ version: number; json: string }> {
  const row = await readVisible(ctx, 'contact', (q, v) => visibleContactJsonById(q, ctx.tenantId, id, v, ctx.principal));
  return { version: row.version, json: row.j };
}

/**
 * Contacts linked to a company (GET /companies/:id/contacts, which checks the company itself).
 * An EXISTS the planner can turn into a join from contact_companies, so a small company in a
 * large tenant does not scan every contact.
 */
export function listContactsOfCompany(ctx: Ctx, companyId: string, params: ListParams) {
  return listContacts(ctx, params, sql`exists (select 1 from contact_companies l where l.tenant_id = ${qualified(contacts.tenantId)}
    and l.contact_id = ${qualified(contacts.id)} and l.company_id = ${companyId}::uuid)`);
}

export async function updateContact(ctx: Ctx, id: string, patch: ContactPatch, ifMatch?: number): Promise<ContactOut> {
  return inTenant(ctx, (tx) => updateContactIn(tx, ctx, id, patch, ifMatch));
}

async function updateContactIn(tx: Tx, ctx: Ctx, id: string, patch: ContactPatch, ifMatch?: number): Promise<ContactOut> {
  const row = await loadForAction<ContactRow>(tx, ctx, 'contact', contacts, id, 'update', { lock: true, ifMatch });
  if (patch.ownerId !== undefined || patch.teamId !== undefined) checkAssignment(ctx, patch.ownerId, patch.teamId);
  const [check] = await checkContactInputs(tx, ctx, [patch], [row], [id]);
  if (check!.errors.length) throw rowProblem(check!.status, check!.errors);
  const [before] = await contactsByIds(tx, ctx.tenantId, [id]);
  // sources/: the patch becomes its source's claims; what is written is the recomputed golden record.
  patch = await goldenPatch(tx, ctx, 'contact', row, patch);
  const values = applyInput(row, patch);
  const searchTokens = tokensOf(values);
  await tx
    .update(contacts)
    .set({ ...values, customFields: check!.customFields, searchTokens, updatedAt: new Date(), version: row.version + 1 })
    .where(and(eq(contacts.tenantId, ctx.tenantId), eq(contacts.id, id)));
  await writeContactKeys(tx, ctx.tenantId, [{ ...values, id }], [row]);
  await replaceLinks(tx, ctx.tenantId, [{ contactId: id, companies: patch.companies, categoryIds: patch.categoryIds, sourceIdentifiers: patch.sourceIdentifiers }], false);
  await applyRules(tx, ctx.tenantId, 'contact', [id], { keepTier: patch.tier !== undefined ? new Set([id]) : undefined });
  await addSearchTerms(tx, ctx.tenantId, searchTokens);
  const [after] = await contactsByIds(tx, ctx.tenantId, [id]);
  const changes = diff(auditView(before!), auditView(after!));
  await recordWrites(tx, ctx, [{ action: 'contact.updated', entity: 'contact', entityId: id, changes }], [after!], 'contact.updated');
  return presentContact(after!, ctx.principal);
}

/** Updates up to 1,000 contacts in one transaction (see updateMany). */
export const updateContacts = (ctx: Ctx, items: Array<BulkPatch<ContactPatch>>, mode: 'atomic' | 'perRow') =>
  updateMany(ctx, items, mode, (tx, id, patch, version) => updateContactIn(tx, ctx, id, patch, version));

export async function deleteContact(ctx: Ctx, id: string): Promise<void> {
  await inTenant(ctx, async (tx) => {
    await loadForAction<ContactRow>(tx, ctx, 'contact', contacts, id, 'delete', { lock: true });
    const [before] = await contactsByIds(tx, ctx.tenantId, [id]);
    await tx.delete(contacts).where(and(eq(contacts.tenantId, ctx.tenantId), eq(contacts.id, id)));
    await appendAudit(tx, ctx.tenantId, ctx.actor, [{ action: 'contact.deleted', entity: 'contact', entityId: id, changes: diff(auditView(before!), null) }]);
    await emitEvents(tx, ctx.tenantId, ctx.actor.id, [{ type: 'contact.deleted', entity: 'contact', entityId: id, payload: { id } }]);
  });
}
