// Turns raw input columns into the columnar, interned form every later stage reads: per compared
// field, each record's value id (-1 = missing) and, per distinct value, its normalised text and the
// features comparisons need (compact form, skeleton, Double Metaphone, nickname groups, tokens,
// dates as day numbers). Features are computed once per distinct value, not per record.
import { doubleMetaphone } from './double-metaphone.ts';
import { nameGroups } from './nicknames.ts';
import { digitsOnly, foldCompact, foldText, nameSkeleton } from './normalize.ts';
import type { ComparisonSettings, FieldKind, Settings } from './settings.ts';

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
/** The longest of NULLS: a longer cell is never one (and is not lower-cased to check). */
const NULL_MAX = Math.max(...[...NULLS].map((x) => x.length));
const NON_ASCII = /[^\x00-\x7f]/;

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
  if (trimmed.length <= NULL_MAX && NULLS.has(trimmed.toLowerCase())) return null;
  let v: string;
  switch (kind) {
    case 'email':
      // NFKC leaves ASCII as it is.
      v = (NON_ASCII.test(trimmed) ? trimmed.normalize('NFKC') : trimmed).toLowerCase().replace(/\s+/g, '').replace(/^mailto:/, '');
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
  if (parts.length === 2) return namedMonthDate(raw);
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

/**
 * Months by the first letters of their names (accents folded): English, French, German, Spanish,
 * Portuguese, Italian, and Ukrainian and Russian in Cyrillic (nominative and genitive alike).
 * 'jui' is juin or juillet: those are told apart by four letters.
 */
const MONTHS = new Map<string, number>([
  ['jan', 1], ['feb', 2], ['mar', 3], ['apr', 4], ['may', 5], ['jun', 6], ['jul', 7], ['aug', 8], ['sep', 9], ['oct', 10], ['nov', 11], ['dec', 12],
  ['jui', 0], ['juin', 6], ['juil', 7], ['fev', 2], ['avr', 4], ['mai', 5], ['aou', 8], ['okt', 10], ['dez', 12], ['mrz', 3],
  ['ene', 1], ['abr', 4], ['ago', 8], ['set', 9], ['out', 10], ['dic', 12], ['gen', 1], ['mag', 5], ['giu', 6], ['lug', 7], ['ott', 10],
  ['січ', 1], ['лют', 2], ['бер', 3], ['кві', 4], ['тра', 5], ['чер', 6], ['лип', 7], ['сер', 8], ['вер', 9], ['жов', 10], ['лис', 11], ['гру', 12],
  ['янв', 1], ['фев', 2], ['мар', 3], ['апр', 4], ['мая', 5], ['май', 5], ['маи', 5], ['июн', 6], ['июл', 7], ['авг', 8], ['сен', 9], ['окт', 10], ['ноя', 11], ['дек', 12],
]);

/** "23 May 1959", "May 23rd, 1959", "8 вересня 1963", "23-Mar-59": a day and a year beside a month's name. */
function namedMonthDate(raw: string): string | null {
  let month = 0;
  const numbers: string[] = [];
  for (const token of raw.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (token === '') continue;
    const number = /^(\d+)(?:st|nd|rd|th)?$/.exec(token);
    if (number) numbers.push(number[1]!);
    else if (month === 0 && /^\p{L}{3,}\.?$/u.test(token)) month = MONTHS.get(token.slice(0, 3)) || MONTHS.get(token.slice(0, 4)) || 0;
  }
  if (month === 0 || numbers.length !== 2) return null;
  const yearAt = numbers[0]!.length === 4 ? 0 : numbers[1]!.length === 4 || numbers[1]!.length === 2 ? 1 : -1;
  if (yearAt < 0) return null;
  const y = numbers[yearAt]!;
  const day = numbers[1 - yearAt]!;
  if (day.length > 2) return null;
  const year = y.length === 4 ? y : (Number(y) > 30 ? '19' : '20') + y;
  return year + String(month).padStart(2, '0') + day.padStart(2, '0');
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

/** What a prepared column is: its name (and the second input's, when it differs) and kind. */
export type FieldSpec = Pick<ComparisonSettings, 'column' | 'kind' | 'columnRight'>;

/** A column's values interned: per record its value id (-1 = missing), the distinct values, their counts. */
export interface InternedField {
  ids: Int32Array;
  values: string[];
  counts: Int32Array;
}

/** The raw cells of a field, input by input (an error names the column an input lacks). */
export function rawColumns(c: FieldSpec, inputs: readonly Dataset[]): Array<ReadonlyArray<string | undefined>> {
  return inputs.map((input, k) => {
    const column = (k === 1 && c.columnRight) || c.column;
    const raw = input.columns[column];
    if (!raw) throw new Error(`column ${column} is missing from input ${k + 1}`);
    return raw;
  });
}

/** Normalises and interns one field's raw cells (`lengths[k]` records of input k). */
export function internField(kind: FieldKind, columns: ReadonlyArray<ReadonlyArray<string | undefined>>, lengths: readonly number[]): InternedField {
  const n = lengths.reduce((s, x) => s + x, 0);
  const ids = new Int32Array(n);
  const index = new Map<string, number>();
  const values: string[] = [];
  const countList: number[] = [];
  const rawIndex = REPEATING.has(kind) ? new Map<string, number>() : null;
  let r = 0;
  columns.forEach((raw, k) => {
    for (let i = 0; i < lengths[k]!; i++, r++) {
      const cell = raw[i];
      // Names, places and dates repeat: normalise each raw spelling once.
      const known = rawIndex && cell !== undefined ? rawIndex.get(cell) : undefined;
      if (known !== undefined) {
        ids[r] = known;
        if (known >= 0) countList[known]!++;
        continue;
      }
      const v = normaliseValue(kind, cell);
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
  return { ids, values, counts: Int32Array.from(countList) };
}

/** A field from its interned values (the features of each distinct value worked out when first read). */
export function fieldFrom(c: FieldSpec, interned: InternedField): PreparedField {
  return new LazyField(c.column, c.kind, interned.ids, interned.values, interned.counts);
}

/** Prepares one compared field over all records of all inputs. */
export function prepareField(c: FieldSpec, inputs: readonly Dataset[]): PreparedField {
  return fieldFrom(c, internField(c.kind, rawColumns(c, inputs), inputs.map((d) => d.ids.length)));
}

/**
 * The columns a job prepares: the compared fields in settings order, then the columns only
 * blocking or training rules read (as text), each once.
 */
export function fieldSpecs(settings: Pick<Settings, 'comparisons' | 'blocking' | 'training'>): FieldSpec[] {
  const specs: FieldSpec[] = settings.comparisons.map((c) => ({ column: c.column, kind: c.kind, ...(c.columnRight ? { columnRight: c.columnRight } : {}) }));
  const seen = new Set(specs.map((s) => s.column));
  for (const rule of [...settings.blocking, ...(settings.training ?? [])]) {
    for (const key of [...rule.keys, ...(rule.with ?? [])]) {
      const column = key.split(':')[0]!;
      if (!seen.has(column)) {
        seen.add(column);
        specs.push({ column, kind: 'text' });
      }
    }
  }
  return specs;
}

/** Compared fields (the first `compared` of `fields`) and the rest, by column. */
export function tableFields(fields: readonly PreparedField[], compared: number): Pick<PreparedTable, 'fields' | 'byColumn'> {
  const byColumn = new Map(fields.slice(0, compared).map((f) => [f.column, f]));
  for (const f of fields.slice(compared)) if (!byColumn.has(f.column)) byColumn.set(f.column, f);
  return { fields: fields.slice(0, compared), byColumn };
}

/** The features that cost most to work out per value (skeletons, sound codes), as one thread hands them to another. */
export interface CostlyFeatures {
  skeleton?: string[];
  dm1?: string[];
  dm2?: string[];
}

/** The costly features this thread has worked out for a field (none for a field not built by fieldFrom). */
export function costlyFeatures(f: PreparedField): CostlyFeatures {
  return f instanceof LazyField ? f.costly() : {};
}

/**
 * Takes another thread's costly features of the same field (those not worked out here yet): the
 * same values give the same features wherever they are worked out.
 */
export function adoptFeatures(f: PreparedField, features: CostlyFeatures): void {
  if (f instanceof LazyField) f.adopt(features);
}

/**
 * A prepared field whose per-value features are each worked out on first use, from the values
 * (and from each other): a phone's words or a date's sound code are never asked for, and each
 * thread derives only what its comparisons and blocking rules read.
 */
class LazyField implements PreparedField {
  private _tokens?: string[][];
  private _compact?: string[];
  private _skeleton?: string[];
  private _dm1?: string[];
  private _dm2?: string[];
  private _groups?: (readonly number[])[];
  private _sortedTokens?: string[];
  private _part?: string[];
  private _num?: Float64Array;
  constructor(
    readonly column: string,
    readonly kind: FieldKind,
    readonly ids: Int32Array,
    readonly values: string[],
    readonly counts: Int32Array,
  ) {}
  costly(): CostlyFeatures {
    return { ...(this._skeleton ? { skeleton: this._skeleton } : {}), ...(this._dm1 ? { dm1: this._dm1, dm2: this._dm2! } : {}) };
  }
  adopt(features: CostlyFeatures): void {
    const u = this.values.length;
    if (!this._skeleton && features.skeleton?.length === u) this._skeleton = features.skeleton;
    if (!this._dm1 && features.dm1?.length === u && features.dm2?.length === u) {
      this._dm1 = features.dm1;
      this._dm2 = features.dm2;
    }
  }
  private get isName() {
    return this.kind === 'given_name' || this.kind === 'surname' || this.kind === 'full_name';
  }
  get tokens(): string[][] {
    return (this._tokens ??= this.values.map((v) => tokensOf(this.kind, v)));
  }
  get compact(): string[] {
    if (this._compact) return this._compact;
    const kind = this.kind;
    const tokens = kind === 'email' || kind === 'full_name' ? null : this.tokens;
    return (this._compact = this.values.map((v, i) =>
      kind === 'email' ? v.split('@')[0]!.replace(/\+.*$/, '').replace(/\./g, '') : kind === 'full_name' ? v.replace(/ /g, '') : tokens![i]!.join(''),
    ));
  }
  get skeleton(): string[] {
    if (this._skeleton) return this._skeleton;
    const kind = this.kind;
    // Emails: the local part's letters without its digits (john.smith1 ~ john.smith2).
    if (this.isName || kind === 'city') return (this._skeleton = this.values.map((v) => nameSkeleton(v)));
    if (kind === 'email') return (this._skeleton = this.compact.map((c) => c.replace(/\d+/g, '')));
    return (this._skeleton = new Array<string>(this.values.length).fill(''));
  }
  get dm1(): string[] {
    if (!this._dm1) this.codes();
    return this._dm1!;
  }
  get dm2(): string[] {
    if (!this._dm2) this.codes();
    return this._dm2!;
  }
  private codes() {
    const u = this.values.length;
    const dm1: string[] = new Array(u);
    const dm2: string[] = new Array(u);
    const kind = this.kind;
    const coded = this.isName || kind === 'city';
    const compact = coded ? this.compact : null;
    const tokens = kind === 'full_name' ? this.tokens : null;
    for (let i = 0; i < u; i++) {
      if (tokens && tokens[i]!.length > 1) {
        // A name of several words sounds alike when every word does: the code of each word (its
        // nickname group as it is), in order of the words sorted, not the first eight sounds only.
        dm1[i] = tokens[i]!.map((w) => (w.startsWith('~') ? w : doubleMetaphone(w, 6)[0] || w)).sort().join(' ');
        dm2[i] = '';
      } else if (coded) {
        const dm = doubleMetaphone(compact![i]!, 8);
        dm1[i] = dm[0];
        dm2[i] = dm[1];
      } else {
        dm1[i] = '';
        dm2[i] = '';
      }
    }
    this._dm1 = dm1;
    this._dm2 = dm2;
  }
  get groups(): (readonly number[])[] {
    if (this._groups) return this._groups;
    if (this.kind !== 'given_name') return (this._groups = this.values.map(() => []));
    return (this._groups = this.tokens.map((toks) => nameGroups(toks[0] ?? '')));
  }
  get sortedTokens(): string[] {
    return (this._sortedTokens ??= this.tokens.map((toks) => (toks.length > 1 ? [...toks].sort().join(' ') : (toks[0] ?? ''))));
  }
  get part(): string[] {
    if (this._part) return this._part;
    const kind = this.kind;
    if (kind === 'email') return (this._part = this.values.map((v) => v.split('@')[1] ?? ''));
    if (kind === 'phone') return (this._part = this.values.map((v) => v.slice(-9)));
    if (kind === 'address') return (this._part = this.tokens.map((toks) => toks.filter((t) => /\d/.test(t)).join(' ')));
    return (this._part = new Array<string>(this.values.length).fill(''));
  }
  get num(): Float64Array {
    if (this._num) return this._num;
    const kind = this.kind;
    const num = new Float64Array(this.values.length);
    for (let i = 0; i < num.length; i++) num[i] = kind === 'date' ? dateDays(this.values[i]!) : kind === 'numeric' ? Number(this.values[i]!) : NaN;
    return (this._num = num);
  }
}
