// Per-field survivorship for a merge (pure): which value the survivor keeps and where it came from.
// Default: the survivor's value unless it is empty, then the merged record's; lists are unioned
// (survivor's first, its primary kept) and maps combined (survivor's keys win), unless the caller
// names a side for the field. The result is a patch for the entity's service plus the lineage.
import type { ContactRow } from '../contacts/data.ts';
import type { CompanyRow } from '../companies/data.ts';
import type { Lineage } from './tables.ts';
import { companyMergeFields, contactMergeFields } from './schemas.ts';

type Side = 'survivor' | 'merged';
type Choices = Partial<Record<string, Side>>;
type Row = { id: string; updatedAt: Date };

const LISTS = new Set(['emails', 'phones', 'addresses', 'tags', 'accountNumbers', 'contractDocuments']);
const MAPS = new Set(['consent', 'customFields']);

const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)
  || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);

/** A field's value as the entity's API takes it back (the stored form carries derived parts). */
function valueOf(record: object, field: string): unknown {
  const row = record as Record<string, unknown>;
  switch (field) {
    case 'netWorth': return row['netWorth'] === null ? null : { amount: Number(row['netWorth']), currency: row['netWorthCurrency'] ?? 'USD' };
    case 'emails': return (row['emails'] as Array<{ address: string; type: string; primary: boolean }>).map((e) => ({ address: e.address, type: e.type, primary: e.primary }));
    case 'phones': return (row['phones'] as Array<{ number: string; type: string; primary: boolean }>).map((p) => ({ number: p.number, type: p.type, primary: p.primary }));
    default: return row[field];
  }
}

const identity: Record<string, (v: never) => string> = {
  emails: (e: { address: string }) => e.address.toLowerCase(),
  phones: (p: { number: string }) => p.number.replace(/[^\d+]/g, ''),
  addresses: (a: { line1: string | null; postalCode: string | null; city: string | null; country: string | null }) => JSON.stringify([a.line1, a.postalCode, a.city, a.country]),
  accountNumbers: (a: { system: string; number: string }) => `${a.system}:${a.number}`,
  contractDocuments: (d: { name: string; url: string | null }) => `${d.name}:${d.url}`,
};

function union(field: string, a: unknown[], b: unknown[]): unknown[] {
  const key = (identity[field] ?? ((v: unknown) => JSON.stringify(v))) as (v: unknown) => string;
  const seen = new Set(a.map(key));
  const extra = b.filter((v) => !seen.has(key(v)) && seen.add(key(v)));
  // The survivor's primary stays primary; the merged record's come along as secondary.
  return [...a, ...extra.map((v) => (typeof v === 'object' && v !== null && 'primary' in v ? { ...v, primary: a.length === 0 && v.primary } : v))];
}

export interface Survivorship<P> { patch: P; lineage: Lineage['fields'] }

function survive(fields: readonly string[], survivor: Row, merged: Row, choices: Choices): Survivorship<Record<string, unknown>> {
  const patch: Record<string, unknown> = {};
  const lineage: Lineage['fields'] = {};
  const from = (side: Side | 'both') => {
    const row = side === 'merged' ? merged : survivor;
    return { from: side, recordId: row.id, updatedAt: row.updatedAt.toISOString() };
  };
  for (const field of fields) {
    const s = valueOf(survivor, field);
    const m = valueOf(merged, field);
    const choice = choices[field];
    let value: unknown = s;
    let side: Side | 'both' = 'survivor';
    if (choice) {
      value = choice === 'merged' ? m : s;
      side = choice;
    } else if (LISTS.has(field)) {
      value = union(field, s as unknown[], m as unknown[]);
      if (isEmpty(s) && !isEmpty(m)) side = 'merged';
      else if (!isEmpty(m) && (value as unknown[]).length > (s as unknown[]).length) side = 'both';
    } else if (MAPS.has(field)) {
      value = { ...(m as object), ...(s as object) };
      if (isEmpty(s) && !isEmpty(m)) side = 'merged';
      else if (Object.keys(value as object).length > Object.keys(s as object).length) side = 'both';
    } else if (isEmpty(s) && !isEmpty(m)) {
      value = m;
      side = 'merged';
    }
    if (isEmpty(s) && isEmpty(m)) continue;
    lineage[field] = from(side);
    if (JSON.stringify(value) !== JSON.stringify(s)) patch[field] = value;
  }
  return { patch, lineage };
}

export const contactSurvivorship = (survivor: ContactRow, merged: ContactRow, choices: Choices = {}) =>
  survive(contactMergeFields, survivor, merged, choices);

export const companySurvivorship = (survivor: CompanyRow, merged: CompanyRow, choices: Choices = {}) =>
  survive(companyMergeFields, survivor, merged, choices);
