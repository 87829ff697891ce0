// Blocking: candidate pairs are record pairs that agree on every key part of at least one rule.
// Rules are unioned without a pair set: a pair found by rule k is dropped when an earlier rule
// already produced it (same block id there), so memory stays at the pairs themselves. Blocks over
// maxBlockSize are skipped and reported instead of going quadratic.
import { doubleMetaphone } from './double-metaphone.ts';
import { canonicalGroup } from './nicknames.ts';
import type { PreparedField, PreparedTable } from './prepare.ts';
import type { BlockingRule, KeyTransform } from './settings.ts';

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

export const ruleName = (r: BlockingRule) => r.name ?? (r.unordered ? 'unordered ' : '') + r.keys.join(' & ');

/** Per distinct value of a field, the key string a transform gives ('' = no key). */
function keyValues(f: PreparedField, transform: KeyTransform): string[] {
  return f.values.map((v, i) => {
    switch (transform) {
      case 'exact': return v;
      case 'compact': return f.compact[i]!;
      case 'metaphone': return f.dm1[i] || doubleMetaphone(f.compact[i]!, 8)[0];
      case 'nick': {
        const g = canonicalGroup(f.tokens[i]![0] ?? '');
        return g >= 0 ? `g${g}` : f.dm1[i] || doubleMetaphone(f.compact[i]!, 8)[0];
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
        return t.startsWith('~') ? t : t ? doubleMetaphone(t, 6)[0] : '';
      }
      case 'local_part': return f.kind === 'email' ? f.compact[i]! : v;
    }
  });
}

/**
 * Block id of every record under a rule (-1 when a key part is missing), and the block keys. Keys
 * are interned per distinct value first, so each record costs a few array reads and one lookup of
 * a number, not a string built per record.
 */
export function blockIds(table: PreparedTable, rule: BlockingRule): { ids: Int32Array; keys: string[] } {
  const shared = new Map<string, number>();
  const sharedKeys: string[] = [];
  const parts = rule.keys.map((k) => {
    const [column, transform = 'exact'] = k.split(':') as [string, KeyTransform?];
    const f = table.byColumn.get(column);
    if (!f) throw new Error(`blocking rule ${ruleName(rule)}: unknown column ${column}`);
    const partOf = Int32Array.from(keyValues(f, transform as KeyTransform), (key) => {
      if (key === '') return -1;
      let id = shared.get(key);
      if (id === undefined) {
        id = sharedKeys.length;
        shared.set(key, id);
        sharedKeys.push(key);
      }
      return id;
    });
    return { ids: f.ids, partOf };
  });
  const S = Math.max(1, sharedKeys.length);
  const numeric = S ** parts.length < Number.MAX_SAFE_INTEGER;
  const index = new Map<number | string, number>();
  const keys: string[] = [];
  const ids = new Int32Array(table.n);
  const piece = new Array<number>(parts.length);
  for (let r = 0; r < table.n; r++) {
    let ok = true;
    for (let p = 0; p < parts.length; p++) {
      const { ids: valueIds, partOf } = parts[p]!;
      const v = valueIds[r]!;
      const k = v < 0 ? -1 : partOf[v]!;
      if (k < 0) {
        ok = false;
        break;
      }
      piece[p] = k;
    }
    if (!ok) {
      ids[r] = -1;
      continue;
    }
    if (rule.unordered) piece.sort((x, y) => x - y);
    let key: number | string;
    if (numeric) {
      key = 0;
      for (const k of piece) key = key * S + k;
    } else key = piece.join(',');
    let b = index.get(key);
    if (b === undefined) {
      b = keys.length;
      index.set(key, b);
      keys.push(piece.map((k) => sharedKeys[k]!).join('\u0001'));
    }
    ids[r] = b;
  }
  return { ids, keys };
}

/** Members of each block in CSR form (counting sort); for linkage input 0's records come first. */
function blockMembers(table: PreparedTable, ids: Int32Array, nb: number) {
  const size0 = new Int32Array(nb);
  const size1 = new Int32Array(nb);
  for (let r = 0; r < table.n; r++) {
    const b = ids[r]!;
    if (b >= 0) (r < table.split ? size0 : size1)[b]!++;
  }
  const start = new Int32Array(nb + 1);
  for (let b = 0; b < nb; b++) start[b + 1] = start[b]! + size0[b]! + size1[b]!;
  const fill = start.slice(0, nb);
  const members = new Int32Array(start[nb]!);
  for (let r = 0; r < table.n; r++) {
    const b = ids[r]!;
    if (b >= 0) members[fill[b]!++] = r; // records come in order, so input 0 fills first
  }
  return { start, members, size0, size1 };
}

/**
 * Up to `max` pairs one rule makes on its own (not deduplicated against other rules), drawn
 * uniformly when there are more: the training pairs of one EM session.
 */
export function sampleRulePairs(table: PreparedTable, rule: BlockingRule, maxBlockSize: number, max: number, rand: () => number): { left: Int32Array; right: Int32Array; count: number; total: number } {
  const link = table.split < table.n;
  const { ids, keys } = blockIds(table, rule);
  const nb = keys.length;
  const { start, members, size0, size1 } = blockMembers(table, ids, nb);
  const cumulative = new Float64Array(nb + 1);
  for (let b = 0; b < nb; b++) {
    const s0 = size0[b]!;
    const s1 = size1[b]!;
    const tooBig = link ? s0 * s1 > (maxBlockSize * maxBlockSize) / 2 : s0 > maxBlockSize;
    cumulative[b + 1] = cumulative[b]! + (tooBig ? 0 : link ? s0 * s1 : (s0 * (s0 - 1)) / 2);
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

/** Candidate pairs of a table under the union of the rules; linkage pairs cross the two inputs. */
export function candidatePairs(table: PreparedTable, rules: readonly BlockingRule[], maxBlockSize: number): CandidatePairs {
  const link = table.split < table.n;
  const out = new PairBuffer();
  const reports: RuleReport[] = [];
  const earlier: Array<{ ids: Int32Array; oversize: Uint8Array }> = [];
  for (const rule of rules) {
    const { ids, keys } = blockIds(table, rule);
    const { start, members, size0, size1 } = blockMembers(table, ids, keys.length);
    const nb = keys.length;
    const oversize = new Uint8Array(nb);
    const report: RuleReport = { rule: ruleName(rule), pairs: 0, blocks: 0, oversizeBlocks: 0, skippedPairs: 0, largestOversize: [] };
    const covered = (a: number, c: number) => {
      for (const e of earlier) {
        const ba = e.ids[a]!;
        if (ba >= 0 && ba === e.ids[c] && e.oversize[ba] === 0) return true;
      }
      return false;
    };
    for (let b = 0; b < nb; b++) {
      const s0 = size0[b]!;
      const s1 = size1[b]!;
      const blockPairs = link ? s0 * s1 : ((s0 * (s0 - 1)) / 2);
      if (blockPairs === 0) continue;
      report.blocks++;
      const tooBig = link ? s0 * s1 > (maxBlockSize * maxBlockSize) / 2 : s0 > maxBlockSize;
      if (tooBig) {
        oversize[b] = 1;
        report.oversizeBlocks++;
        report.skippedPairs += blockPairs;
        report.largestOversize.push({ size: s0 + s1, key: keys[b]!.replace(/\u0001/g, ' | ') });
        continue;
      }
      const from = start[b]!;
      if (link) {
        for (let i = from; i < from + s0; i++) {
          for (let j = from + s0; j < from + s0 + s1; j++) {
            const a = members[i]!;
            const c = members[j]!;
            if (!covered(a, c)) {
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
            if (!covered(a, c)) {
              out.push(a, c);
              report.pairs++;
            }
          }
        }
      }
    }
    report.largestOversize = report.largestOversize.sort((x, y) => y.size - x.size).slice(0, 5);
    reports.push(report);
    earlier.push({ ids, oversize });
  }
  return { left: out.left, right: out.right, count: out.count, rules: reports };
}
