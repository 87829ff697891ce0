// Writes one batch of mapped rows as companies through the companies service, inside the batch's
// transaction (ctx from inBatch): the same rules as contacts (apply-contacts.ts) without company
// links or notes.
import { readInTenant, type Ctx } from '../platform/context.ts';
import { companyCreate, companyPatch, type CompanyOut } from '../companies/schemas.ts';
import { createCompanies, listCompanies, updateCompanies } from '../companies/service.ts';
import { fieldErrors, identify, issues, type Outcome } from './identify.ts';
import { mergeIntoCompany, snapshotOf } from './merge.ts';
import type { SourceRow } from './source.ts';
import { claimKey, claimsBefore, importClaim, withClaimsBefore, withRowClaims } from '../sources/imports.ts';

async function companiesById(ctx: Ctx, ids: string[]): Promise<Map<string, CompanyOut>> {
  if (ids.length === 0) return new Map();
  const { data } = await listCompanies(ctx, { limit: ids.length, sort: 'name', match: 'all', filters: [{ field: 'id', op: 'in', value: ids.join(',') }] });
  return new Map(data.map((c) => [c.id, c]));
}

export async function applyCompanies(ctx: Ctx, rows: SourceRow[]): Promise<{ outcomes: Outcome[]; preview: CompanyOut[] }> {
  const outcomes: Outcome[] = [];
  const { creates, updates, fail } = await identify(ctx, 'company', rows, companyPatch, (ids) => companiesById(ctx, ids), outcomes);
  const preview: CompanyOut[] = [];
  const inputs = creates.flatMap((g) => {
    const parsed = companyCreate.safeParse(g.patch);
    if (!parsed.success) { fail(g.row, issues(parsed.error)); return []; }
    return [{ row: g.row, input: { ...parsed.data, source: importClaim(g.row, parsed.data) } }];
  });
  if (inputs.length) {
    const results = await createCompanies(ctx, inputs.map((c) => c.input), 'perRow', () => '');
    for (const [i, r] of results.entries()) {
      const { row } = inputs[i]!;
      if (!r.company) { fail(row, fieldErrors(r.errors)); continue; }
      outcomes.push({ rowNo: row.rowNo, entity: 'company', action: 'created', recordId: r.company.id });
      if (preview.length < 10) preview.push(r.company);
    }
  }
  const changes = updates.flatMap((u) => {
    const patch = mergeIntoCompany(u.target, u.patch);
    if (Object.keys(patch).length === 0) {
      outcomes.push({ rowNo: u.row.rowNo, entity: 'company', action: 'unchanged', recordId: u.target.id });
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
    const held = await readInTenant(ctx, (q) => claimsBefore(q, ctx.tenantId, 'company', keyed));
    // sources/: the row's own values are its source's claims; the service writes the golden record.
    const results = await updateCompanies(ctx, changes.map((c) => ({ id: c.target.id, patch: withRowClaims(c.patch, c.row, c.own, 'company') })), 'perRow');
    for (const [i, r] of results.entries()) {
      const c = changes[i]!;
      if (!r.record) { fail(c.row, fieldErrors(r.errors)); continue; }
      outcomes.push({ rowNo: c.row.rowNo, entity: 'company', action: 'updated', recordId: c.target.id, before: withClaimsBefore(c.before, held.get(c.target.id)) });
      if (preview.length < 10) preview.push(r.record);
    }
  }
  return { outcomes: outcomes.sort((a, b) => a.rowNo - b.rowNo), preview };
}
