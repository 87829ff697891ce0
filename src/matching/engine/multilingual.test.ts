// Customers written in several scripts and spellings: Ukrainian in Cyrillic and Latin, Urdu and
// Tamil names romanised differently, nicknames, reformatted phones, changed emails, swapped and
// missing fields. The background population (synthetic.ts) trains the model; hand-written pairs
// check that the engine links what a person would.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCsvDataset } from './csv.ts';
import { clusterPairsOf, pairwiseScores } from './evaluate.ts';
import { matchDatasets } from './match.ts';
import { syntheticPeople } from './synthetic.ts';

const COLUMNS = ['given_name', 'surname', 'date_of_birth', 'email', 'phone', 'postcode', 'address', 'city'] as const;
// [person, ...values in COLUMNS order]; rows of one person must meet, other rows must not.
const CASES: Array<[string, ...Array<string | undefined>]> = [
  ['a', 'Олександр', 'Шевченко', '1985-03-07', 'o.shevchenko@ukr.net', '+380 44 123 4567', 'KV1', '12 Khreshchatyk Street', 'Київ'],
  ['a', 'Oleksandr', 'Shevchenko', '07/03/1985', 'oleksandr.shevchenko@gmail.com', '044 123 4567', 'KV1', '12 Khreshchatyk St', 'Kyiv'],
  ['a', 'Alexander', 'Shevchenko', '1985-03-07', undefined, '0441234567', undefined, undefined, 'Kyiv'],
  ['b', 'Mykola', 'Kovalenko', '1979-11-02', 'mkovalenko@ukr.net', '+380 67 555 0101', 'LV4', '3 Franka Street', 'Lviv'],
  ['b', 'Николай', 'Коваленко', '1979-11-02', 'mkovalenko@ukr.net', '+380675550101', 'LV4', undefined, 'Львов'],
  ['c', 'Muhammad', 'Qureshi', '1990-01-15', 'm.qureshi@yahoo.com', '+92 300 1234567', 'LH5', '45 Jinnah Road', 'Lahore'],
  ['c', 'Mohammed', 'Qureishi', '1990-01-15', 'mqureshi90@gmail.com', '0300-1234567', 'LH5', '45 Jinnah Rd', 'Lahore'],
  ['d', 'Karthikeyan', 'Subramanian', '1988-06-21', 'karthik.s@gmail.com', '+91 98400 12345', 'CH6', '7 Anna Salai', 'Chennai'],
  ['d', 'Karthikeyan', 'Subramaniam', '1988-06-21', 'karthik.s@outlook.com', '098400 12345', 'CH6', '7 Anna Salai', 'Chennai'],
  ['e', 'William', 'Hargreaves', '1962-09-30', 'bill.hargreaves@btinternet.com', '+44 161 496 0000', 'M14 5TP', '22 Wilmslow Road', 'Manchester'],
  ['e', 'Bill', 'Hargreaves', '1962-09-30', 'billh@gmail.com', '0161 496 0000', 'M14 5TP', '22 Wilmslow Rd', 'Manchester'],
  ['f', 'Priya', 'Ramaswamy', '1995-12-05', 'priya.r@gmail.com', '+91 44 2345 6789', 'CH2', '18 Temple Street', 'Chennai'],
  ['f', 'Ramaswamy', 'Priyaa', '1995-12-05', 'priya.r@gmail.com', undefined, 'CH2', '18 Temple St', 'Chennai'],
  // Namesakes that must stay apart: same common name, different everything else.
  ['g', 'Muhammad', 'Khan', '1970-02-02', 'mkhan70@hotmail.com', '+92 321 7654321', 'KR1', '9 Clifton Road', 'Karachi'],
  ['h', 'Muhammad', 'Khan', '1983-08-19', 'muhammad.khan@gmail.com', '+92 333 1112233', 'IS2', '14 Blue Area', 'Islamabad'],
];

describe('multilingual customers', () => {
  it('links spellings across scripts and romanisations and keeps namesakes apart', async () => {
    const background = syntheticPeople(4000, 7);
    const columns = Object.fromEntries(COLUMNS.map((c, i) => [c, [...background.dataset.columns[c]!, ...CASES.map((row) => row[i + 1])]]));
    const ids = [...background.dataset.ids, ...CASES.map((_, i) => `case${i}`)];
    const entity = [...Array.from(background.entity, String), ...CASES.map((row) => `case-${row[0]}`)];
    const r = await matchDatasets([{ ids, columns }]);
    const caseStart = background.dataset.ids.length;
    // Every hand-written pair, by cluster.
    const clusterOf = r.clusters.clusterOf;
    for (let i = 0; i < CASES.length; i++) {
      for (let j = i + 1; j < CASES.length; j++) {
        const same = CASES[i]![0] === CASES[j]![0];
        expect({ pair: `${CASES[i]![1]} ${CASES[i]![2]} / ${CASES[j]![1]} ${CASES[j]![2]}`, same: clusterOf[caseStart + i] === clusterOf[caseStart + j] }).toEqual({ pair: `${CASES[i]![1]} ${CASES[i]![2]} / ${CASES[j]![1]} ${CASES[j]![2]}`, same });
      }
    }
    // And the background population as a whole.
    const scores = pairwiseScores(entity, r.table.split, clusterPairsOf(clusterOf, r.table.split));
    expect(scores.precision).toBeGreaterThanOrEqual(0.95);
    expect(scores.recall).toBeGreaterThanOrEqual(0.95);
  });
});

// A sample of the independent holdout (bench/holdout-multilingual.ts --fixture ... --people 150
// --seed 11): 363 rows written apart from synthetic.ts (its own names, transliteration systems and
// corruptions), with namesakes and households that must stay apart. Auto-configured, no settings.
describe('independent multilingual holdout (test/fixtures/matching/multilingual-holdout.csv)', () => {
  it('finds the duplicates above precision and recall floors, namesakes and households kept apart', async () => {
    const input = readCsvDataset(fileURLToPath(new URL('../../../test/fixtures/matching/multilingual-holdout.csv', import.meta.url)), 'record_id');
    const entity = input.columns.cluster!.map(String);
    const r = await matchDatasets([input], { exclude: ['cluster', 'culture'] });
    expect(r.table.fields.map((f) => f.column)).not.toContain('cluster');
    const pairs = function* () {
      for (let p = 0; p < r.count; p++) if (r.probability(p) >= 0.5) yield [r.left[p]!, r.right[p]!] as [number, number];
    };
    const scores = pairwiseScores(entity, r.table.split, pairs());
    const clusters = pairwiseScores(entity, r.table.split, clusterPairsOf(r.clusters.clusterOf, r.table.split));
    expect(scores.truePairs).toBe(246);
    expect(scores.precision).toBeGreaterThanOrEqual(0.95);
    expect(scores.recall).toBeGreaterThanOrEqual(0.94);
    expect(clusters.precision).toBeGreaterThanOrEqual(0.95);
    expect(clusters.recall).toBeGreaterThanOrEqual(0.95);
    // The best recall at precision >= 0.95 over all thresholds.
    const order = Array.from({ length: r.count }, (_, p) => p).sort((a, b) => r.weight[b]! - r.weight[a]!);
    let tp = 0;
    let best = 0;
    order.forEach((p, k) => {
      if (entity[r.left[p]!] === entity[r.right[p]!]) tp++;
      if (tp / (k + 1) >= 0.95) best = Math.max(best, tp / scores.truePairs);
    });
    expect(best).toBeGreaterThanOrEqual(0.9);
  });

  it('weighs a phone line less where the address or postcode agrees, by what the place session measures, and not without households', async () => {
    const input = readCsvDataset(fileURLToPath(new URL('../../../test/fixtures/matching/multilingual-holdout.csv', import.meta.url)), 'record_id');
    const r = await matchDatasets([input], { exclude: ['cluster', 'culture'] });
    const kinds = r.settings.comparisons.map((c) => c.kind);
    const phone = kinds.indexOf('phone');
    const rule = r.model.derived!.find((d) => d.field === phone)!;
    expect(rule.from.map((f) => kinds[f]).sort()).toEqual(['address', 'postcode']);
    // The fixture's households share lines: their neighbours in the postcode session do too.
    expect(rule.bits!.exact).toBeGreaterThan(2);
    const F = kinds.length;
    const postcode = kinds.indexOf('postcode');
    let seen = 0;
    for (let p = 0; p < r.count; p++) {
      if (r.gamma[p * F + phone] !== 1 || r.gamma[p * F + postcode] !== 1) continue;
      const steps = r.explain(p).steps;
      const own = steps.find((s) => s.column === 'phone')!;
      const lost = steps.find((s) => s.column === 'phone ~ address, postcode');
      // Where the address disagrees the rule does not hold; where it holds, it takes its bits (at
      // most the phone's own weight).
      if (!lost) continue;
      expect(lost.level).toBe('a line the household shares');
      expect(lost.weight).toBeCloseTo(-Math.min(own.weight + own.termFrequencyAdjustment, rule.bits!.exact!), 9);
      seen++;
    }
    expect(seen).toBeGreaterThan(5);
    // No households among the synthetic customers: neighbours never share a line, nothing is taken.
    const synthetic = await matchDatasets([syntheticPeople(6000).dataset]);
    expect(synthetic.model.derived!.some((d) => synthetic.settings.comparisons[d.field]!.kind === 'phone')).toBe(false);
  });
});

