// Comparison levels per field kind. Each comparison maps a record pair to one level: 0 is "no
// evidence" (a value is missing) and weighs nothing; then levels from the strongest agreement to
// "else" (disagreement). The first level whose test passes wins, so bands are read top down.
import { isAdjacentTransposition, jaroWinkler, jaroWinklerAbove, jaroWinklerAtLeast, levenshtein, tokenSetSimilarity } from './metrics.ts';
import { nameGroups, nameGroupsOf, sameNameGroup } from './nicknames.ts';
import { cityKey, givenNameCore, nameSkeleton } from './normalize.ts';
import type { PreparedField, PreparedTable } from './prepare.ts';
import type { FieldKind, Settings } from './settings.ts';
import { numHash } from './num-hash.ts';

/** Level labels by kind; index 0 is always 'null' and the last is always 'else'. */
export const LEVELS: Record<FieldKind, readonly string[]> = {
  given_name: ['null', 'exact', 'variant spelling', 'nickname', 'initial', 'edit <= 1', 'jaro-winkler >= 0.92', 'phonetic', 'jaro-winkler >= 0.8', 'swapped with surname', 'else'],
  surname: ['null', 'exact', 'variant spelling', 'edit <= 1', 'jaro-winkler >= 0.92', 'phonetic', 'jaro-winkler >= 0.8', 'initial', 'swapped with given name', 'else'],
  full_name: ['null', 'exact', 'same words', 'token-set >= 0.8 or words contained', 'jaro-winkler >= 0.92', 'phonetic', 'token-set >= 0.5', 'else'],
  date: ['null', 'exact', 'day/month transposed', 'same year, one digit off', 'edit <= 1', 'within 31 days', 'edit <= 2', 'within 5 years', 'else'],
  email: ['null', 'exact', 'same mailbox (dots, +tag)', 'same local part', 'same letters, other digits', 'jaro-winkler local >= 0.88', 'initial and same rest', 'else'],
  phone: ['null', 'exact', 'same last 9 digits', 'same last 7 digits', 'edit <= 1', 'else'],
  postcode: ['null', 'exact', 'edit <= 1', 'same first 3', 'else'],
  address: ['null', 'exact', 'same words', 'other house number', 'token-set >= 0.8', 'jaro-winkler >= 0.9', 'token-set >= 0.5', 'else'],
  company: ['null', 'exact', 'same words', 'token-set >= 0.8 or words contained', 'jaro-winkler >= 0.9', 'token-set >= 0.5', 'else'],
  city: ['null', 'exact', 'variant spelling', 'jaro-winkler >= 0.92', 'jaro-winkler >= 0.8', 'else'],
  numeric: ['null', 'exact', 'edit <= 1', 'within 10%', 'else'],
  identifier: ['null', 'exact', 'edit <= 1', 'edit <= 2', 'else'],
  category: ['null', 'exact', 'else'],
  text: ['null', 'exact', 'same words', 'jaro-winkler >= 0.92', 'token-set >= 0.6', 'jaro-winkler >= 0.8', 'else'],
};

export type Comparator = (a: number, b: number) => number;

/** The per-value features (prepare.ts) each kind's levels read. */
const USES: Record<FieldKind, ReadonlyArray<'compact' | 'skeleton' | 'dm' | 'tokens' | 'part' | 'num'>> = {
  given_name: ['compact', 'skeleton', 'dm'],
  surname: ['compact', 'skeleton', 'dm'],
  full_name: ['compact', 'tokens', 'dm'],
  date: ['num'],
  email: ['compact', 'skeleton', 'part'],
  phone: ['part'],
  postcode: [],
  address: ['compact', 'tokens', 'part'],
  company: ['compact', 'tokens'],
  city: ['compact', 'skeleton'],
  numeric: ['num'],
  identifier: [],
  category: [],
  text: ['compact', 'tokens'],
};

// Kinds whose distinct values repeat across pairs enough for a cache to pay. Not surnames: ten
// times as many spellings as given names, so most pairs of them are met once, and their
// comparison (no nicknames, no cores) costs less than a miss in a memo of a million slots.
const CACHED = new Set<FieldKind>(['given_name', 'city', 'postcode', 'category']);

/**
 * A memo of small results (0..254) per pair of distinct values, keyed by a number below 2^53:
 * open addressing over typed arrays (no boxed keys, no Map entries for the collector to trace). It
 * grows to 2^20 slots, then starts again empty when three quarters full: only a memo, so what it
 * forgets is worked out again.
 */
export class PairMemo {
  private keys: Float64Array;
  /** Result + 1; 0 = empty slot. */
  private vals: Uint8Array;
  private mask: number;
  private size = 0;
  constructor(private readonly maxSlots = 1 << 20) {
    this.keys = new Float64Array(1 << 12);
    this.vals = new Uint8Array(1 << 12);
    this.mask = (1 << 12) - 1;
  }
  private slot(key: number): number {
    let i = numHash(key) & this.mask;
    const keys = this.keys;
    const vals = this.vals;
    while (vals[i] !== 0 && keys[i] !== key) i = (i + 1) & this.mask;
    return i;
  }
  /** The remembered result, or -1. */
  get(key: number): number {
    return this.vals[this.slot(key)]! - 1;
  }
  set(key: number, value: number): void {
    if ((this.size + 1) * 4 > this.vals.length * 3) {
      if (this.vals.length < this.maxSlots) this.grow();
      else {
        this.vals.fill(0);
        this.size = 0;
      }
    }
    const i = this.slot(key);
    if (this.vals[i] === 0) this.size++;
    this.keys[i] = key;
    this.vals[i] = value + 1;
  }
  private grow() {
    const keys = this.keys;
    const vals = this.vals;
    this.keys = new Float64Array(keys.length * 2);
    this.vals = new Uint8Array(keys.length * 2);
    this.mask = keys.length * 2 - 1;
    for (let i = 0; i < keys.length; i++) {
      if (vals[i] === 0) continue;
      const j = this.slot(keys[i]!);
      this.keys[j] = keys[i]!;
      this.vals[j] = vals[i]!;
    }
  }
}

/** YYYYMMDD strings with the same year and day and month swapped. */
function transposedDayMonth(x: string, y: string): boolean {
  if (x.length !== 8 || y.length !== 8) return false;
  for (let i = 0; i < 4; i++) if (x.charCodeAt(i) !== y.charCodeAt(i)) return false;
  return x.charCodeAt(4) === y.charCodeAt(6) && x.charCodeAt(5) === y.charCodeAt(7) && x.charCodeAt(6) === y.charCodeAt(4) && x.charCodeAt(7) === y.charCodeAt(5);
}

/** Do x and y both have at least n characters, the first n the same? */
function samePrefix(x: string, y: string, n: number): boolean {
  if (x.length < n || y.length < n) return false;
  for (let i = 0; i < n; i++) if (x.charCodeAt(i) !== y.charCodeAt(i)) return false;
  return true;
}

/** Do the last n characters of x and y agree (both at least n long; shorter strings compared whole)? */
function sameEnd(x: string, y: string, n: number): boolean {
  if (x.length < n || y.length < n) return x.slice(-n) === y.slice(-n);
  for (let i = 1; i <= n; i++) if (x.charCodeAt(x.length - i) !== y.charCodeAt(y.length - i)) return false;
  return true;
}

interface Core {
  skeleton: string;
  groups: readonly number[];
}
/**
 * Per distinct value of a name field, computed on first use: the skeleton and nickname groups of
 * its core name (the field's own skeleton and groups when the core is the whole value).
 */
function lazyCores(field: PreparedField): (i: number) => Core {
  const cores: (Core | undefined)[] = new Array(field.values.length);
  return (i) => {
    let c = cores[i];
    if (!c) {
      const value = field.values[i]!;
      const core = givenNameCore(value);
      const skeleton = core === value ? field.skeleton[i]! : nameSkeleton(core);
      const groups = core === value && field.kind === 'given_name' ? field.groups[i]! : nameGroupsOf(core, skeleton);
      c = cores[i] = { skeleton, groups };
    }
    return c;
  };
}

/** "skhan" ~ "shaziakhan": the same first letter, and the shorter's rest (4+ letters) ends the longer. */
function initialAndRest(x: string, y: string): boolean {
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  if (!(short.length >= 5 && long.length > short.length && short.charCodeAt(0) === long.charCodeAt(0))) return false;
  // long ends with short's rest (short.slice(1)), read in place.
  const shift = long.length - short.length;
  for (let i = 1; i < short.length; i++) if (long.charCodeAt(shift + i) !== short.charCodeAt(i)) return false;
  return true;
}

/** One of two compact names is a single letter that begins the other ("k" ~ "krishnan"). */
function initialOf(x: string, y: string): boolean {
  return (x.length === 1 && y.length > 1 && y.charCodeAt(0) === x.charCodeAt(0)) || (y.length === 1 && x.length > 1 && x.charCodeAt(0) === y.charCodeAt(0));
}

/** Do two word lists share a word? (short lists: an address's numbers, split once per value) */
function shareWord(xs: readonly string[], ys: readonly string[]): boolean {
  for (const w of xs) if (ys.includes(w)) return true;
  return false;
}

/** Every word of the shorter side (at least one of 4+ letters) is a word of the longer: "Ciboulette" ~ "Ciboulette Restaurant". */
function wordsContained(x: readonly string[], y: readonly string[]): boolean {
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  return short.length > 0 && short.some((w) => w.length >= 4) && short.every((w) => long.includes(w));
}

/**
 * A comparator over record indices for one field. `swap` is the prepared partner field (surname for
 * a given name and back) when swapped names should count.
 */
export function comparator(f: PreparedField, swap?: PreparedField): Comparator {
  const { ids, values: val } = f;
  // Only the features this kind reads (each is worked out on first use).
  const uses = USES[f.kind];
  const compact = uses.includes('compact') || swap ? f.compact : [];
  const skeleton = uses.includes('skeleton') || swap ? f.skeleton : [];
  const dm1 = uses.includes('dm') ? f.dm1 : [];
  const dm2 = uses.includes('dm') ? f.dm2 : [];
  const groups = f.kind === 'given_name' ? f.groups : [];
  const tokens = uses.includes('tokens') ? f.tokens : [];
  const sortedTokens = uses.includes('tokens') ? f.sortedTokens : [];
  const part = uses.includes('part') ? f.part : [];
  const num = uses.includes('num') ? f.num : new Float64Array(0);
  const swapCompact = swap ? swap.compact : [];
  // Same words in any order (sorted once per value in prepare.ts).
  const sameTokens = (x: number, y: number) => sortedTokens[x] === sortedTokens[y];
  const phonetic = (x: number, y: number) => dm1[x] !== '' && (dm1[x] === dm1[y] || dm1[x] === dm2[y] || dm2[x] === dm1[y]);
  // Does value x of this field name the same as value s of the partner field? Close spelling, or
  // the same core name (honorifics and initials left out) by skeleton or nickname group
  // ("Kit" / "Campbell" ~ "Campbell" / "Christopher"; "Sree Kalaiselvi" ~ "Shri Kalaiselvi").
  // Cores and groups of both fields are worked out on first use, once per distinct value.
  const mine = swap ? lazyCores(f) : null;
  const theirs = swap ? lazyCores(swap) : null;
  // Not remembered per pair of values: the check is mostly asked of pairs of strangers (random
  // pairs, candidates by e-mail or place), each pair of names once, and a memo of them cost more
  // than the check (a third of a second at 100,000 records, most of it in cache misses and growth).
  const across = (x: number, s: number): boolean => {
    const cx = mine!(x);
    const cs = theirs!(s);
    return cx.skeleton === cs.skeleton || (cx.groups.length > 0 && sameNameGroup(cx.groups, cs.groups)) || jaroWinklerAtLeast(compact[x]!, swapCompact[s]!, 0.92);
  };
  // A swapped pair: this field of one record meets the partner field of the other, both ways; or
  // one way when the other record's partner field is empty (the name moved to the wrong column):
  // 1. Both ways with one side an initial ("S." / "Karthikeyan" ~ "Karthikeyan" / "Subramanian":
  // Tamil initials stand for the father's name, which other records carry as the surname): 2.
  const swapped = (a: number, b: number): number => {
    if (!swap) return 0;
    const sa = swap.ids[a]!;
    const sb = swap.ids[b]!;
    const x = ids[a]!;
    const y = ids[b]!;
    const ab = sb >= 0 && across(x, sb);
    const ba = sa >= 0 && across(y, sa);
    if ((ab && ba) || (ab && sa < 0) || (ba && sb < 0)) return 1;
    return (ab && sa >= 0 && initialOf(compact[y]!, swapCompact[sa]!)) || (ba && sb >= 0 && initialOf(compact[x]!, swapCompact[sb]!)) ? 2 : 0;
  };
  // Swapped with an initial: the field holding the initial counts as an initial, not as a second name.
  const initialLevel = LEVELS[f.kind].indexOf('initial');
  // Given names: the core each value is called by (givenNameCore: no honorific, Muhammad, initial or
  // middle name), its skeleton and nickname groups, once per distinct value.
  const core = f.kind === 'given_name' ? val.map((v) => givenNameCore(v)) : [];
  const coreSkeleton = core.map((c, i) => (c === val[i] ? skeleton[i]! : nameSkeleton(c)));
  const coreGroups = core.map((c, i) => (c === val[i] ? groups[i]! : nameGroups(c)));
  // Cities: the key of a city's other names (Kiev ~ Kyiv, Madras ~ Chennai), '' when none.
  const cities = f.kind === 'city' ? compact.map((c) => cityKey(c)) : [];
  // Addresses: the house numbers (the part) as a word list.
  const numbers = f.kind === 'address' ? part.map((p) => p.split(' ')) : [];
  const body = levelFunction(f.kind);
  const elseLevel = LEVELS[f.kind].length - 1;
  // Names, places and categories repeat: remember the level of each pair of distinct values seen.
  const U = val.length;
  const cache = CACHED.has(f.kind) ? new PairMemo() : null;
  return (a, b) => {
    const x = ids[a]!;
    const y = ids[b]!;
    if (x < 0 || y < 0) return 0;
    if (x === y) return 1;
    let level: number;
    if (cache) {
      const key = x < y ? x * U + y : y * U + x;
      level = cache.get(key);
      if (level < 0) {
        level = body(x, y);
        cache.set(key, level);
      }
    } else level = body(x, y);
    // Swapped names depend on the partner field too, so they are checked outside the cache.
    if (level === elseLevel && swap) {
      const s = swapped(a, b);
      if (s === 2 && initialLevel > 0 && (compact[x]!.length === 1 || compact[y]!.length === 1)) return initialLevel;
      if (s > 0) return elseLevel - 1;
    }
    return level;
  };

  function levelFunction(kind: FieldKind): (x: number, y: number) => number {
    switch (kind) {
      case 'given_name':
        return (x, y) => {
          let cx = compact[x]!;
          let cy = compact[y]!;
          if (cx === cy || skeleton[x] === skeleton[y]) return 2;
          // The names people are called by agree (Muhammad Imran ~ Imran, Syed Ali ~ Ali, S.
          // Karthikeyan ~ Karthikeyan, Mohd Abdul Rahman ~ Abdur Rehman); Muhammad Imran and
          // Muhammad Bilal are not nicknames of each other for sharing Muhammad, nor alike in
          // spelling: the bands below compare the cores then.
          const byCore = core[x] !== val[x] || core[y] !== val[y];
          if (byCore) {
            if (coreSkeleton[x] === coreSkeleton[y]) return 2;
            if (coreGroups[x]!.length > 0 && sameNameGroup(coreGroups[x]!, coreGroups[y]!)) return 3;
            cx = core[x]!.replace(/ /g, '');
            cy = core[y]!.replace(/ /g, '');
          } else if (groups[x]!.length > 0 && sameNameGroup(groups[x]!, groups[y]!)) return 3;
          if ((cx.length === 1 && cy.startsWith(cx)) || (cy.length === 1 && cx.startsWith(cy))) return 4;
          if (levenshtein(cx, cy, 1) <= 1) return 5;
          const jw = jaroWinklerAbove(cx, cy, 0.8);
          if (jw >= 0.92) return 6;
          if (!byCore && phonetic(x, y)) return 7;
          return jw >= 0.8 ? 8 : 10;
        };
      case 'surname':
        return (x, y) => {
          const cx = compact[x]!;
          const cy = compact[y]!;
          if (cx === cy || skeleton[x] === skeleton[y]) return 2;
          if (levenshtein(cx, cy, 1) <= 1) return 3;
          const jw = jaroWinklerAbove(cx, cy, 0.8);
          if (jw >= 0.92) return 4;
          if (phonetic(x, y)) return 5;
          if (jw >= 0.8) return 6;
          return initialOf(cx, cy) ? 7 : 9;
        };
      case 'full_name':
        return (x, y) => {
          if (compact[x] === compact[y] || sameTokens(x, y)) return 2;
          const ts = tokenSetSimilarity(tokens[x]!, tokens[y]!);
          if (ts >= 0.8 || wordsContained(tokens[x]!, tokens[y]!)) return 3;
          if (jaroWinkler(compact[x]!, compact[y]!) >= 0.92) return 4;
          if (phonetic(x, y)) return 5;
          return ts >= 0.5 ? 6 : 7;
        };
      case 'date':
        return (x, y) => {
          const vx = val[x]!;
          const vy = val[y]!;
          if (transposedDayMonth(vx, vy)) return 2;
          const edits = levenshtein(vx, vy, 2);
          // One digit off in the day or month is rarer by chance than one off in the year: birth
          // years bunch (and a year alone is written as 1 January), days and months spread.
          if (edits <= 1) return samePrefix(vx, vy, 4) ? 3 : 4;
          const days = Math.abs(num[x]! - num[y]!);
          if (days <= 31) return 5;
          if (edits <= 2 || isAdjacentTransposition(vx, vy)) return 6;
          return days <= 5 * 366 ? 7 : 8;
        };
      case 'email':
        return (x, y) => {
          if (compact[x] === compact[y] && part[x] === part[y]) return 2;
          if (compact[x] === compact[y]) return 3;
          // john.smith1 and john.smith2 are often two people: a level of its own, EM weighs it.
          if (skeleton[x] !== '' && skeleton[x] === skeleton[y]) return 4;
          if (jaroWinklerAtLeast(compact[x]!, compact[y]!, 0.88)) return 5;
          // An initial for a name the other spells out, the rest alike (skhan ~ shazia.khan,
          // o.kovalenko ~ oleksandr.kovalenko): letters only, the rest at least 4 long.
          return initialAndRest(skeleton[x]!, skeleton[y]!) ? 6 : 7;
        };
      case 'phone':
        return (x, y) => {
          const vx = val[x]!;
          const vy = val[y]!;
          const px = part[x]!;
          const py = part[y]!;
          if (px.length >= 9 && py.length >= 9 && px === py) return 2;
          if (sameEnd(vx, vy, 7)) return 3;
          return levenshtein(px, py, 1) <= 1 ? 4 : 5;
        };
      case 'postcode':
        return (x, y) => {
          if (levenshtein(val[x]!, val[y]!, 1) <= 1) return 2;
          return val[x]!.length >= 3 && val[x]!.slice(0, 3) === val[y]!.slice(0, 3) ? 3 : 4;
        };
      case 'address':
        return (x, y) => {
          if (compact[x] === compact[y] || sameTokens(x, y)) return 2;
          // Neighbours share a street: different numbers on both sides mean another address.
          if (part[x] !== '' && part[y] !== '' && part[x] !== part[y] && !shareWord(numbers[x]!, numbers[y]!)) return 3;
          const ts = tokenSetSimilarity(tokens[x]!, tokens[y]!);
          if (ts >= 0.8) return 4;
          if (jaroWinklerAtLeast(compact[x]!, compact[y]!, 0.9)) return 5;
          return ts >= 0.5 ? 6 : 7;
        };
      case 'company':
        return (x, y) => {
          if (compact[x] === compact[y] || sameTokens(x, y)) return 2;
          const ts = tokenSetSimilarity(tokens[x]!, tokens[y]!);
          if (ts >= 0.8 || wordsContained(tokens[x]!, tokens[y]!)) return 3;
          if (jaroWinklerAtLeast(compact[x]!, compact[y]!, 0.9)) return 4;
          return ts >= 0.5 ? 5 : 6;
        };
      case 'city':
        return (x, y) => {
          if (compact[x] === compact[y] || skeleton[x] === skeleton[y] || (cities[x] !== '' && cities[x] === cities[y])) return 2;
          const jw = jaroWinkler(compact[x]!, compact[y]!);
          return jw >= 0.92 ? 3 : jw >= 0.8 ? 4 : 5;
        };
      case 'numeric':
        return (x, y) => {
          if (levenshtein(val[x]!, val[y]!, 1) <= 1) return 2;
          const nx = num[x]!;
          const ny = num[y]!;
          return Math.abs(nx - ny) <= 0.1 * Math.max(Math.abs(nx), Math.abs(ny)) ? 3 : 4;
        };
      case 'identifier':
        return (x, y) => {
          const d = levenshtein(val[x]!, val[y]!, 2);
          if (d <= 1) return 2;
          return d <= 2 || isAdjacentTransposition(val[x]!, val[y]!) ? 3 : 4;
        };
      case 'category':
        return () => 2;
      case 'text':
        return (x, y) => {
          if (compact[x] === compact[y] || sameTokens(x, y)) return 2;
          const jw = jaroWinkler(compact[x]!, compact[y]!);
          if (jw >= 0.92) return 3;
          if (tokenSetSimilarity(tokens[x]!, tokens[y]!) >= 0.6) return 4;
          return jw >= 0.8 ? 5 : 6;
        };
    }
  }
}

/** Comparators of every compared field, with swapped-name partners resolved. */
export function comparatorsOf(table: Pick<PreparedTable, 'fields' | 'byColumn'>, settings: Pick<Settings, 'comparisons'>): Comparator[] {
  return settings.comparisons.map((c, f) => comparator(table.fields[f]!, c.swapWith ? table.byColumn.get(c.swapWith) : undefined));
}
