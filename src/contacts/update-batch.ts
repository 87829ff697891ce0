// Updating many contacts at once for a batch writer (an import page): what updateContact does for
// one contact (policy, checks, source claims and the golden record, normalisation, rules, search
// terms, audit entry and event per contact) with one statement per table for the whole batch
// instead of a dozen per contact. A row that fails its checks is left out with its errors. Rows
// the caller may change only through a share go through updateContacts one by one.
import { and, asc, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import { updateUnnest } from '../db/update-unnest.ts';
import { inTenant, type Ctx } from '../platform/context.ts';
import { AppError, type FieldError } from '../platform/errors.ts';
import { appendAudit, diff } from '../platform/audit/service.ts';
import { emitEvents } from '../platform/outbox/service.ts';
import { canOnRecord } from '../platform/policy/index.ts';
import { checkAssignment } from '../platform/records.ts';
import { inBatch } from '../platform/jobs/in-batch.ts';
import { addSearchTerms } from '../search/terms.ts';
import { contactTokens } from '../search/tokens.ts';
import { applyRules } from '../rules/apply.ts';
import { goldenPatches } from '../sources/golden-batch.ts';
import type { SourceClaim } from '../sources/service.ts';
import { contacts } from './tables.ts';
import { writeContactKeys } from '../matching/blocking-keys.ts';
import { contactsByIds, linkedCompanies, replaceLinks, type ContactRow, type ContactWithRelations, type LinkSet } from './data.ts';
import type { Tx } from '../db/client.ts';
import type { RuleChange } from '../rules/apply.ts';
import { checkContactInputs } from './checks.ts';
import { auditView, presentContact } from './presenter.ts';
import { applyInput, updateContacts } from './service.ts';
import type { ContactOut, ContactPatch } from './schemas.ts';

export type BatchPatch = ContactPatch & { source?: SourceClaim | undefined };
export type BatchResult = { index: number; status: number; record?: ContactOut; errors?: FieldError[] };

// The stored columns a golden value decides (directly or through the primary email and phone).
const goldenColumns = ['prefix', 'givenName', 'middleName', 'familyName', 'suffix', 'displayName', 'jobTitle', 'birthDate', 'netWorth', 'netWorthCurrency', 'emails', 'phones', 'addresses', 'primaryEmail', 'primaryPhone'] as const;
const sameGolden = (row: ContactRow, values: Partial<ContactRow>) =>
  goldenColumns.every((c) => JSON.stringify(row[c] ?? null) === JSON.stringify(values[c] ?? null));

/**
 * A JSON value with every object's keys in the order jsonb keeps them (shorter keys first, then by
 * their UTF-8 bytes), so a value built here compares and serialises as the one read back would.
 */
function jsonbOrder(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(jsonbOrder);
  if (v === null || typeof v !== 'object' || v instanceof Date) return v;
  const keys = Object.keys(v).map((k) => Buffer.from(k)).sort((a, b) => a.length - b.length || Buffer.compare(a, b));
  const out: Record<string, unknown> = {};
  for (const b of keys) {
    const k = b.toString();
    const x = (v as Record<string, unknown>)[k];
    if (x === undefined) continue;
    if (k === '__proto__') Object.defineProperty(out, k, { value: jsonbOrder(x), enumerable: true, writable: true, configurable: true });
    else out[k] = jsonbOrder(x);
  }
  return out;
}
const jsonbKeys = Object.entries(getTableColumns(contacts)).filter(([, c]) => c.columnType === 'PgJsonb').map(([k]) => k);
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0); // the database's C collation

/**
 * The contacts just updated, with their relations, built from the rows as locked, the values
 * written and the rules' changes instead of read back (what contactsByIds would answer, JSON values'
 * keys in jsonb's order). Undefined when that needs more than names of companies: categories
 * set by the patch or added by a rule (their paths), or a company that is gone.
 */
async function writtenContacts(
  tx: Tx, tenantId: string, writes: ReadonlyArray<{ row: ContactRow; patch: ContactPatch }>, values: ReadonlyArray<Record<string, unknown>>,
  before: ReadonlyMap<string, ContactWithRelations>, ruled: RuleChange[],
): Promise<ContactWithRelations[] | undefined> {
  if (writes.some((w) => w.patch.categoryIds !== undefined)) return undefined;
  const rules = new Map(ruled.map((r) => [r.id, r]));
  for (const r of ruled) if (r.after.categoryIds && r.after.categoryIds.length !== (r.before.categoryIds ?? []).length) return undefined;
  const names = new Map<string, string>();
  for (const b of before.values()) for (const l of b.companies) names.set(l.companyId, l.name);
  const unknown = writes.flatMap((w) => (w.patch.companies ?? []).map((l) => l.companyId).filter((id) => !names.has(id)));
  if (unknown.length) for (const [id, c] of await linkedCompanies(tx, tenantId, unknown)) names.set(id, c.name);
  const out: ContactWithRelations[] = [];
  for (const [k, w] of writes.entries()) {
    const was = before.get(w.row.id)!;
    const rule = rules.get(w.row.id);
    let companies = was.companies;
    if (w.patch.companies) {
      const links = w.patch.companies;
      const primary = Math.max(0, links.findIndex((l) => l.isPrimary));
      if (links.some((l) => !names.has(l.companyId))) return undefined;
      companies = links.map((l, i) => ({ companyId: l.companyId, name: names.get(l.companyId)!, role: l.role ?? null, isPrimary: i === primary }))
        .sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary) || byText(a.name, b.name));
    }
    const sourceIds = w.patch.sourceIdentifiers
      ? w.patch.sourceIdentifiers.map((x) => ({ system: x.system, externalId: x.externalId })).sort((a, b) => byText(a.system, b.system) || byText(a.externalId, b.externalId))
      : was.sourceIdentifiers;
    const row: Record<string, unknown> = {
      ...w.row, ...(values[k] as Partial<ContactRow>), version: w.row.version + 1,
      ...(rule ? { tags: rule.after.tags, tier: rule.after.tier ?? null } : {}),
      categories: was.categories, companies, sourceIdentifiers: sourceIds,
      // Staleness is read with the row from its confirmation and creation times, which no update changes.
      ...(was.stale !== undefined ? { stale: was.stale } : {}),
    };
    for (const key of jsonbKeys) row[key] = jsonbOrder(row[key]);
    out.push(row as unknown as ContactWithRelations);
  }
  return out;
}

/** The stored row without the relations read beside it. */
const rowOf = ({ categories: _categories, companies: _companies, sourceIdentifiers: _sourceIdentifiers, stale: _stale, ...row }: ContactWithRelations): ContactRow => row;

const problem = (err: AppError): FieldError[] => (err.errors.length ? err.errors : [{ field: 'id', message: err.message }]);

/** Updates distinct contacts, each row on its own (perRow): the good rows are written. */
/**
 * `recompute`: the patches are empty and the golden record is recomputed from the stored sources
 * (the tenant's survivorship settings changed); contacts whose values come out the same are not
 * written (status 204: no audit entry, no event, no new version).
 */
/**
 * `stored`: the contacts with their relations as the caller read them after locking them (FOR
 * UPDATE) in this transaction; when it holds every id the batch neither locks nor reads them again
 * (the import has just read them to merge its rows).
 */
export async function updateContactsBatch(ctx: Ctx, items: ReadonlyArray<{ id: string; patch: BatchPatch }>, opts: { recompute?: boolean; stored?: ReadonlyMap<string, ContactWithRelations> } = {}): Promise<BatchResult[]> {
  if (items.length === 0) return [];
  return inTenant(ctx, async (tx) => {
    const results: BatchResult[] = new Array(items.length);
    const ids = [...new Set(items.map((i) => i.id))];
    if (ids.length !== items.length) throw new Error('updateContactsBatch: one row per contact');
    const stored = opts.stored && ids.every((id) => opts.stored!.has(id)) ? opts.stored : undefined;
    const rows: ContactRow[] = stored
      ? ids.map((id) => rowOf(stored.get(id)!))
      : await tx.select().from(contacts)
        .where(and(eq(contacts.tenantId, ctx.tenantId), inArray(contacts.id, ids)))
        .orderBy(asc(contacts.id))
        .for('update');
    const byId = new Map(rows.map((r) => [r.id, r]));
    const viaShares: number[] = [];
    let live: Array<{ index: number; row: ContactRow; patch: BatchPatch }> = [];
    items.forEach((item, index) => {
      const row = byId.get(item.id);
      const rel = { ownerId: row?.ownerId ?? null, teamId: row?.teamId ?? null, shared: null };
      if (!row) results[index] = { index, status: 404, errors: [{ field: 'id', message: 'Contact not found' }] };
      else if (!canOnRecord(ctx.principal, 'read', 'contact', rel) || !canOnRecord(ctx.principal, 'update', 'contact', rel)) viaShares.push(index);
      else {
        try {
          if (item.patch.ownerId !== undefined || item.patch.teamId !== undefined) checkAssignment(ctx, item.patch.ownerId, item.patch.teamId);
          live.push({ index, row, patch: item.patch });
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          results[index] = { index, status: err.status, errors: problem(err) };
        }
      }
    });

    const checks = await checkContactInputs(tx, ctx, live.map((l) => l.patch), live.map((l) => l.row), live.map((l) => l.row.id));
    live = live.filter((l, k) => {
      const c = checks[k]!;
      if (c.errors.length) results[l.index] = { index: l.index, status: c.status, errors: c.errors };
      else (l as typeof l & { customFields: Record<string, unknown> }).customFields = c.customFields;
      return c.errors.length === 0;
    });
    const golden = await goldenPatches(tx, ctx, 'contact', live.map((l) => ({ row: l.row, patch: l.patch })), { recompute: opts.recompute });
    const writes = live.flatMap((l, k) => {
      const g = golden[k]!;
      if ('error' in g) {
        results[l.index] = { index: l.index, status: g.error.status, errors: problem(g.error) };
        return [];
      }
      if (opts.recompute && sameGolden(l.row, applyInput(l.row, g.patch as ContactPatch))) {
        results[l.index] = { index: l.index, status: 204 };
        return [];
      }
      return [{ ...l, patch: g.patch as ContactPatch, customFields: (l as typeof l & { customFields: Record<string, unknown> }).customFields }];
    });
    if (writes.length) {
      const writtenIds = writes.map((w) => w.row.id);
      const before = stored ?? new Map((await contactsByIds(tx, ctx.tenantId, writtenIds)).map((c) => [c.id, c]));
      const now = new Date();
      const tokens = new Set<string>();
      const values = writes.map((w) => {
        const v = applyInput(w.row, w.patch);
        const searchTokens = contactTokens(v);
        for (const t of searchTokens) tokens.add(t);
        return { ...v, tenantId: ctx.tenantId, id: w.row.id, customFields: w.customFields, searchTokens, updatedAt: now };
      });
      await updateUnnest(tx, contacts, values, Object.keys(values[0]!), sql`version = t.version + 1`);
      await writeContactKeys(tx, ctx.tenantId, values, writes.map((w) => w.row));
      const links: LinkSet[] = writes.map((w) => ({ contactId: w.row.id, companies: w.patch.companies, categoryIds: w.patch.categoryIds, sourceIdentifiers: w.patch.sourceIdentifiers }));
      await replaceLinks(tx, ctx.tenantId, links, false);
      const ruled = await applyRules(tx, ctx.tenantId, 'contact', writtenIds, { keepTier: new Set(writes.filter((w) => w.patch.tier !== undefined).map((w) => w.row.id)) });
      await addSearchTerms(tx, ctx.tenantId, tokens);
      const after = (stored && await writtenContacts(tx, ctx.tenantId, writes, values, before, ruled)) || await contactsByIds(tx, ctx.tenantId, writtenIds);
      // Events first: the audit append locks the tenant's chain head until commit, so it comes last.
      await emitEvents(tx, ctx.tenantId, ctx.actor.id, after.map((r) => ({ type: 'contact.updated', entity: 'contact', entityId: r.id, payload: presentContact(r, { userId: '', role: 'admin', teamIds: [] }) })));
      await appendAudit(tx, ctx.tenantId, ctx.actor, after.map((r) => ({ action: 'contact.updated', entity: 'contact', entityId: r.id, changes: diff(auditView(before.get(r.id)!), auditView(r)) })));
      after.forEach((r, k) => {
        const index = writes[k]!.index;
        results[index] = { index, status: 200, record: presentContact(r, ctx.principal) };
      });
    }
    if (viaShares.length) {
      const one = await updateContacts(inBatch(ctx, tx), viaShares.map((i) => ({ id: items[i]!.id, patch: items[i]!.patch })), 'perRow');
      one.forEach((r, k) => {
        const index = viaShares[k]!;
        results[index] = { index, status: r.status, ...(r.record ? { record: r.record } : {}), ...(r.errors ? { errors: r.errors } : {}) };
      });
    }
    return results;
  });
}
