// Blocking: every pair a rule covers is a candidate exactly once (rules unioned without a pair
// set), linkage pairs cross the inputs, and oversize blocks are skipped and reported.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { candidatePairs } from './blocking.ts';
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
