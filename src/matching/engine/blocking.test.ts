// Blocking: every pair a rule covers is a candidate exactly once (rules unioned without a pair
// set), linkage pairs cross the inputs, and oversize blocks are skipped and reported; token rules
// (words of several columns, rarest words only) keep the same guarantees, and a pair budget caps
// a rule's block size.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { candidatePairs, oversizeBlocks, ruleName } from './blocking.ts';
import { doubleMetaphone } from './double-metaphone.ts';
import { canonicalGroup } from './nicknames.ts';
import { nameSkeleton } from './normalize.ts';
import { prepareTable } from './match.ts';
import type { Dataset } from './prepare.ts';
import { parseSettings, type Settings } from './settings.ts';

const settings = (maxBlockSize = 500) => parseSettings({
  comparisons: [{ column: 'first', kind: 'given_name' }, { column: 'last', kind: 'surname' }, { column: 'zip', kind: 'postcode' }],
  blocking: [
    { keys: ['last:metaphone'] }, { keys: ['zip', 'first:first1'] }, { keys: ['first:nick', 'last:first1'], unordered: true },
    { keys: ['first:nick', 'last:nick'], unordered: true },
  ],
  maxBlockSize,
});

const record = fc.record({
  // A few names in both lists: swapped given name and surname for the unordered rules.
  first: fc.constantFrom('john', 'jon', 'bill', 'william', 'anna', 'hanna', '', 'olena', 'jones', 'smith'),
  last: fc.constantFrom('smith', 'smyth', 'schmidt', 'jones', 'johnson', '', 'shevchenko', 'william', 'anna'),
  zip: fc.constantFrom('2000', '2001', '3000', ''),
});
const dataset = (rows: Array<{ first: string; last: string; zip: string }>, prefix = 'r'): Dataset => ({
  ids: rows.map((_, i) => `${prefix}${i}`),
  columns: { first: rows.map((r) => r.first), last: rows.map((r) => r.last), zip: rows.map((r) => r.zip) },
});

/**
 * The oracle: each rule's keys computed straight from the records' prepared values, with the key
 * transforms written out here (not blockIds / tokenBlockIds), and a pair covered by a rule when the
 * two records share a key. For a `rarest` rule, ties on a word's count make the kept words depend
 * on the engine's order of first appearance, so the oracle gives two sets: `must` (keys every
 * order keeps: count below the record's cut) and `may` (keys some order keeps: count at or below).
 */
type Table = ReturnType<typeof prepareTable>;
type Field = NonNullable<ReturnType<Table['byColumn']['get']>>;
type Rule = Settings['blocking'][number];

function valueKey(f: Field, i: number, transform: string): string {
  const v = f.values[i]!;
  const compact = f.compact[i]!;
  const sound = () => f.dm1[i] || doubleMetaphone(compact, 8)[0];
  switch (transform) {
    case 'exact': return v;
    case 'compact': return compact;
    case 'metaphone': return sound();
    case 'nick': {
      const g = canonicalGroup(f.tokens[i]![0] ?? '');
      return g >= 0 ? `g${g}` : sound();
    }
    case 'skeleton': return f.skeleton[i] || compact;
    case 'first1': return compact.slice(0, 1);
    case 'first2': return compact.slice(0, 2);
    case 'first3': return compact.slice(0, 3);
    case 'year': return v.length === 8 ? v.slice(0, 4) : '';
    case 'digits': return v.replace(/\D+/g, '');
    default: throw new Error(`oracle: transform ${transform} not written out`);
  }
}

function wordKeyOf(word: string, transform: string): string {
  if (word.length < 2 || /^\d+$/.test(word)) return '';
  if (word.startsWith('~')) return word;
  switch (transform) {
    case 'metaphone': return doubleMetaphone(word, 6)[0] || word;
    case 'nick': {
      const g = canonicalGroup(word);
      return g >= 0 ? `~${g}` : doubleMetaphone(word, 6)[0] || word;
    }
    case 'skeleton': return nameSkeleton(word);
    case 'first3': return word.slice(0, 3);
    default: return word;
  }
}

/** A record's key of one "column:transform" part ('' = none: the value is missing or gives no key). */
function partKey(table: Table, part: string, r: number): string {
  const [column, transform = 'exact'] = part.split(':') as [string, string?];
  const f = table.byColumn.get(column)!;
  const id = f.ids[r]!;
  return id < 0 ? '' : valueKey(f, id, transform);
}

/** A plain or unordered rule's key of record r ('' = the record has none). */
function plainKey(table: Table, keys: readonly string[], unordered: boolean, r: number): string {
  const parts = keys.map((k) => partKey(table, k, r));
  if (parts.some((p) => p === '')) return '';
  return (unordered ? [...parts].sort() : parts).join('\u0001');
}

/** Per record, the set of a rule's keys it must have, and the set it may have (equal but for `rarest` ties). */
function ruleKeys(table: Table, rule: Rule): { must: Array<Set<string>>; may: Array<Set<string>> } {
  const n = table.n;
  if (!rule.tokens) {
    const sets = Array.from({ length: n }, (_, r) => {
      const k = plainKey(table, rule.keys, rule.unordered ?? false, r);
      return new Set(k ? [k] : []);
    });
    return { must: sets, may: sets };
  }
  const all = Array.from({ length: n }, (_, r) => {
    const words = new Set<string>();
    for (const part of rule.keys) {
      const [column, transform = 'exact'] = part.split(':') as [string, string?];
      const f = table.byColumn.get(column)!;
      const id = f.ids[r]!;
      if (id < 0) continue;
      for (const w of f.tokens[id]!) {
        const k = wordKeyOf(w, transform);
        if (k) words.add(k);
      }
    }
    if (!rule.with) return words;
    const companion = plainKey(table, rule.with, false, r);
    return new Set(companion ? [...words].map((w) => `${w}|${companion}`) : []);
  });
  if (!rule.rarest) return { must: all, may: all };
  const count = new Map<string, number>();
  for (const s of all) for (const k of s) count.set(k, (count.get(k) ?? 0) + 1);
  const must: Array<Set<string>> = [];
  const may: Array<Set<string>> = [];
  for (const s of all) {
    const sorted = [...s].map((k) => count.get(k)!).sort((x, y) => x - y);
    if (sorted.length <= rule.rarest) {
      must.push(s);
      may.push(s);
      continue;
    }
    const cut = sorted[rule.rarest - 1]!;
    must.push(new Set([...s].filter((k) => count.get(k)! < cut)));
    may.push(new Set([...s].filter((k) => count.get(k)! <= cut)));
  }
  return { must, may };
}

/** Pairs (i < j; linkage: left input x right input) that share a key of some rule: must, may. */
function oraclePairs(table: Table, rules: readonly Rule[]): { must: Set<string>; may: Set<string> } {
  const link = table.split < table.n;
  const must = new Set<string>();
  const may = new Set<string>();
  const keyed = rules.map((rule) => ruleKeys(table, rule));
  const meet = (a: Set<string>, b: Set<string>) => [...a].some((k) => b.has(k));
  for (let a = 0; a < table.n; a++) {
    for (let b = a + 1; b < table.n; b++) {
      if (link && (a >= table.split || b < table.split)) continue;
      if (keyed.some((k) => meet(k.must[a]!, k.must[b]!))) must.add(`${a},${b}`);
      if (keyed.some((k) => meet(k.may[a]!, k.may[b]!))) may.add(`${a},${b}`);
    }
  }
  return { must, may };
}

/** The candidate pairs as "a,b" strings, checking each comes once. */
function pairSet(pairs: ReturnType<typeof candidatePairs>): Set<string> {
  const seen = new Set<string>();
  for (let p = 0; p < pairs.count; p++) {
    const k = `${pairs.left[p]},${pairs.right[p]}`;
    expect(seen.has(k), `pair ${k} made twice`).toBe(false);
    expect(pairs.left[p]!).toBeLessThan(pairs.right[p]!);
    seen.add(k);
  }
  expect(pairs.rules.reduce((s, r) => s + r.pairs, 0)).toBe(pairs.count);
  return seen;
}

/** Every pair the oracle says a rule covers is a candidate; with no block over the cap, nothing else is. */
function expectOracle(table: Table, rules: readonly Rule[], got: Set<string>, oversize: number) {
  const { must, may } = oraclePairs(table, rules);
  for (const k of must) expect(got.has(k), `covered pair ${k} lost`).toBe(true);
  if (oversize === 0) for (const k of got) expect(may.has(k), `pair ${k} covered by no rule`).toBe(true);
}

describe('blocking', () => {
  it('never loses a pair a rule covers (plain, composite, unordered), and makes nothing else', () => {
    fc.assert(fc.property(fc.array(record, { minLength: 2, maxLength: 40 }), (rows) => {
      const s = settings();
      const table = prepareTable([dataset(rows)], s);
      const pairs = candidatePairs(table, s.blocking, s.maxBlockSize);
      expectOracle(table, s.blocking, pairSet(pairs), 0);
    }), { numRuns: 150 });
  });

  it('the unordered rule meets names swapped between the columns', () => {
    const s = settings();
    const rows = [{ first: 'bill', last: 'jones', zip: '' }, { first: 'jones', last: 'william', zip: '' }];
    const pairs = candidatePairs(prepareTable([dataset(rows)], s), s.blocking, s.maxBlockSize);
    expect(pairSet(pairs)).toEqual(new Set(['0,1']));
    expect(pairs.rules[3]!.pairs).toBe(1);
  });

  it('links across two inputs only, never losing a covered pair', () => {
    fc.assert(fc.property(fc.array(record, { minLength: 1, maxLength: 20 }), fc.array(record, { minLength: 1, maxLength: 20 }), (l, r) => {
      const s = settings();
      const table = prepareTable([dataset(l, 'l'), dataset(r, 'r')], s);
      const pairs = candidatePairs(table, s.blocking, s.maxBlockSize);
      for (let p = 0; p < pairs.count; p++) {
        expect(pairs.left[p]!).toBeLessThan(table.split);
        expect(pairs.right[p]!).toBeGreaterThanOrEqual(table.split);
      }
      expectOracle(table, s.blocking, pairSet(pairs), 0);
    }), { numRuns: 60 });
  });

  it('under a small size cap, still never loses a covered pair outside the skipped blocks', () => {
    fc.assert(fc.property(fc.array(record, { minLength: 2, maxLength: 40 }), (rows) => {
      const s = settings(4);
      const table = prepareTable([dataset(rows)], s);
      const pairs = candidatePairs(table, s.blocking, s.maxBlockSize);
      const got = pairSet(pairs);
      // A pair is only owed when some rule covers it in a block of at most 4 records.
      for (const rule of s.blocking) {
        const keys = ruleKeys(table, rule).must;
        const size = new Map<string, number>();
        for (const set of keys) for (const k of set) size.set(k, (size.get(k) ?? 0) + 1);
        for (let a = 0; a < rows.length; a++) {
          for (let b = a + 1; b < rows.length; b++) {
            const shared = [...keys[a]!].filter((k) => keys[b]!.has(k) && size.get(k)! <= 4);
            if (shared.length) expect(got.has(`${a},${b}`), `pair ${a},${b} of ${ruleName(rule)} lost`).toBe(true);
          }
        }
      }
    }), { numRuns: 100 });
  });

  it('skips and reports a block over the size cap instead of going quadratic', () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({ first: i % 2 ? 'anna' : 'john', last: 'smith', zip: String(1000 + i) }));
    const s = settings(10);
    const pairs = candidatePairs(prepareTable([dataset(rows)], s), s.blocking, s.maxBlockSize);
    const report = pairs.rules[0]!;
    expect(report.oversizeBlocks).toBe(1);
    expect(report.skippedPairs).toBe(435);
    expect(report.largestOversize[0]).toEqual({ size: 30, key: 'SM0' });
  });
});

describe('token blocking', () => {
  const tokenSettings = (extra: Record<string, unknown> = {}) => parseSettings({
    comparisons: [{ column: 'first', kind: 'given_name' }, { column: 'last', kind: 'surname' }, { column: 'zip', kind: 'postcode' }],
    blocking: [{ keys: ['zip'] }, { keys: ['first:nick', 'last:nick'], tokens: true, ...extra }],
  });
  const words = fc.constantFrom('john', 'jon', 'mary', 'van', 'der', 'berg', 'olena', 'Олена', 'smith', 'bill', 'william', 'a', '42');
  const name = fc.array(words, { minLength: 0, maxLength: 3 }).map((w) => w.join(' '));
  const row = fc.record({ first: name, last: name, zip: fc.constantFrom('2000', '3000', '') });

  it('never loses a pair sharing a word (in any of the columns, rarest words only or all), makes nothing else', () => {
    fc.assert(fc.property(fc.array(row, { minLength: 2, maxLength: 30 }), fc.option(fc.integer({ min: 1, max: 2 }), { nil: undefined }), (rows, rarest) => {
      const s = tokenSettings(rarest ? { rarest } : {});
      const table = prepareTable([dataset(rows)], s);
      const pairs = candidatePairs(table, s.blocking, s.maxBlockSize);
      expectOracle(table, s.blocking, pairSet(pairs), 0);
    }), { numRuns: 150 });
  });

  it('joined to a companion key: a shared word meets only with the same companion, never lost there', () => {
    fc.assert(fc.property(fc.array(row, { minLength: 2, maxLength: 30 }), (rows) => {
      const s = parseSettings({
        comparisons: [{ column: 'first', kind: 'given_name' }, { column: 'last', kind: 'surname' }, { column: 'zip', kind: 'postcode' }],
        blocking: [{ keys: ['first:nick', 'last:nick'], tokens: true, with: ['zip'] }],
      });
      const table = prepareTable([dataset(rows)], s);
      const pairs = candidatePairs(table, s.blocking, s.maxBlockSize);
      expectOracle(table, s.blocking, pairSet(pairs), 0);
    }), { numRuns: 100 });
  });

  it('every rule kind at once (plain, composite, unordered, words with a companion, rarest words), dedupe and linkage', () => {
    const all = parseSettings({
      comparisons: [{ column: 'first', kind: 'given_name' }, { column: 'last', kind: 'surname' }, { column: 'zip', kind: 'postcode' }],
      blocking: [
        { keys: ['last:skeleton'] },
        { keys: ['zip', 'first:first3'] },
        { keys: ['first:metaphone', 'last:metaphone'], unordered: true },
        { keys: ['first:nick', 'last:nick'], tokens: true, with: ['zip:first2'] },
        { keys: ['first:skeleton', 'last'], tokens: true, rarest: 1 },
      ],
    });
    fc.assert(fc.property(fc.array(row, { minLength: 1, maxLength: 25 }), fc.array(row, { minLength: 0, maxLength: 15 }), (l, r) => {
      const inputs = r.length ? [dataset(l, 'l'), dataset(r, 'r')] : [dataset(l)];
      const table = prepareTable(inputs, all);
      const pairs = candidatePairs(table, all.blocking, all.maxBlockSize);
      expectOracle(table, all.blocking, pairSet(pairs), 0);
    }), { numRuns: 150 });
  });

  it('meets a surname typed as the given name, a nickname and Cyrillic spelling', () => {
    const s = tokenSettings();
    const rows = [
      { first: 'Olena', last: 'Kovalenko', zip: '' },
      { first: 'Коваленко', last: '', zip: '' },
      { first: 'Bill', last: 'Turner', zip: '' },
      { first: 'William', last: 'Smith', zip: '' },
    ];
    const table = prepareTable([dataset(rows)], s);
    const pairs = candidatePairs(table, s.blocking, s.maxBlockSize);
    const got = Array.from({ length: pairs.count }, (_, p) => `${pairs.left[p]},${pairs.right[p]}`);
    expect(got).toContain('0,1');
    expect(got).toContain('2,3');
  });

  it('a pair budget lowers the block cap: the largest blocks go first, the rule stays linear', () => {
    const size0 = Int32Array.from([2, 3, 10, 40, 40]);
    const size1 = new Int32Array(5);
    // Pairs per block: 1, 3, 45, 780, 780. A budget of 10 pairs per record over 100 records = 1,000.
    expect(Array.from(oversizeBlocks(false, size0, size1, 500, 100, 10))).toEqual([0, 0, 0, 1, 1]);
    expect(Array.from(oversizeBlocks(false, size0, size1, 500, 100, 100))).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(oversizeBlocks(false, size0, size1, 20, 100))).toEqual([0, 0, 0, 1, 1]);
    // Many records with one common word: the rule's pairs stay within the budget.
    const rows = Array.from({ length: 300 }, (_, i) => ({ first: 'john', last: `x${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + ((i / 26) | 0))}`, zip: '' }));
    const s = tokenSettings({ pairsPerRecord: 2 });
    const pairs = candidatePairs(prepareTable([dataset(rows)], s), s.blocking, s.maxBlockSize);
    expect(pairs.count).toBeLessThanOrEqual(2 * 300);
    expect(pairs.rules[1]!.oversizeBlocks).toBeGreaterThanOrEqual(1);
    expect(pairs.rules[1]!.largestOversize[0]!.size).toBe(300);
  });
});
