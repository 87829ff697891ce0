// Turns raw input columns into the columnar, interned form every later stage reads: per compared
// field, each record's value id (-1 = missing) and, per distinct value, its normalised text and the
// features comparisons need (compact form, skeleton, Double Metaphone, nickname groups, tokens,
// dates as day numbers). Features are computed once per distinct value, not per record.
import { doubleMetaphone } from './double-metaphone.ts';
import { nameGroups } from './nicknames.ts';
import { digitsOnly, foldCompact, foldText, nameSkeleton } from './normalize.ts';
import type { ComparisonSettings, FieldKind } from './settings.ts';

/** One input: record ids and raw values by column (columnar keeps a million rows cheap). */
export interface Dataset {
  ids: string[];
  columns: Record<string, ReadonlyArray<string | undefined>>;
}

export interface PreparedField {
  column: string;
  kind: FieldKind;
  /** Per record: id of its distinct normalised value, -1 when missing. */
  ids: Int32Array;
  /** Per distinct value. */
  values: string[];
  counts: Int32Array;
  compact: string[];
  skeleton: string[];
  dm1: string[];
  dm2: string[];
  groups: (readonly number[])[];
  tokens: string[][];
  /** The tokens sorted and joined: equal when two values have the same words in any order. */
  sortedTokens: string[];
  /**
   * Per kind, a part comparisons read for every pair, cut once here: an email's domain, a phone's
   * last 9 digits, an address's numbers (joined by spaces); '' otherwise.
   */
  part: string[];
  /** Dates: days since 1970 (NaN when not a real date); numbers: the value. */
  num: Float64Array;
}

export interface PreparedTable {
  n: number;
  /** Record ids as given, across inputs in order. */
  recordIds: string[];
  /** Which input each record came from (0 or 1). */
  source: Uint8Array;
  /** Records of input 0 are 0..split-1. */
  split: number;
  fields: PreparedField[];
  byColumn: Map<string, PreparedField>;
}

const REPEATING = new Set<FieldKind>(['given_name', 'surname', 'city', 'category', 'postcode', 'date']);
const NULLS = new Set(['', '-', '--', '?', 'na', 'n/a', 'n.a.', 'null', 'none', 'nan', 'unknown', 'not known']);

// Words that vary between sources of the same address or organisation name.
const ADDRESS_WORDS: Record<string, string> = {
  street: 'st', str: 'st', road: 'rd', avenue: 'ave', av: 'ave', drive: 'dr', lane: 'ln', place: 'pl',
  court: 'ct', crescent: 'cres', boulevard: 'blvd', blv: 'blvd', highway: 'hwy', parkway: 'pkwy', circuit: 'cct',
  terrace: 'tce', square: 'sq', north: 'n', south: 's', east: 'e', west: 'w', apartment: 'apt', flat: 'apt',
  unit: 'apt', suite: 'ste', vulytsia: 'st', ulitsa: 'st', vul: 'st', ul: 'st', sts: 'st', streets: 'st',
  first: '1st', second: '2nd', third: '3rd', fourth: '4th', fifth: '5th', sixth: '6th', seventh: '7th',
  eighth: '8th', ninth: '9th', tenth: '10th', floor: 'fl', building: 'bldg', mount: 'mt', saint: 'st',
};
const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'sir', 'dame', 'lady', 'lord', 'prof', 'rev', 'hon', 'thiru', 'tmt']);
const COMPANY_NOISE = new Set(['the', 'ltd', 'limited', 'inc', 'incorporated', 'llc', 'llp', 'plc', 'co', 'corp', 'corporation', 'company', 'gmbh', 'ag', 'sa', 'srl', 'bv', 'pty', 'tov', 'ooo', 'and', 'of']);

/** The normalised value of a raw cell for a field kind, or null when it carries no evidence. */
export function normaliseValue(kind: FieldKind, raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const trimmed = raw.trim();
  if (NULLS.has(trimmed.toLowerCase())) return null;
  let v: string;
  switch (kind) {
    case 'email':
      v = trimmed.normalize('NFKC').toLowerCase().replace(/\s+/g, '').replace(/^mailto:/, '');
      return v.includes('@') ? v : null;
    case 'phone': {
      v = digitsOnly(trimmed).replace(/^00/, '');
      return v.length >= 6 ? v : null;
    }
    case 'date':
      return normaliseDate(trimmed);
    case 'numeric': {
      v = trimmed.replace(/[^\d.\-]/g, '');
      return v === '' ? null : v;
    }
    case 'postcode':
    case 'identifier':
      v = foldCompact(trimmed);
      return v === '' ? null : v;
    case 'given_name':
    case 'full_name':
      // Titles and ordinals ("Sir", "Mrs", "Dr", "1st" of "1st Baronet") are no part of the name: a
      // given name that is only a title is missing, not a name that disagrees.
      v = foldText(trimmed).split(' ').filter((w) => !TITLES.has(w) && !/^\d+(st|nd|rd|th)?$/.test(w)).join(' ');
      return v === '' ? null : v;
    default:
      v = foldText(trimmed);
      return v === '' ? null : v;
  }
}

/** Dates as YYYYMMDD digits (typos kept: comparisons measure them). Day-first for d/m/y input. */
export function normaliseDate(raw: string): string | null {
  const parts = raw.split(/[^\d]+/).filter(Boolean);
  if (parts.length === 1) {
    const d = parts[0]!;
    if (d.length !== 8) return d.length >= 4 ? d : null;
    return /^(1[5-9]|20)/.test(d) ? d : d.slice(4) + d.slice(2, 4) + d.slice(0, 2);
  }
  if (parts.length < 3) return null;
  const [a, b, c] = parts as [string, string, string];
  const pad = (s: string) => s.padStart(2, '0').slice(-2);
  if (a.length === 4) return a + pad(b) + pad(c);
  if (c.length === 4 || c.length === 2) {
    const year = c.length === 4 ? c : (Number(c) > 30 ? '19' : '20') + c;
    // Day first unless the first part cannot be a day-of-month position's month partner (US m/d/y).
    return Number(b) > 12 && Number(a) <= 12 ? year + pad(a) + pad(b) : year + pad(b) + pad(a);
  }
  return null;
}

function dateDays(v: string): number {
  if (v.length !== 8) return NaN;
  const y = Number(v.slice(0, 4));
  const m = Number(v.slice(4, 6));
  const d = Number(v.slice(6, 8));
  if (!(m >= 1 && m <= 12 && d >= 1 && d <= 31)) return NaN;
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

function tokensOf(kind: FieldKind, v: string): string[] {
  const words = v.split(' ').filter(Boolean);
  if (kind === 'address') return words.map((w) => ADDRESS_WORDS[w] ?? w);
  if (kind === 'full_name') {
    // Each word by its nickname group when it has one (Олександр ~ Alexander), else its skeleton.
    return words.map((w) => {
      const groups = nameGroups(w);
      return groups.length > 0 ? `~${Math.min(...groups)}` : nameSkeleton(w);
    });
  }
  if (kind === 'company') {
    const kept = words.filter((w) => !COMPANY_NOISE.has(w));
    return kept.length > 0 ? kept : words;
  }
  return words;
}

/** Prepares one compared field over all records of all inputs. */
export function prepareField(c: ComparisonSettings, inputs: readonly Dataset[]): PreparedField {
  const n = inputs.reduce((s, d) => s + d.ids.length, 0);
  const ids = new Int32Array(n);
  const index = new Map<string, number>();
  const values: string[] = [];
  const countList: number[] = [];
  const rawIndex = REPEATING.has(c.kind) ? new Map<string, number>() : null;
  let r = 0;
  inputs.forEach((input, k) => {
    const column = (k === 1 && c.columnRight) || c.column;
    const raw = input.columns[column];
    if (!raw) throw new Error(`column ${column} is missing from input ${k + 1}`);
    for (let i = 0; i < input.ids.length; i++, r++) {
      const cell = raw[i];
      // Names, places and dates repeat: normalise each raw spelling once.
      const known = rawIndex && cell !== undefined ? rawIndex.get(cell) : undefined;
      if (known !== undefined) {
        ids[r] = known;
        if (known >= 0) countList[known]!++;
        continue;
      }
      const v = normaliseValue(c.kind, cell);
      if (v === null) {
        ids[r] = -1;
        if (rawIndex && cell !== undefined) rawIndex.set(cell, -1);
        continue;
      }
      let id = index.get(v);
      if (id === undefined) {
        id = values.length;
        index.set(v, id);
        values.push(v);
        countList.push(0);
      }
      countList[id]!++;
      ids[r] = id;
      if (rawIndex && cell !== undefined) rawIndex.set(cell, id);
    }
  });
  return { column: c.column, kind: c.kind, ids, values, counts: Int32Array.from(countList), ...features(c.kind, values) };
}

/** Per-distinct-value features; also used by workers to rebuild a field from its values. */
export function features(kind: FieldKind, values: readonly string[]) {
  const u = values.length;
  const compact: string[] = new Array(u);
  const skeleton: string[] = new Array(u);
  const dm1: string[] = new Array(u);
  const dm2: string[] = new Array(u);
  const groups: (readonly number[])[] = new Array(u);
  const tokens: string[][] = new Array(u);
  const sortedTokens: string[] = new Array(u);
  const part: string[] = new Array(u);
  const num = new Float64Array(u);
  const isName = kind === 'given_name' || kind === 'surname' || kind === 'full_name';
  for (let i = 0; i < u; i++) {
    const v = values[i]!;
    const toks = tokensOf(kind, v);
    tokens[i] = toks;
    compact[i] = kind === 'email' ? v.split('@')[0]!.replace(/\+.*$/, '').replace(/\./g, '') : kind === 'full_name' ? v.replace(/ /g, '') : toks.join('');
    // Emails: the local part's letters without its digits (john.smith1 ~ john.smith2).
    skeleton[i] = isName || kind === 'city' ? nameSkeleton(v) : kind === 'email' ? compact[i]!.replace(/\d+/g, '') : '';
    if (kind === 'full_name' && toks.length > 1) {
      // A name of several words sounds alike when every word does: the code of each word (its
      // nickname group as it is), in order of the words sorted, not the first eight sounds only.
      dm1[i] = toks.map((w) => (w.startsWith('~') ? w : doubleMetaphone(w, 6)[0] || w)).sort().join(' ');
      dm2[i] = '';
    } else {
      const dm: [string, string] = isName || kind === 'city' ? doubleMetaphone(compact[i]!, 8) : ['', ''];
      dm1[i] = dm[0];
      dm2[i] = dm[1];
    }
    sortedTokens[i] = toks.length > 1 ? [...toks].sort().join(' ') : (toks[0] ?? '');
    part[i] = kind === 'email' ? (v.split('@')[1] ?? '') : kind === 'phone' ? v.slice(-9) : kind === 'address' ? toks.filter((t) => /\d/.test(t)).join(' ') : '';
    groups[i] = kind === 'given_name' ? nameGroups(toks[0] ?? '') : [];
    num[i] = kind === 'date' ? dateDays(v) : kind === 'numeric' ? Number(v) : NaN;
  }
  return { compact, skeleton, dm1, dm2, groups, tokens, sortedTokens, part, num };
}
