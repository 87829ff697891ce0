// Per-field survivorship for a merge (pure): which value the survivor keeps and where it came from.
// A side the caller names for a field wins. Otherwise, for a golden field (one outside systems
// supply: names, birth date, emails, phones, addresses...), the tenant's survivorship settings
// decide between the two records' values as they decide between sources (sources/golden.ts): each
// value ranks by the source that gave it (trusted systems first), then by when it was received,
// then by completeness, in the tenant's order for the field; a tie keeps the survivor's. An empty
// value never beats a value. Lists are unioned with the winner's items first (its primary stays
// primary). Other fields (owner, tier, tags, consent...) keep the survivor's value unless empty;
// lists are unioned and maps combined (survivor's keys win). The result is a patch for the
// entity's service plus the lineage, which names the rule that chose each value.
import type { ContactRow } from '../contacts/data.ts';
import type { CompanyRow } from '../companies/data.ts';
import { completeness, type Criterion, type SurvivorshipSettings } from '../sources/golden.ts';
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

/** Where one record's value of a golden field came from: the source that gave it, and when. */
export interface Provenance { system: string; at: string }

/** The tenant's settings and, per record, the provenance of its golden fields' values. */
export interface MergeRules {
  settings: SurvivorshipSettings;
  /** The fields the settings govern (the entity's golden fields). */
  golden: readonly string[];
  survivor: Readonly<Record<string, Provenance>>;
  merged: Readonly<Record<string, Provenance>>;
}

/**
 * What chose a field's value: the caller; the only side with a value; both sides the same; a
 * criterion of the tenant's settings; a tie (the survivor's kept); or, for fields the settings do
 * not govern, the survivor's unless empty, lists unioned, maps combined.
 */
export type MergeRule = 'choice' | 'only value' | 'same value' | Criterion | 'tie' | 'survivor' | 'union' | 'combined';

/**
 * The side the tenant's settings prefer for a golden field with a value on both sides, and the
 * criterion that decided (the field's own order, then recency and completeness as golden.ts adds).
 */
function byRules(field: string, s: unknown, m: unknown, rules: MergeRules): { side: Side; rule: Criterion | 'tie' } {
  const { settings } = rules;
  const rank = (system: string) => {
    const i = settings.trustedSystems.indexOf(system);
    return i < 0 ? settings.trustedSystems.length : i;
  };
  const sp = rules.survivor[field];
  const mp = rules.merged[field];
  const compare: Record<Criterion, () => number> = {
    trusted: () => (sp && mp ? rank(sp.system) - rank(mp.system) : 0),
    recent: () => (sp && mp ? Date.parse(mp.at) - Date.parse(sp.at) : 0),
    complete: () => completeness(m) - completeness(s),
  };
  const chain: Criterion[] = [...new Set<Criterion>([...(settings.fieldRules[field as keyof typeof settings.fieldRules] ?? settings.rules), 'recent', 'complete'])];
  for (const c of chain) {
    const d = compare[c]();
    // Negative: the survivor ranks first; positive: the merged record does.
    if (d !== 0) return { side: d < 0 ? 'survivor' : 'merged', rule: c };
  }
  return { side: 'survivor', rule: 'tie' };
}

function survive(fields: readonly string[], survivor: Row, merged: Row, choices: Choices, rules?: MergeRules): Survivorship<Record<string, unknown>> {
  const patch: Record<string, unknown> = {};
  const lineage: Lineage['fields'] = {};
  const from = (side: Side | 'both', rule: MergeRule) => {
    const row = side === 'merged' ? merged : survivor;
    return { from: side, recordId: row.id, updatedAt: row.updatedAt.toISOString(), rule };
  };
  for (const field of fields) {
    const s = valueOf(survivor, field);
    const m = valueOf(merged, field);
    if (isEmpty(s) && isEmpty(m)) continue;
    const choice = choices[field];
    let value: unknown = s;
    let side: Side | 'both' = 'survivor';
    let rule: MergeRule = 'survivor';
    if (choice) {
      value = choice === 'merged' ? m : s;
      side = choice;
      rule = 'choice';
    } else if (isEmpty(s) || isEmpty(m)) {
      // An empty value never beats a value (a merge fills gaps).
      side = isEmpty(s) ? 'merged' : 'survivor';
      value = side === 'merged' ? m : s;
      rule = 'only value';
    } else if (JSON.stringify(s) === JSON.stringify(m)) {
      rule = 'same value';
    } else if (rules?.golden.includes(field)) {
      const decided = byRules(field, s, m, rules);
      rule = decided.rule;
      const [first, second] = decided.side === 'merged' ? [m, s] : [s, m];
      if (LISTS.has(field)) {
        value = union(field, first as unknown[], second as unknown[]);
        side = (value as unknown[]).length > (first as unknown[]).length ? 'both' : decided.side;
      } else {
        value = first;
        side = decided.side;
      }
    } else if (LISTS.has(field)) {
      value = union(field, s as unknown[], m as unknown[]);
      rule = 'union';
      if ((value as unknown[]).length > (s as unknown[]).length) side = 'both';
    } else if (MAPS.has(field)) {
      value = { ...(m as object), ...(s as object) };
      rule = 'combined';
      if (Object.keys(value as object).length > Object.keys(s as object).length) side = 'both';
    }
    lineage[field] = from(side, rule);
    if (JSON.stringify(value) !== JSON.stringify(s)) patch[field] = value;
  }
  return { patch, lineage };
}

export const contactSurvivorship = (survivor: ContactRow, merged: ContactRow, choices: Choices = {}, rules?: MergeRules) =>
  survive(contactMergeFields, survivor, merged, choices, rules);

export const companySurvivorship = (survivor: CompanyRow, merged: CompanyRow, choices: Choices = {}, rules?: MergeRules) =>
  survive(companyMergeFields, survivor, merged, choices, rules);
