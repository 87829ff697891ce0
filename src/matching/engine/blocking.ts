// Blocking: candidate pairs are record pairs that agree on every key part of at least one rule.
// Rules are unioned without a pair set: a pair found by rule k is dropped when an earlier rule
// already produced it (same block id there), so memory stays at the pairs themselves. Blocks over
// maxBlockSize are skipped and reported instead of going quadratic. Token rules put a record in one
// block per word (names, organisations, addresses: a word that moved to another column still
// meets); a rule's pair budget lowers its block cap so a broad rule stays linear in the input.
import { doubleMetaphone } from './double-metaphone.ts';
import { nameGroups, nameGroupsOf } from './nicknames.ts';
import { nameSkeleton } from './normalize.ts';
import type { PreparedField, PreparedTable } from './prepare.ts';
import type { BlockingRule, KeyTransform } from './settings.ts';
import { numHash } from './num-hash.ts';

export interface RuleReport {
  rule: string;
  /** New candidate pairs this rule added (pairs already found by an earlier rule are not counted). */
  pairs: number;
  blocks: number;
  oversizeBlocks: number;
  /** Pairs the oversize blocks would have made; they are not compared. */
  skippedPairs: number;
  largestOversize: Array<{ size: number; key: string }>;
}

export interface CandidatePairs {
  left: Int32Array;
  right: Int32Array;
  count: number;
  rules: RuleReport[];
}

export const ruleName = (r: BlockingRule) => r.name ?? (r.tokens ? `words of ${r.keys.join(', ')}${r.with ? ` with ${r.with.join(' & ')}` : ''}` : (r.unordered ? 'unordered ' : '') + r.keys.join(' & '));

/** Per distinct value of a field, the key string a transform gives ('' = no key). */
function keyValues(f: PreparedField, transform: KeyTransform): string[] {
  // Words repeat across values (street names): each word's code once.
  const wordCodes = new Map<string, string>();
  const wordCode = (t: string) => {
    let code = wordCodes.get(t);
    if (code === undefined) {
      code = doubleMetaphone(t, 6)[0];
      wordCodes.set(t, code);
    }
    return code;
  };
  return f.values.map((v, i) => {
    switch (transform) {
      case 'exact': return v;
      case 'compact': return f.compact[i]!;
      case 'metaphone': return f.dm1[i] || doubleMetaphone(f.compact[i]!, 8)[0];
      case 'nick': {
        // A given name's groups are worked out for its comparisons anyway (those of its first word).
        const groups = f.kind === 'given_name' ? f.groups[i]! : nameGroups(f.tokens[i]![0] ?? '');
        return groups.length > 0 ? `g${Math.min(...groups)}` : f.dm1[i] || doubleMetaphone(f.compact[i]!, 8)[0];
      }
      case 'skeleton': return f.skeleton[i] || f.compact[i]!;
      case 'first1': return f.compact[i]!.slice(0, 1);
      case 'first2': return f.compact[i]!.slice(0, 2);
      case 'first3': return f.compact[i]!.slice(0, 3);
      case 'year': return v.length === 8 ? v.slice(0, 4) : '';
      case 'month_day': return v.length === 8 ? v.slice(4, 8) : '';
      case 'digits': return v.replace(/\D+/g, '');
      case 'last7': return v.length >= 7 ? v.slice(-7) : '';
      case 'token_metaphone': {
        // The longest word that is not a number: the same whatever the word order.
        let t = '';
        for (const w of f.tokens[i]!) if (!/^\d+$/.test(w) && w.length > t.length) t = w;
        return t.startsWith('~') ? t : t ? wordCode(t) : '';
      }
      case 'local_part': return f.kind === 'email' ? f.compact[i]! : v;
    }
  });
}

/**
 * Integer keys (up to 2^53) to small ids: open addressing over typed arrays, so a composite block
 * key costs no boxed number and no Map entry per record.
 */
export class NumIndex {
  private keys: Float64Array;
  private vals: Int32Array;
  private mask: number;
  size = 0;
  constructor(expected = 1024) {
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    this.keys = new Float64Array(cap);
    this.vals = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
  }
  private slot(key: number): number {
    let i = numHash(key) & this.mask;
    const keys = this.keys;
    const vals = this.vals;
    while (vals[i]! >= 0 && keys[i] !== key) i = (i + 1) & this.mask;
    return i;
  }
  /** The id of key, or -1. */
  get(key: number): number {
    return this.vals[this.slot(key)]!;
  }
  /** Sets key (not present) to id. */
  add(key: number, id: number): void {
    if ((this.size + 1) * 2 > this.vals.length) this.grow();
    const i = this.slot(key);
    this.keys[i] = key;
    this.vals[i] = id;
    this.size++;
  }
  private grow() {
    const keys = this.keys;
    const vals = this.vals;
    this.keys = new Float64Array(keys.length * 2);
    this.vals = new Int32Array(keys.length * 2).fill(-1);
    this.mask = keys.length * 2 - 1;
    for (let i = 0; i < keys.length; i++) {
      if (vals[i]! < 0) continue;
      const j = this.slot(keys[i]!);
      this.keys[j] = keys[i]!;
      this.vals[j] = vals[i]!;
    }
  }
}

/**
 * Block id of every record under a rule (-1 when a key part is missing), ids numbered in order of
 * first appearance. Keys are interned per distinct value first, so each record costs a few array
 * reads and one lookup of a number, not a string built per record; a block's key text is built
 * only when asked for (reports of oversize blocks).
 */
/** A field's keys under one transform: per distinct value its key's id (-1 = no key), and the keys. */
interface FieldKeys {
  partOf: Int32Array;
  keys: string[];
}

/** Per field (this thread's), its keys per transform: rules that read the same key share them. */
const fieldKeyCache = new WeakMap<PreparedField, Map<KeyTransform, FieldKeys>>();

function fieldKeys(f: PreparedField, transform: KeyTransform): FieldKeys {
  let byTransform = fieldKeyCache.get(f);
  if (!byTransform) fieldKeyCache.set(f, (byTransform = new Map()));
  let out = byTransform.get(transform);
  if (out) return out;
  if (transform === 'exact') {
    // The distinct values are the keys (never empty: an empty cell is a missing value).
    const partOf = new Int32Array(f.values.length);
    for (let i = 0; i < partOf.length; i++) partOf[i] = f.values[i] === '' ? -1 : i;
    if (!partOf.includes(-1)) {
      byTransform.set(transform, (out = { partOf, keys: f.values }));
      return out;
    }
  }
  const values = keyValues(f, transform);
  const index = new Map<string, number>();
  const keys: string[] = [];
  const partOf = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const key = values[i]!;
    if (key === '') {
      partOf[i] = -1;
      continue;
    }
    let id = index.get(key);
    if (id === undefined) {
      id = keys.length;
      index.set(key, id);
      keys.push(key);
    }
    partOf[i] = id;
  }
  byTransform.set(transform, (out = { partOf, keys }));
  return out;
}

export function blockIds(table: PreparedTable, rule: BlockingRule): { ids: Int32Array; count: number; key: (b: number) => string } {
  const cached = rule.keys.map((k) => {
    const [column, transform = 'exact'] = k.split(':') as [string, KeyTransform?];
    const f = table.byColumn.get(column);
    if (!f) throw new Error(`blocking rule ${ruleName(rule)}: unknown column ${column}`);
    return { ids: f.ids, ...fieldKeys(f, transform as KeyTransform) };
  });
  // Each part's key ids as cached; an unordered rule's parts in one key space (sorted keys compare
  // across columns), its ids given in order of the parts and their keys.
  let parts: Array<{ ids: Int32Array; partOf: Int32Array; keys: readonly string[] }> = cached;
  let S = Math.max(1, ...cached.map((c) => c.keys.length));
  if (rule.unordered && cached.length > 1) {
    const shared = new Map<string, number>();
    const sharedKeys: string[] = [];
    parts = cached.map((c) => {
      const to = c.keys.map((key) => {
        let id = shared.get(key);
        if (id === undefined) {
          id = sharedKeys.length;
          shared.set(key, id);
          sharedKeys.push(key);
        }
        return id;
      });
      return { ids: c.ids, partOf: c.partOf.map((k) => (k < 0 ? -1 : to[k]!)), keys: sharedKeys };
    });
    S = Math.max(1, sharedKeys.length);
  }
  const P = parts.length;
  const numeric = S ** P < Number.MAX_SAFE_INTEGER;
  const n = table.n;
  const ids = new Int32Array(n);
  // A record of each block, to spell its key when asked.
  const first: number[] = [];
  const piece = new Int32Array(P);
  /** The key parts of record r in piece (sorted when unordered); false when one is missing. */
  const pieces = (r: number): boolean => {
    for (let p = 0; p < P; p++) {
      const part = parts[p]!;
      const v = part.ids[r]!;
      const k = v < 0 ? -1 : part.partOf[v]!;
      if (k < 0) return false;
      piece[p] = k;
    }
    if (rule.unordered && P > 1) piece.sort();
    return true;
  };
  if (P === 1) {
    const { ids: valueIds, partOf } = parts[0]!;
    const remap = new Int32Array(S).fill(-1);
    for (let r = 0; r < n; r++) {
      const v = valueIds[r]!;
      const k = v < 0 ? -1 : partOf[v]!;
      if (k < 0) {
        ids[r] = -1;
        continue;
      }
      let b = remap[k]!;
      if (b < 0) {
        b = remap[k] = first.length;
        first.push(r);
      }
      ids[r] = b;
    }
  } else if (numeric) {
    const index = new NumIndex(1 << 14);
    for (let r = 0; r < n; r++) {
      if (!pieces(r)) {
        ids[r] = -1;
        continue;
      }
      let key = 0;
      for (let p = 0; p < P; p++) key = key * S + piece[p]!;
      let b = index.get(key);
      if (b < 0) {
        b = first.length;
        index.add(key, b);
        first.push(r);
      }
      ids[r] = b;
    }
  } else {
    const index = new Map<string, number>();
    for (let r = 0; r < n; r++) {
      if (!pieces(r)) {
        ids[r] = -1;
        continue;
      }
      const key = piece.join(',');
      let b = index.get(key);
      if (b === undefined) {
        b = first.length;
        index.set(key, b);
        first.push(r);
      }
      ids[r] = b;
    }
  }
  const key = (b: number) => {
    pieces(first[b]!);
    return Array.from(piece, (k, p) => parts[p]!.keys[k]!).join('\u0001');
  };
  return { ids, count: first.length, key };
}

/**
 * One word of a value as a token key ('' = not a key): numbers and single letters say too little.
 * `own`: the value is this one word of a given name or surname, whose skeleton and sound code the
 * field works out for its comparisons anyway (the code cut to six sounds is the word's own).
 */
function wordKey(word: string, transform: KeyTransform, own?: { f: PreparedField; i: number }): string {
  if (word.length < 2 || /^\d+$/.test(word)) return '';
  if (word.startsWith('~')) return word; // a full name's nickname group (prepare.ts)
  const sound = () => (own ? own.f.dm1[own.i]!.slice(0, 6) : doubleMetaphone(word, 6)[0]) || word;
  switch (transform) {
    case 'metaphone': return sound();
    case 'nick': {
      const groups = own ? nameGroupsOf(word, own.f.skeleton[own.i]!) : nameGroups(word);
      return groups.length > 0 ? `~${Math.min(...groups)}` : sound();
    }
    case 'skeleton': return own ? own.f.skeleton[own.i]! : nameSkeleton(word);
    case 'first3': return word.slice(0, 3);
    default: return word;
  }
}

/** Is value i of f one word of a given name or surname (wordKey may read the field's features)? */
const oneWordName = (f: PreparedField, i: number) => (f.kind === 'given_name' || f.kind === 'surname') && f.tokens[i]!.length === 1 && f.tokens[i]![0] === f.values[i];

/** The words of each distinct value of a field: an email's mailbox split at dots, dashes, digits. */
function wordsOf(f: PreparedField, i: number): readonly string[] {
  if (f.kind === 'email') return f.values[i]!.split('@')[0]!.replace(/\+.*$/, '').split(/[^a-z]+/);
  return f.tokens[i]!;
}

/** Blocks of a rule: one per record (`start` null, `ids` per record, -1 = none) or, for token rules, CSR lists. */
export interface RuleBlocks {
  /** Token rules: the blocks of record r are ids[start[r]..start[r+1]), ascending. */
  start: Int32Array | null;
  ids: Int32Array;
  /** Number of blocks. */
  count: number;
  /** A block's key as text (built on demand: only reports need it). */
  key: (b: number) => string;
}

/**
 * Token blocks: every word of every column of the rule (joined to the rule's `with` keys), the
 * rarest `rule.rarest` per record.
 */
export function tokenBlockIds(table: PreparedTable, rule: BlockingRule): RuleBlocks {
  const index = new Map<string, number>();
  const words: string[] = [];
  const parts = rule.keys.map((k) => {
    const [column, transform = 'exact'] = k.split(':') as [string, KeyTransform?];
    const f = table.byColumn.get(column);
    if (!f) throw new Error(`blocking rule ${ruleName(rule)}: unknown column ${column}`);
    // Per word seen, its key id (-1 = no key): words repeat across values.
    const memo = new Map<string, number>();
    // Per distinct value, the key ids of its words.
    const keysOf = f.values.map((_, i) => {
      const out: number[] = [];
      for (const w of wordsOf(f, i)) {
        let id = memo.get(w);
        if (id === undefined) {
          const key = wordKey(w, transform as KeyTransform, oneWordName(f, i) ? { f, i } : undefined);
          if (key === '') id = -1;
          else {
            id = index.get(key);
            if (id === undefined) {
              id = words.length;
              index.set(key, id);
              words.push(key);
            }
          }
          memo.set(w, id);
        }
        if (id >= 0) out.push(id);
      }
      return out;
    });
    return { ids: f.ids, words: keysOf };
  });
  const n = table.n;
  const start = new Int32Array(n + 1);
  let flat = new Int32Array(Math.max(16, n * 2));
  let at = 0;
  for (let r = 0; r < n; r++) {
    const from = at;
    for (const { ids, words: keysOf } of parts) {
      const v = ids[r]!;
      if (v < 0) continue;
      for (const k of keysOf[v]!) {
        let dup = false;
        for (let j = from; j < at; j++) {
          if (flat[j] === k) {
            dup = true;
            break;
          }
        }
        if (dup) continue;
        if (at === flat.length) {
          const next = new Int32Array(flat.length * 2);
          next.set(flat);
          flat = next;
        }
        flat[at++] = k;
      }
    }
    start[r + 1] = at;
  }
  let ids = flat.subarray(0, at);
  let count = words.length;
  let key = (b: number) => words[b]!;
  if (rule.with) {
    // Each word joined to the record's companion key; a record without one has no blocks.
    const companion = blockIds(table, { keys: rule.with });
    const C = companion.count + 1;
    const joined = new NumIndex(1 << 14);
    const joinedWord: number[] = [];
    const joinedCompanion: number[] = [];
    const kept = new Int32Array(ids.length);
    let k2 = 0;
    const next = new Int32Array(n + 1);
    for (let r = 0; r < n; r++) {
      const c = companion.ids[r]!;
      if (c >= 0) {
        for (let k = start[r]!; k < start[r + 1]!; k++) {
          const jk = ids[k]! * C + c;
          let id = joined.get(jk);
          if (id < 0) {
            id = joinedWord.length;
            joined.add(jk, id);
            joinedWord.push(ids[k]!);
            joinedCompanion.push(c);
          }
          kept[k2++] = id;
        }
      }
      next[r + 1] = k2;
    }
    ids = kept.subarray(0, k2);
    start.set(next);
    count = joinedWord.length;
    key = (b: number) => `${words[joinedWord[b]!]!}\u0001${companion.key(joinedCompanion[b]!)}`;
  }
  if (rule.rarest) {
    // Keep each record's rarest words: counted over all records first.
    const counts = new Int32Array(count);
    for (let k = 0; k < ids.length; k++) counts[ids[k]!]!++;
    const kept = new Int32Array(ids.length);
    let k2 = 0;
    const next = new Int32Array(n + 1);
    for (let r = 0; r < n; r++) {
      // Insertion sort of the record's keys by count, then id; the first `rarest` stay.
      const from = start[r]!;
      const to = start[r + 1]!;
      const base = k2;
      for (let k = from; k < to; k++) {
        const x = ids[k]!;
        let j = k2++;
        while (j > base && (counts[kept[j - 1]!]! > counts[x]! || (counts[kept[j - 1]!]! === counts[x]! && kept[j - 1]! > x))) {
          kept[j] = kept[j - 1]!;
          j--;
        }
        kept[j] = x;
      }
      k2 = Math.min(k2, base + rule.rarest);
      next[r + 1] = k2;
    }
    ids = kept.subarray(0, k2);
    start.set(next);
  }
  for (let r = 0; r < n; r++) {
    // Ascending per record (insertion sort: a record has a few words).
    const from = start[r]!;
    const to = start[r + 1]!;
    for (let k = from + 1; k < to; k++) {
      const x = ids[k]!;
      let j = k;
      while (j > from && ids[j - 1]! > x) {
        ids[j] = ids[j - 1]!;
        j--;
      }
      ids[j] = x;
    }
  }
  return { start, ids, count, key };
}

/** The blocks of any rule. */
export function ruleBlocks(table: PreparedTable, rule: BlockingRule): RuleBlocks {
  return rule.tokens ? tokenBlockIds(table, rule) : { start: null, ...blockIds(table, rule) };
}

/** Members of each block in CSR form (counting sort); for linkage input 0's records come first. */
function blockMembers(table: PreparedTable, rb: RuleBlocks, nb: number) {
  const size0 = new Int32Array(nb);
  const size1 = new Int32Array(nb);
  const { start: rs, ids } = rb;
  const each = (fn: (r: number, b: number) => void) => {
    if (rs) {
      for (let r = 0; r < table.n; r++) for (let k = rs[r]!; k < rs[r + 1]!; k++) fn(r, ids[k]!);
    } else {
      for (let r = 0; r < table.n; r++) if (ids[r]! >= 0) fn(r, ids[r]!);
    }
  };
  each((r, b) => (r < table.split ? size0 : size1)[b]!++);
  const start = new Int32Array(nb + 1);
  for (let b = 0; b < nb; b++) start[b + 1] = start[b]! + size0[b]! + size1[b]!;
  const fill = start.slice(0, nb);
  const members = new Int32Array(start[nb]!);
  each((r, b) => (members[fill[b]!++] = r)); // records come in order, so input 0 fills first
  return { start, members, size0, size1 };
}

/**
 * Which blocks a rule skips: over its size cap, or, with a pair budget, the largest blocks until
 * the rest make at most pairsPerRecord x records pairs (a cap on size, never on individual blocks).
 */
export function oversizeBlocks(link: boolean, size0: Int32Array, size1: Int32Array, maxBlockSize: number, n: number, pairsPerRecord?: number): Uint8Array {
  const nb = size0.length;
  const pairs = new Float64Array(nb);
  const out = new Uint8Array(nb);
  for (let b = 0; b < nb; b++) {
    const s0 = size0[b]!;
    const s1 = size1[b]!;
    pairs[b] = link ? s0 * s1 : (s0 * (s0 - 1)) / 2;
    if (link ? s0 * s1 > (maxBlockSize * maxBlockSize) / 2 : s0 > maxBlockSize) out[b] = 1;
  }
  if (pairsPerRecord !== undefined) {
    const sorted = Float64Array.from(pairs.filter((p, b) => p > 0 && out[b] === 0)).sort();
    const budget = pairsPerRecord * n;
    let sum = 0;
    let limit = Infinity;
    for (let k = 0; k < sorted.length; k++) {
      sum += sorted[k]!;
      if (sum > budget) {
        limit = sorted[k]!;
        break;
      }
    }
    if (limit !== Infinity) for (let b = 0; b < nb; b++) if (pairs[b]! >= limit) out[b] = 1;
  }
  return out;
}

/**
 * Up to `max` pairs one rule makes on its own (not deduplicated against other rules), drawn
 * uniformly when there are more: the training pairs of one EM session.
 */
export function sampleRulePairs(table: PreparedTable, rule: BlockingRule, maxBlockSize: number, max: number, rand: () => number, blocks?: RuleBlocks): { left: Int32Array; right: Int32Array; count: number; total: number } {
  const link = table.split < table.n;
  const rb = blocks ?? ruleBlocks(table, rule);
  const nb = rb.count;
  const { start, members, size0, size1 } = blockMembers(table, rb, nb);
  const oversize = oversizeBlocks(link, size0, size1, rule.maxBlockSize ?? maxBlockSize, table.n, rule.pairsPerRecord);
  const cumulative = new Float64Array(nb + 1);
  for (let b = 0; b < nb; b++) {
    const s0 = size0[b]!;
    const s1 = size1[b]!;
    cumulative[b + 1] = cumulative[b]! + (oversize[b] ? 0 : link ? s0 * s1 : (s0 * (s0 - 1)) / 2);
  }
  const total = cumulative[nb]!;
  const out = new PairBuffer();
  if (total <= max) {
    for (let b = 0; b < nb; b++) {
      if (cumulative[b + 1] === cumulative[b]) continue;
      const from = start[b]!;
      const s0 = size0[b]!;
      if (link) for (let i = 0; i < s0; i++) for (let j = 0; j < size1[b]!; j++) out.push(members[from + i]!, members[from + s0 + j]!);
      else for (let i = 0; i < s0; i++) for (let j = i + 1; j < s0; j++) out.push(members[from + i]!, members[from + j]!);
    }
  } else {
    for (let k = 0; k < max; k++) {
      // A block in proportion to its pairs, then a pair inside it.
      const x = rand() * total;
      let lo = 0;
      let hi = nb;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid + 1]! <= x) lo = mid + 1;
        else hi = mid;
      }
      const from = start[lo]!;
      const s0 = size0[lo]!;
      if (link) out.push(members[from + Math.floor(rand() * s0)]!, members[from + s0 + Math.floor(rand() * size1[lo]!)]!);
      else {
        const i = Math.floor(rand() * s0);
        let j = Math.floor(rand() * (s0 - 1));
        if (j >= i) j++;
        out.push(members[from + Math.min(i, j)]!, members[from + Math.max(i, j)]!);
      }
    }
  }
  return { left: out.left, right: out.right, count: out.count, total };
}

/** Growable pair buffer. */
class PairBuffer {
  left = new Int32Array(1 << 16);
  right = new Int32Array(1 << 16);
  count = 0;
  push(a: number, b: number) {
    if (this.count === this.left.length) {
      const grow = (old: Int32Array) => {
        const next = new Int32Array(old.length * 2);
        next.set(old);
        return next;
      };
      this.left = grow(this.left);
      this.right = grow(this.right);
    }
    this.left[this.count] = a;
    this.right[this.count] = b;
    this.count++;
  }
}

/** Do records a and c share a block of `rb` that is not skipped and (when `before` >= 0) lower than `before`? */
function shareBlock(rb: RuleBlocks, oversize: Uint8Array, a: number, c: number, before: number): boolean {
  const { start, ids } = rb;
  if (!start) {
    const b = ids[a]!;
    return b >= 0 && b === ids[c] && oversize[b] === 0 && (before < 0 || b < before);
  }
  let i = start[a]!;
  let j = start[c]!;
  const ie = start[a + 1]!;
  const je = start[c + 1]!;
  while (i < ie && j < je) {
    const x = ids[i]!;
    const y = ids[j]!;
    if (before >= 0 && (x >= before || y >= before)) return false;
    if (x === y) {
      if (oversize[x] === 0) return true;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return false;
}

/**
 * The blocks of a rule as another thread hands them over: ids and offsets (typed arrays), and the
 * keys of the blocks the rule skips (the only ones a report spells).
 */
export interface RuleBlocksMessage {
  start: Int32Array | null;
  ids: Int32Array;
  count: number;
  oversizeKeys: Array<[number, string]>;
}

export function ruleBlocksMessage(table: PreparedTable, rule: BlockingRule, maxBlockSize: number): RuleBlocksMessage {
  const rb = ruleBlocks(table, rule);
  const { size0, size1 } = blockMembers(table, rb, rb.count);
  const oversize = oversizeBlocks(table.split < table.n, size0, size1, rule.maxBlockSize ?? maxBlockSize, table.n, rule.pairsPerRecord);
  const oversizeKeys: Array<[number, string]> = [];
  for (let b = 0; b < rb.count; b++) if (oversize[b]) oversizeKeys.push([b, rb.key(b)]);
  return { start: rb.start, ids: rb.ids, count: rb.count, oversizeKeys };
}

export function ruleBlocksFrom(message: RuleBlocksMessage): RuleBlocks {
  const keys = new Map(message.oversizeKeys);
  return { start: message.start, ids: message.ids, count: message.count, key: (b) => keys.get(b) ?? String(b) };
}

/**
 * Candidate pairs of a table under the union of the rules; linkage pairs cross the two inputs.
 * `blocks` (per rule) are the rules' blocks when already worked out (on other threads).
 */
export function candidatePairs(table: PreparedTable, rules: readonly BlockingRule[], maxBlockSize: number, blocks?: readonly RuleBlocks[]): CandidatePairs {
  const link = table.split < table.n;
  const out = new PairBuffer();
  const reports: RuleReport[] = [];
  const earlier: Array<{ rb: RuleBlocks; oversize: Uint8Array }> = [];
  for (const [r, rule] of rules.entries()) {
    const rb = blocks?.[r] ?? ruleBlocks(table, rule);
    const nb = rb.count;
    const { start, members, size0, size1 } = blockMembers(table, rb, nb);
    const oversize = oversizeBlocks(link, size0, size1, rule.maxBlockSize ?? maxBlockSize, table.n, rule.pairsPerRecord);
    const report: RuleReport = { rule: ruleName(rule), pairs: 0, blocks: 0, oversizeBlocks: 0, skippedPairs: 0, largestOversize: [] };
    const tokens = rb.start !== null;
    // A pair is new when no earlier rule made it and, for a token rule, no lower block of this one.
    const fresh = (a: number, c: number, b: number) => {
      if (tokens && shareBlock(rb, oversize, a, c, b)) return false;
      for (const e of earlier) if (shareBlock(e.rb, e.oversize, a, c, -1)) return false;
      return true;
    };
    for (let b = 0; b < nb; b++) {
      const s0 = size0[b]!;
      const s1 = size1[b]!;
      const blockPairs = link ? s0 * s1 : ((s0 * (s0 - 1)) / 2);
      if (blockPairs === 0) continue;
      report.blocks++;
      if (oversize[b]) {
        report.oversizeBlocks++;
        report.skippedPairs += blockPairs;
        report.largestOversize.push({ size: s0 + s1, key: rb.key(b).replace(/\u0001/g, ' | ') });
        continue;
      }
      const from = start[b]!;
      if (link) {
        for (let i = from; i < from + s0; i++) {
          for (let j = from + s0; j < from + s0 + s1; j++) {
            const a = members[i]!;
            const c = members[j]!;
            if (fresh(a, c, b)) {
              out.push(a, c);
              report.pairs++;
            }
          }
        }
      } else {
        for (let i = from; i < from + s0; i++) {
          for (let j = i + 1; j < from + s0; j++) {
            const a = members[i]!;
            const c = members[j]!;
            if (fresh(a, c, b)) {
              out.push(a, c);
              report.pairs++;
            }
          }
        }
      }
    }
    report.largestOversize = report.largestOversize.sort((x, y) => y.size - x.size).slice(0, 5);
    reports.push(report);
    earlier.push({ rb, oversize });
  }
  return { left: out.left, right: out.right, count: out.count, rules: reports };
}
