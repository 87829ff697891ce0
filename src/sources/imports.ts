// What an imported row tells its source record: the import's system and the row's identifier in it
// (the mapped source identifier of that system; a row without one is keyed by the record's own id),
// the row as received (CSV cells under the file's headers, or the vCard text) and the import.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../db/client.ts';
import { textArray } from '../db/sql.ts';
import type { SourceRow } from '../imports/source.ts';
import { companyGoldenFields, contactGoldenFields, type Claim } from './golden.ts';
import type { SourceClaim } from './service.ts';
import { sourceRecords } from './tables.ts';

type Identified = { sourceIdentifiers?: Array<{ system: string; externalId: string }> | undefined };

export function importClaim(row: SourceRow, input: Identified): SourceClaim | undefined {
  const origin = row.origin;
  if (!origin) return undefined;
  const payload = origin.format === 'csv'
    ? { format: 'csv', record: Object.fromEntries((origin.headers ?? []).map((h, i) => [h, row.raw[i] ?? ''])) }
    : { format: 'vcard', card: row.raw[0] ?? '' };
  const externalId = input.sourceIdentifiers?.find((s) => s.system === origin.system)?.externalId;
  return { system: origin.system, ...(externalId ? { externalId } : {}), payload, importId: origin.importId };
}

/**
 * An import's update of an existing contact: the merged patch (what changes, lists with the row's
 * items added) plus every golden value the row itself gives, so its source record holds the row's
 * whole claim, not only the part that differed from the golden record.
 */
export function withRowClaims<P extends Identified & object>(merged: P, row: SourceRow, own: Record<string, unknown> & Identified, entity: 'contact' | 'company' = 'contact'): P & { source?: SourceClaim } {
  const claims: Record<string, unknown> = {};
  for (const f of entity === 'contact' ? contactGoldenFields : companyGoldenFields) {
    if (own[f] !== undefined && (merged as Record<string, unknown>)[f] === undefined && !Array.isArray(own[f])) claims[f] = own[f];
  }
  const source = importClaim(row, own);
  return { ...claims, ...merged, ...(source ? { source } : {}) };
}

/**
 * Undo data for an import's update: the claims the row's source record (the import's system, the
 * row's identifier) held before the row was written, or null when the row created that record.
 * Kept in the outcome's `before` under this key; undo puts them back (restoreClaims) before it
 * writes the previous values, so a source trusted above Rapport no longer holds the undone values.
 */
export const CLAIMS_BEFORE = '$sourceClaims';
export interface ClaimsBefore { system: string; externalId: string; fields: Record<string, Claim> | null }

/** The source key an imported row writes to for record `id` (as goldenPatch keys it). */
export function claimKey(row: SourceRow, own: Identified, id: string): { system: string; externalId: string } | undefined {
  const source = importClaim(row, own);
  return source && { system: source.system, externalId: source.externalId ?? id };
}

/** What each record's source record under its key claims now (one query for a page). */
export async function claimsBefore(q: Queryable, tenantId: string, entity: 'contact' | 'company', items: Array<{ id: string; key: { system: string; externalId: string } }>): Promise<Map<string, ClaimsBefore>> {
  const out = new Map<string, ClaimsBefore>(items.map((i) => [i.id, { ...i.key, fields: null }]));
  if (items.length === 0) return out;
  const owner = entity === 'contact' ? sourceRecords.contactId : sourceRecords.companyId;
  const rows = await q.select({ owner, system: sourceRecords.system, externalId: sourceRecords.externalId, fields: sourceRecords.fields }).from(sourceRecords)
    .where(and(eq(sourceRecords.tenantId, tenantId), inArray(owner, items.map((i) => i.id)),
      sql`(${sourceRecords.system}, ${sourceRecords.externalId}) in (select * from unnest(${textArray(items.map((i) => i.key.system))}, ${textArray(items.map((i) => i.key.externalId))}))`));
  for (const r of rows) {
    const want = out.get(r.owner!);
    if (want && want.system === r.system && want.externalId === r.externalId) want.fields = r.fields;
  }
  return out;
}

/**
 * Puts a record's source record back as it was before import `importId` wrote it: its earlier claims,
 * or no record at all when the import created it. Left alone when a later write has taken it over.
 */
export async function restoreClaims(tx: Tx, tenantId: string, entity: 'contact' | 'company', id: string, before: ClaimsBefore, importId: string): Promise<void> {
  const owner = entity === 'contact' ? sourceRecords.contactId : sourceRecords.companyId;
  const where = and(eq(sourceRecords.tenantId, tenantId), eq(owner, id), eq(sourceRecords.system, before.system),
    eq(sourceRecords.externalId, before.externalId), eq(sourceRecords.importId, importId));
  if (before.fields === null) await tx.delete(sourceRecords).where(where);
  else await tx.update(sourceRecords).set({ fields: before.fields }).where(where);
}

/** An outcome's undo data with the claims held before (when the row wrote to a source record). */
export const withClaimsBefore = (before: Record<string, unknown>, claims: ClaimsBefore | undefined) => (claims ? { ...before, [CLAIMS_BEFORE]: claims } : before);
