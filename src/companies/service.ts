// Company use cases: create (one or a bulk batch), read, list, update with optimistic locking,
// delete, and the contacts linked to a company. Policy is asked here; every write is audited and
// emits an outbox event in its transaction, and keeps its source record, writing the golden record
// recomputed from all sources (sources/).
import { prefixed, rowProblem, updateMany, worstStatus, type BulkPatch } from '../platform/bulk.ts';
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { inTenant, readInTenant, type Ctx } from '../platform/context.ts';
import { forbidden, type FieldError } from '../platform/errors.ts';
import { uuidv7 } from '../platform/ids.ts';
import { appendAudit, diff, type AuditInput } from '../platform/audit/service.ts';
import { emitEvents } from '../platform/outbox/service.ts';
import { can } from '../platform/policy/index.ts';
import { checkAssignment, loadForAction, readVisible } from '../platform/records.ts';
import { page, type ListParams } from '../platform/list.ts';
import { listScope, type ListTarget } from '../platform/list-scope.ts';
import { addSearchTerms } from '../search/terms.ts';
import { companyTokens } from '../search/tokens.ts';
import { normalizeAddresses, normalizePhones, primaryOf, clean } from '../contacts/normalize.ts';
import { listContactsOfCompany } from '../contacts/service.ts';
import type { ContactOut } from '../contacts/schemas.ts';
import { companies } from './tables.ts';
import { companiesByIds, companyFieldMap, companyJsonPage, replaceSourceIdentifiers, selectCompanies, visibleCompanyById, visibleCompanyJsonById, type CompanyRow, type CompanyWithRelations, type NewCompanyRow } from './data.ts';
import { checkCompanyInputs } from './checks.ts';
import { auditView, presentCompany } from './presenter.ts';
import { listJson } from '../contacts/json-presenter.ts';
import { deriveCompany } from '../quality/derive.ts';
import { applyRules } from '../rules/apply.ts';
import { normalizeDomain, normalizeWebsite, type CompanyCreate, type CompanyOut, type CompanyPatch } from './schemas.ts';
import { goldenPatch, recordCreatedSources, withSourceIdentifier } from '../sources/service.ts';

type CompanyValues = Omit<NewCompanyRow, 'tenantId' | 'id'>;

/** Applies a create or patch input over a stored row (or nothing), normalising every value. */
function applyInput(base: Partial<CompanyRow>, input: CompanyPatch): CompanyValues {
  const text = (k: 'industry' | 'description') => (input[k] !== undefined ? clean(input[k]) : (base[k] ?? null));
  const website = input.website !== undefined ? (input.website === null ? null : normalizeWebsite(input.website)) : (base.website ?? null);
  // A company without a domain takes its website's host, so it can be matched by domain.
  const given = input.domain !== undefined ? (input.domain === null ? null : normalizeDomain(input.domain)) : (base.domain ?? null);
  const domain = given ?? (input.domain === undefined && website ? normalizeDomain(website) : null);
  const addresses = input.addresses ? normalizeAddresses(input.addresses) : (base.addresses ?? []);
  const phones = input.phones ? normalizePhones(input.phones, primaryOf(addresses)?.country ?? null) : (base.phones ?? []);
  const values = {
    name: input.name !== undefined ? (clean(input.name) ?? base.name ?? '') : (base.name ?? ''),
    domain, website,
    industry: text('industry'),
    size: input.size !== undefined ? input.size : (base.size ?? null),
    description: text('description'),
    ownerId: (input.ownerId !== undefined ? input.ownerId : base.ownerId) ?? null,
    teamId: (input.teamId !== undefined ? input.teamId : base.teamId) ?? null,
    phones, addresses,
    tags: input.tags ? [...new Set(input.tags)] : (base.tags ?? []),
  };
  return { ...values, ...deriveCompany(values, base.enrichment) };
}

const tokensOf = (row: CompanyValues) => companyTokens({ name: row.name, domain: row.domain ?? null, phones: row.phones ?? null });

export type BulkResult = { index: number; status: number; company?: CompanyOut; errors?: FieldError[] };


async function recordWrites(tx: Tx, ctx: Ctx, audits: AuditInput[], rows: CompanyWithRelations[], type: string) {
  await appendAudit(tx, ctx.tenantId, ctx.actor, audits);
  await emitEvents(tx, ctx.tenantId, ctx.actor.id, rows.map((r) => ({ type, entity: 'company', entityId: r.id, payload: presentCompany(r) })));
}

/** Creates companies. atomic: all or none (the first problem throws); perRow: the good rows are written. */
export async function createCompanies(ctx: Ctx, inputs: CompanyCreate[], mode: 'atomic' | 'perRow', errorPrefix = (i: number) => `items.${i}.`): Promise<BulkResult[]> {
  if (!can(ctx.principal, 'create', 'company')) throw forbidden('Your role may not create companies');
  for (const i of inputs) checkAssignment(ctx, i.ownerId, i.teamId);
  inputs = inputs.map(withSourceIdentifier); // sources/: a named source's identifier joins the cross-index
  return inTenant(ctx, async (tx) => {
    const checks = await checkCompanyInputs(tx, ctx, inputs, inputs.map(() => undefined), inputs.map(() => undefined));
    if (mode === 'atomic') {
      const bad = checks.map((c, i) => ({ ...c, i })).filter((c) => c.errors.length);
      if (bad.length) throw rowProblem(worstStatus(bad.map((b) => b.status)), bad.flatMap((b) => prefixed(b.errors, errorPrefix(b.i))));
    }
    const now = new Date();
    const defaultTeam = ctx.principal.teamIds[0] ?? null;
    const results: BulkResult[] = [];
    const rows: NewCompanyRow[] = [];
    const tokens = new Set<string>();
    const sourceSets: Array<{ companyId: string; sourceIdentifiers: CompanyCreate['sourceIdentifiers'] }> = [];
    inputs.forEach((input, index) => {
      const check = checks[index]!;
      if (check.errors.length) {
        results.push({ index, status: check.status, errors: check.errors });
        return;
      }
      const values = applyInput({ ownerId: ctx.actor.id, teamId: defaultTeam }, input);
      const searchTokens = tokensOf(values);
      for (const t of searchTokens) tokens.add(t);
      const id = uuidv7();
      rows.push({ ...values, tenantId: ctx.tenantId, id, customFields: check.customFields, searchTokens, createdBy: ctx.actor.id, createdAt: now, updatedAt: now });
      sourceSets.push({ companyId: id, sourceIdentifiers: input.sourceIdentifiers });
      results.push({ index, status: 201 });
    });
    for (let i = 0; i < rows.length; i += 1000) await tx.insert(companies).values(rows.slice(i, i + 1000));
    // sources/: each created company's source record (the k-th row written is the k-th 201 result).
    await recordCreatedSources(tx, ctx, 'company', results.filter((r) => r.status === 201).map((r, k) => ({ id: rows[k]!.id, input: inputs[r.index]! })));
    await replaceSourceIdentifiers(tx, ctx.tenantId, sourceSets, true);
    await applyRules(tx, ctx.tenantId, 'company', rows.map((r) => r.id));
    await addSearchTerms(tx, ctx.tenantId, tokens);
    const created = await companiesByIds(tx, ctx.tenantId, sourceSets.map((s) => s.companyId));
    await recordWrites(tx, ctx, created.map((c) => ({ action: 'company.created', entity: 'company', entityId: c.id, changes: diff(null, auditView(c)) })), created, 'company.created');
    let k = 0;
    for (const r of results) if (r.status === 201) r.company = presentCompany(created[k++]!);
    return results;
  });
}

export async function createCompany(ctx: Ctx, input: CompanyCreate): Promise<CompanyOut> {
  const [result] = await createCompanies(ctx, [input], 'atomic', () => '');
  return result!.company!;
}

export async function getCompany(ctx: Ctx, id: string): Promise<CompanyOut> {
  // One query without a transaction: a company the caller may not see is as absent as one that does not exist.
  const row = await readVisible(ctx, 'company', (q, v) => visibleCompanyById(q, ctx.tenantId, id, v));
  return presentCompany(row);
}

/** getCompany as JSON text presented by PostgreSQL (companyJsonSql), with the version for the ETag. */
export async function getCompanyJson(ctx: Ctx, id: string): Promise<{ version: number; json: string }> {
  const row = await readVisible(ctx, 'company', (q, v) => visibleCompanyJsonById(q, ctx.tenantId, id, v, ctx.principal));
  return { version: row.version, json: row.j };
}

/** What the company list shows a caller (also the exports' companies). */
export const companyListTarget: ListTarget = { entity: 'company', plural: 'companies', fields: companyFieldMap, ownership: companies, idColumn: companies.id };

export async function listCompanies(ctx: Ctx, params: ListParams) {
  // The same scope as the exports (platform/list-scope.ts).
  const { plan, where, after, order } = listScope(ctx.principal, companyListTarget, params);
  const rows = await readInTenant(ctx, (q) => selectCompanies(q, ctx.tenantId, and(where, after), order, params.limit + 1));
  const sortKey = plan.field as keyof CompanyWithRelations;
  const { data, nextCursor } = page(rows, params.limit, (r) => r[sortKey]);
  return { data: data.map(presentCompany), nextCursor };
}

/**
 * The list answer as JSON text, each company presented by PostgreSQL (companyJsonSql): the same
 * rows, cursor and field selection as listCompanies plus selectFields, from a statement prepared
 * once per list shape. A shape past the prepared statements' cap is answered through listCompanies.
 */
export function listCompaniesJson(ctx: Ctx, params: ListParams): Promise<string> {
  return listJson(ctx, companyListTarget, params, (q, shape, limit) => companyJsonPage(q, ctx.tenantId, shape, ctx.principal, params.fields, limit), listCompanies);
}

export async function updateCompany(ctx: Ctx, id: string, patch: CompanyPatch, ifMatch?: number): Promise<CompanyOut> {
  return inTenant(ctx, async (tx) => (await updateCompanyIn(tx, ctx, id, patch, ifMatch))!);
}

/**
 * Recomputes a company's golden record from its stored sources (after the tenant's survivorship
 * settings changed), in the caller's transaction. Written like any update when a value changes
 * (version, audit entry, event); answers whether it was.
 */
export async function recomputeCompanyGolden(tx: Tx, ctx: Ctx, id: string): Promise<boolean> {
  return (await updateCompanyIn(tx, ctx, id, {}, undefined, { recompute: true })) !== null;
}

// The stored columns a golden value decides.
const goldenColumns = ['name', 'domain', 'website', 'industry', 'size', 'description', 'phones', 'addresses'] as const;

async function updateCompanyIn(tx: Tx, ctx: Ctx, id: string, patch: CompanyPatch, ifMatch?: number, opts: { recompute?: boolean } = {}): Promise<CompanyOut | null> {
  const row = await loadForAction<CompanyRow>(tx, ctx, 'company', companies, id, 'update', { lock: true, ifMatch });
  if (patch.ownerId !== undefined || patch.teamId !== undefined) checkAssignment(ctx, patch.ownerId, patch.teamId);
  const [check] = await checkCompanyInputs(tx, ctx, [patch], [row], [id]);
  if (check!.errors.length) throw rowProblem(check!.status, check!.errors);
  // sources/: the patch becomes its source's claims; what is written is the recomputed golden record.
  patch = await goldenPatch(tx, ctx, 'company', row, patch, opts);
  const values = applyInput(row, patch);
  if (opts.recompute && goldenColumns.every((c) => JSON.stringify(row[c] ?? null) === JSON.stringify(values[c] ?? null))) return null;
  const [before] = await companiesByIds(tx, ctx.tenantId, [id]);
  const searchTokens = tokensOf(values);
  await tx
    .update(companies)
    .set({ ...values, customFields: check!.customFields, searchTokens, updatedAt: new Date(), version: row.version + 1 })
    .where(and(eq(companies.tenantId, ctx.tenantId), eq(companies.id, id)));
  await replaceSourceIdentifiers(tx, ctx.tenantId, [{ companyId: id, sourceIdentifiers: patch.sourceIdentifiers }], false);
  await applyRules(tx, ctx.tenantId, 'company', [id]);
  await addSearchTerms(tx, ctx.tenantId, searchTokens);
  const [after] = await companiesByIds(tx, ctx.tenantId, [id]);
  const changes = diff(auditView(before!), auditView(after!));
  await recordWrites(tx, ctx, [{ action: 'company.updated', entity: 'company', entityId: id, changes }], [after!], 'company.updated');
  return presentCompany(after!);
}

export async function deleteCompany(ctx: Ctx, id: string): Promise<void> {
  await inTenant(ctx, async (tx) => {
    await loadForAction<CompanyRow>(tx, ctx, 'company', companies, id, 'delete', { lock: true });
    const [before] = await companiesByIds(tx, ctx.tenantId, [id]);
    await tx.delete(companies).where(and(eq(companies.tenantId, ctx.tenantId), eq(companies.id, id)));
    await appendAudit(tx, ctx.tenantId, ctx.actor, [{ action: 'company.deleted', entity: 'company', entityId: id, changes: diff(auditView(before!), null) }]);
    await emitEvents(tx, ctx.tenantId, ctx.actor.id, [{ type: 'company.deleted', entity: 'company', entityId: id, payload: { id } }]);
  });
}

export type LinkedContact = ContactOut & { role: string | null; isPrimary: boolean };

/**
 * The contacts linked to a company, each with its role there. The company must be visible to the
 * caller (else 404); the contacts are listed by the contacts service, so only those the caller
 * may see appear, with the usual filters, sort and cursor.
 */
export async function listCompanyContacts(ctx: Ctx, id: string, params: ListParams): Promise<{ data: LinkedContact[]; nextCursor: string | null }> {
  await readInTenant(ctx, (q) => loadForAction(q, ctx, 'company', companies, id, 'read'));
  const { data, nextCursor } = await listContactsOfCompany(ctx, id, params);
  return {
    data: data.map((c) => {
      const link = c.companies.find((l) => l.companyId === id);
      return { ...c, role: link?.role ?? null, isPrimary: link?.isPrimary ?? false };
    }),
    nextCursor,
  };
}

/** Updates up to 1,000 companies in one transaction (see updateMany). */
export const updateCompanies = (ctx: Ctx, items: Array<BulkPatch<CompanyPatch>>, mode: 'atomic' | 'perRow') =>
  updateMany(ctx, items, mode, async (tx, id, patch, version) => (await updateCompanyIn(tx, ctx, id, patch, version))!);
