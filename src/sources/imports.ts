// What an imported row tells its source record: the import's system and the row's identifier in it
// (the mapped source identifier of that system; a row without one is keyed by the record's own id),
// the row as received (CSV cells under the file's headers, or the vCard text) and the import.
import type { SourceRow } from '../imports/source.ts';
import { companyGoldenFields, contactGoldenFields } from './golden.ts';
import type { SourceClaim } from './service.ts';

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
