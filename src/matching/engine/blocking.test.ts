// Blocking: every pair a rule covers is a candidate exactly once (rules unioned without a pair
// set), linkage pairs cross the inputs, and oversize blocks are skipped and reported; token rules
// (words of several columns, rarest words only) keep the same guarantees, and a pair budget caps
// a rule's block size.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { candidatePairs, oversizeBlocks, tokenBlockIds } from './blocking.ts';
import { prepareTable } from './match.ts';
import type { Dataset } from './prepare.ts';
import { parseSettings } from './settings.ts';

const settings = (maxBlockSize = 500) => parseSettings({
  comparisons: [{ column: 'first', kind: 'given_name' }, { column: 'last', kind: 'surname' }, { column: 'zip', kind: 'postcode' }],
  blocking: [{ keys: ['last:metaphone'] }, { keys: ['zip', 'first:first1'] }, { keys: ['first:nick', 'last:first1'], unordered: true }],
  maxBlockSize,
});

const record = fc.record({
  first: fc.constantFrom('john', 'jon', 'bill', 'william', 'anna', 'hanna', '', 'olena'),
  last: fc.constantFrom('smith', 'smyth', 'schmidt', 'jones', 'johnson', '', 'shevchenko'),
  zip: fc.constantFrom('2000', '2001', '3000', ''),
});
const dataset = (rows: Array<{ first: string; last: string; zip: string }>, prefix = 'r'): Dataset => ({
  ids: rows.map((_, i) => `${prefix}${i}`),
  columns: { first: rows.map((r) => r.first), last: rows.map((r) => r.last), zip: rows.map((r) => r.zip) },
});

/** Does some rule put records a and b in one block? (the definition, pair by pair) */
function covered(table: ReturnType<typeof prepareTable>, a: number, b: number) {
  const key = (column: string, transform: (f: NonNullable<ReturnType<typeof table.byColumn.get>>, id: number) => string, r: number) => {
    const f = table.byColumn.get(column)!;
    const id = f.ids[r]!;
    return id < 0 ? '' : transform(f, id);
  };
  const metaphone = (r: number) => key('last', (f, id) => f.dm1[id]!, r);
  const zipFirst = (r: number) => {
    const z = key('zip', (f, id) => f.values[id]!, r);
    const i = key('first', (f, id) => f.compact[id]!.slice(0, 1), r);
    return z && i ? `${z}|${i}` : '';
  };
  const same = (k: (r: number) => string) => k(a) !== '' && k(a) === k(b);
  return same(metaphone) || same(zipFirst);
}

describe('blocking', () => {
  it('never loses a pair a rule covers, and yields each pair once', () => {
    fc.assert(fc.property(fc.array(record, { minLength: 2, maxLength: 40 }), (rows) => {
      const s = settings();
      const table = prepareTable([dataset(rows)], s);
      const pairs = candidatePairs(table, s.blocking, s.maxBlockSize);
      const seen = new Set<string>();
      for (let p = 0; p < pairs.count; p++) {
        const k = `${pairs.left[p]},${pairs.right[p]}`;
        expect(seen.has(k)).toBe(false);
        expect(pairs.left[p]!).toBeLessThan(pairs.right[p]!);
        seen.add(k);
      }
      for (let a = 0; a < rows.length; a++) for (let b = a + 1; b < rows.length; b++) if (covered(table, a, b)) expect(seen.has(`${a},${b}`)).toBe(true);
      expect(pairs.rules.reduce((s, r) => s + r.pairs, 0)).toBe(pairs.count);
    }), { numRuns: 150 });
  });

  it('links across two inputs only', () => {
    fc.assert(fc.property(fc.array(record, { minLength: 1, maxLength: 20 }), fc.array(record, { minLength: 1, maxLength: 20 }), (l, r) => {
      const s = settings();
      const table = prepareTable([dataset(l, 'l'), dataset(r, 'r')], s);
      const pairs = candidatePairs(table, s.blocking, s.maxBlockSize);
      for (let p = 0; p < pairs.count; p++) {
        expect(pairs.left[p]!).toBeLessThan(table.split);
        expect(pairs.right[p]!).toBeGreaterThanOrEqual(table.split);
      }
      for (let a = 0; a < l.length; a++) {
        for (let b = table.split; b < table.n; b++) {
          if (!covered(table, a, b)) continue;
          let found = false;
          for (let p = 0; p < pairs.count && !found; p++) found = pairs.left[p] === a && pairs.right[p] === b;
          expect(found).toBe(true);
        }
      }
    }), { numRuns: 60 });
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

  /** The rule's definition pair by pair: the two records' key sets (their rarest keys) meet. */
  function expected(table: ReturnType<typeof prepareTable>, rule: Parameters<typeof tokenBlockIds>[1], a: number, b: number) {
    const { start, ids } = tokenBlockIds(table, rule);
    const keysOf = (r: number) => new Set(ids.subarray(start![r]!, start![r + 1]!));
    const ka = keysOf(a);
    return [...keysOf(b)].some((k) => ka.has(k));
  }

  it('never loses a pair sharing a word (in any of the columns), yields each pair once', () => {
    fc.assert(fc.property(fc.array(row, { minLength: 2, maxLength: 30 }), fc.option(fc.integer({ min: 1, max: 2 }), { nil: undefined }), (rows, rarest) => {
      const s = tokenSettings(rarest ? { rarest } : {});
      const table = prepareTable([dataset(rows)], s);
      const pairs = candidatePairs(table, s.blocking, s.maxBlockSize);
      const seen = new Set<string>();
      for (let p = 0; p < pairs.count; p++) {
        const k = `${pairs.left[p]},${pairs.right[p]}`;
        expect(seen.has(k)).toBe(false);
        seen.add(k);
      }
      const zip = table.byColumn.get('zip')!;
      for (let a = 0; a < rows.length; a++) {
        for (let b = a + 1; b < rows.length; b++) {
          const sameZip = zip.ids[a]! >= 0 && zip.ids[a] === zip.ids[b];
          if (sameZip || expected(table, s.blocking[1]!, a, b)) expect(seen.has(`${a},${b}`)).toBe(true);
        }
      }
      expect(pairs.rules.reduce((x, r) => x + r.pairs, 0)).toBe(pairs.count);
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
      const got = new Set(Array.from({ length: pairs.count }, (_, p) => `${pairs.left[p]},${pairs.right[p]}`));
      expect(got.size).toBe(pairs.count);
      const plain = tokenSettings().blocking[1]!;
      const zip = table.byColumn.get('zip')!;
      for (let a = 0; a < rows.length; a++) {
        for (let b = a + 1; b < rows.length; b++) {
          const sameZip = zip.ids[a]! >= 0 && zip.ids[a] === zip.ids[b];
          expect(got.has(`${a},${b}`)).toBe(sameZip && expected(table, plain, a, b));
        }
      }
    }), { numRuns: 100 });
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
