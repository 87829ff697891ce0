// Contacts as the matching engine sees them: the record shape (names, primary email and phone,
// birth date, first address's postcode and city, primary company), the comparison settings, the
// default model used until a dedupe job has trained one, and scoring of one record against a few
// others with a waterfall (the real-time check and the review queue's re-scoring).
import { LEVELS } from './engine/comparisons.ts';
import { comparatorsOf, prepareTable } from './engine/match.ts';
import type { Model } from './engine/model.ts';
import type { Dataset } from './engine/prepare.ts';
import { explainPair, type Explanation } from './engine/score.ts';
import { parseSettings, type BlockingRule, type ComparisonSettings, type FieldKind, type Settings } from './engine/settings.ts';

export interface MatchRecord {
  id: string;
  givenName: string | null;
  familyName: string | null;
  email: string | null;
  phone: string | null;
  birthDate: string | null;
  postcode: string | null;
  city: string | null;
  company: string | null;
}

const COLUMNS: Array<[keyof Omit<MatchRecord, 'id'>, string]> = [
  ['givenName', 'given_name'], ['familyName', 'family_name'], ['email', 'email'], ['phone', 'phone'],
  ['birthDate', 'birth_date'], ['postcode', 'postcode'], ['city', 'city'], ['company', 'company'],
];

/** Probability at or above which a pair is a candidate; the review queue's uncertain band ends at UPPER. */
export const LOWER_THRESHOLD = 0.5;
export const UPPER_THRESHOLD = 0.95;

// Employer and city are compared but never blocked on: colleagues share both (and an office
// postcode), so blocking on them floods the candidates with colleagues, while comparing them gives
// namesakes at different firms or towns the disagreement that tells them apart. Measured on 30k
// seeded contacts (195k pairs of namesakes): 35k pairs above 50% from 0.49M candidates with these
// settings, 109k from 1.1M with the engine's automatic rules, 196k without employer and city.
const comparisons: ComparisonSettings[] = [
  { column: 'given_name', kind: 'given_name', termFrequency: true, swapWith: 'family_name' },
  { column: 'family_name', kind: 'surname', termFrequency: true, swapWith: 'given_name' },
  { column: 'email', kind: 'email' },
  { column: 'phone', kind: 'phone' },
  { column: 'birth_date', kind: 'date' },
  { column: 'postcode', kind: 'postcode' },
  { column: 'city', kind: 'city' },
  { column: 'company', kind: 'company' },
];

/** Each rule catches what the others miss; the planted kinds of src/seed/duplicates.ts all meet one. */
function blocking(records: number): BlockingRule[] {
  const rules: BlockingRule[] = [
    // Whole addresses and numbers: a shared local part ("john.smith") or last seven digits (an
    // office switchboard) mostly pairs namesakes and colleagues; the name rules catch the rest.
    { keys: ['email'] },
    { keys: ['phone'] },
    { keys: ['given_name:nick', 'family_name:metaphone'], unordered: true },
    { keys: ['family_name:metaphone', 'birth_date:year'] },
    { keys: ['given_name:nick', 'birth_date'] },
    { keys: ['postcode', 'given_name:first1', 'family_name:first1'] },
  ];
  // Small books can afford a broad rule that finds pairs sharing little else than a name.
  if (records > 0 && records <= 50_000) rules.push({ keys: ['given_name:nick', 'family_name:first1'] });
  return rules;
}

/** The settings document for contacts. */
export function contactSettings(records: number): Settings {
  return parseSettings({ comparisons, blocking: blocking(records), threshold: LOWER_THRESHOLD });
}

/** Columnar input for the engine. */
export function toDataset(records: readonly MatchRecord[]): Dataset {
  const columns: Record<string, Array<string | undefined>> = {};
  for (const [key, column] of COLUMNS) columns[column] = records.map((r) => r[key] ?? undefined);
  return { ids: records.map((r) => r.id), columns };
}

// Untrained defaults: P(exact | match) and P(exact | non-match) per kind, from what a client book
// looks like (a shared email or phone is rare by chance, a shared first name is not).
const EXACT: Partial<Record<FieldKind, { m: number; u: number }>> = {
  given_name: { m: 0.85, u: 0.01 }, surname: { m: 0.85, u: 0.002 }, email: { m: 0.7, u: 1e-5 },
  phone: { m: 0.7, u: 1e-5 }, date: { m: 0.9, u: 1e-4 }, postcode: { m: 0.8, u: 0.001 },
  city: { m: 0.8, u: 0.02 }, company: { m: 0.6, u: 0.01 }, identifier: { m: 0.8, u: 1e-4 },
};

/**
 * A model without training: exact agreement weighs log2(m/u) from the table above; the partial
 * levels (ordered strongest first) share the rest of m geometrically while u grows fourfold a
 * step; swapped names are nearly as telling as exact ones; disagreement costs about five bits.
 */
export function defaultModel(settings: Settings, prior = 1e-4): Model {
  const fields = settings.comparisons.map((c) => {
    const levels = LEVELS[c.kind];
    const exact = EXACT[c.kind] ?? { m: 0.8, u: 0.01 };
    const middle = levels.slice(2, -1);
    const mElse = 0.03;
    const shares = middle.map((_, k) => 0.6 ** k);
    const sum = shares.reduce((s, v) => s + v, 0);
    const m = [1, exact.m];
    const u = [1, exact.u];
    middle.forEach((label, k) => {
      const swapped = label.startsWith('swapped');
      m.push(swapped ? 0.02 : ((1 - exact.m - mElse - 0.02) * shares[k]!) / sum);
      u.push(swapped ? exact.u * 2 : Math.min(0.05, exact.u * 4 ** (k + 1)));
    });
    m.push(mElse);
    u.push(Math.max(0.5, 1 - u.slice(1).reduce((s, v) => s + v, 0)));
    return { column: c.column, levels, m, u, termFrequency: false, uExact: exact.u };
  });
  return { fields, prior, candidateMatchShare: 0, emIterations: 0 };
}

/** The model without term-frequency adjustment: frequencies of a handful of records mean nothing. */
export const withoutTermFrequency = (model: Model): Model => ({ ...model, fields: model.fields.map((f) => ({ ...f, termFrequency: false })) });

/**
 * Scores `probe` against each of `others` (waterfall included). Columns in `hidden` count as
 * missing, so a caller who may not see a field learns nothing from its agreement.
 */
export function scoreAgainst(settings: Settings, model: Model, probe: MatchRecord, others: readonly MatchRecord[], hidden: readonly string[] = []): Array<{ id: string; explanation: Explanation }> {
  if (others.length === 0) return [];
  const blank = (r: MatchRecord): MatchRecord => {
    const out = { ...r };
    for (const [key, column] of COLUMNS) if (hidden.includes(column)) out[key] = null;
    return out;
  };
  const table = prepareTable([toDataset([probe, ...others].map(blank))], settings);
  const compare = comparatorsOf(table, settings);
  const plain = withoutTermFrequency(model);
  return others.map((o, i) => {
    const levels = compare.map((c) => c(0, i + 1));
    return { id: o.id, explanation: explainPair(plain, table, levels, 0) };
  });
}
