// The whole job on small copies of FEBRL (test/fixtures/matching): F1 floors for linkage and
// dedupe with auto-configured settings, waterfalls that add up, term-frequency adjustment, labels
// of records no longer in the input.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCsvDataset } from './csv.ts';
import { clusterPairsOf, pairwiseScores } from './evaluate.ts';
import { LEVELS } from './comparisons.ts';
import { matchDatasets, type MatchResult } from './match.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../../../test/fixtures/matching/${name}`, import.meta.url));
const entity = (r: MatchResult) => r.table.recordIds.map((id) => id.match(/^rec-(\d+)-/)![1]!);
function* above(r: MatchResult, threshold: number): Generator<[number, number]> {
  for (let p = 0; p < r.count; p++) if (r.probability(p) >= threshold) yield [r.left[p]!, r.right[p]!];
}

describe('matching FEBRL samples', () => {
  it('links FEBRL4 (300 + 300) with F1 >= 0.98', async () => {
    const r = await matchDatasets([readCsvDataset(fixture('febrl4a-300.csv'), 'rec_id'), readCsvDataset(fixture('febrl4b-300.csv'), 'rec_id')]);
    const scores = pairwiseScores(entity(r), r.table.split, above(r, 0.5));
    expect(scores.truePairs).toBe(300);
    expect(scores.f1).toBeGreaterThanOrEqual(0.98);
  });

  it('deduplicates a FEBRL3 subset with F1 >= 0.95, pairs and clusters', async () => {
    const r = await matchDatasets([readCsvDataset(fixture('febrl3-subset.csv'), 'rec_id')]);
    const e = entity(r);
    expect(pairwiseScores(e, r.table.split, above(r, 0.5)).f1).toBeGreaterThanOrEqual(0.95);
    expect(pairwiseScores(e, r.table.split, clusterPairsOf(r.clusters.clusterOf, r.table.split)).f1).toBeGreaterThanOrEqual(0.95);
    for (const b of r.blocking) expect(b.pairs).toBeGreaterThanOrEqual(0);
  });

  it('counts a shared address, postcode and suburb once, as a household shares all three', async () => {
    // FEBRL3 records, and for 40 of them a relative living there: another record's given name,
    // birth date and social security number, the same surname and the same address.
    const input = readCsvDataset(fixture('febrl3-subset.csv'), 'rec_id');
    const n = input.ids.length;
    const relatives = new Map<string, number>();
    for (let k = 0; k < 40; k++) {
      const home = k * 7;
      const other = n - 1 - k * 5;
      for (const [column, values] of Object.entries(input.columns)) {
        const from = ['given_name', 'date_of_birth', 'soc_sec_id'].includes(column) ? other : home;
        (values as Array<string | undefined>).push(values[from]);
      }
      input.ids.push(`rec-${9000 + k}-org`);
      relatives.set(`${home}:${n + k}`, k);
    }
    const r = await matchDatasets([input]);
    const place = new Set(['address_1', 'address_2', 'suburb', 'postcode']);
    let seen = 0;
    for (let p = 0; p < r.count; p++) {
      if (!relatives.has(`${Math.min(r.left[p]!, r.right[p]!)}:${Math.max(r.left[p]!, r.right[p]!)}`)) continue;
      seen++;
      const steps = r.explain(p).steps;
      const own = steps.filter((s) => place.has(s.column)).map((s) => s.weight + s.termFrequencyAdjustment);
      const lost = steps.filter((s) => s.level === 'agrees with a dependent field' && place.has(s.column.split(' ~ ')[0]!)).reduce((t, s) => t + s.weight, 0);
      // What the place fields add up to: the strongest of them, not their sum.
      expect(own.reduce((t, w) => t + w, 0) + lost).toBeCloseTo(Math.max(...own), 6);
    }
    expect(seen).toBeGreaterThanOrEqual(35);
  });

  it('explains a pair as a waterfall whose steps add up to its weight', async () => {
    const r = await matchDatasets([readCsvDataset(fixture('febrl3-subset.csv'), 'rec_id')]);
    for (const p of [0, Math.floor(r.count / 2), r.count - 1]) {
      const e = r.explain(p);
      const F = r.settings.comparisons.length;
      expect(e.steps.slice(0, F).map((s) => s.column)).toEqual(r.settings.comparisons.map((c) => c.column));
      // Then one step per field whose agreement overlaps a stronger dependent field's, and last, for
      // a pair its cluster raised, the step of the other records.
      for (const s of e.steps.slice(F)) {
        if (s.column === 'linked records') {
          expect(s).toBe(e.steps.at(-1));
          expect(s.weight).toBeCloseTo(r.weight[p]! - r.ownWeight[p]!, 9);
          continue;
        }
        expect(s.level).toBe('agrees with a dependent field');
        expect(s.weight).toBeLessThanOrEqual(0);
      }
      const sum = e.priorWeight + e.steps.reduce((s, x) => s + x.weight + x.termFrequencyAdjustment, 0);
      expect(sum).toBeCloseTo(r.weight[p]!, 9);
      expect(e.matchProbability).toBeCloseTo(r.probability(p), 9);
    }
  });

  it('weighs agreement on a rare surname above agreement on a common one', async () => {
    const n = 400;
    // 200 Smiths, then 100 rare surnames held by two records each.
    const letters = (k: number) => String.fromCharCode(97 + (k % 26)) + String.fromCharCode(97 + ((k / 26) | 0));
    const surname = Array.from({ length: n }, (_, i) => (i < 200 ? 'smith' : `rare${letters((i - 200) >> 1)}`));
    const given = Array.from({ length: n }, (_, i) => ['ann', 'bob', 'cat', 'dan', 'eve', 'fay', 'gus', 'hal'][i % 8]!);
    const r = await matchDatasets([{ ids: surname.map((_, i) => `r${i}`), columns: { surname, given } }], {
      settings: { comparisons: [{ column: 'surname', kind: 'surname', termFrequency: true }, { column: 'given', kind: 'given_name' }], blocking: [{ keys: ['surname'] }] },
    });
    const pairs = [...Array(r.count).keys()];
    const common = r.explain(pairs.find((p) => surname[r.left[p]!] === 'smith')!);
    const rare = r.explain(pairs.find((p) => surname[r.left[p]!]!.startsWith('rare'))!);
    expect(common.steps[0]!.level).toBe('exact');
    expect(rare.steps[0]!.level).toBe('exact');
    expect(common.steps[0]!.termFrequencyAdjustment).toBeLessThan(0);
    expect(rare.steps[0]!.termFrequencyAdjustment).toBeGreaterThan(0);
    expect(rare.steps[0]!.weight + rare.steps[0]!.termFrequencyAdjustment).toBeGreaterThan(common.steps[0]!.weight + common.steps[0]!.termFrequencyAdjustment + 5);
  });

  it('trains with a label whose record is gone through the levels recorded for it', async () => {
    const data = readCsvDataset(fixture('febrl3-subset.csv'), 'rec_id');
    const settings = {
      comparisons: [{ column: 'given_name', kind: 'given_name' as const }, { column: 'surname', kind: 'surname' as const }, { column: 'date_of_birth', kind: 'date' as const }],
      blocking: [{ keys: ['surname'] }],
    };
    const plain = await matchDatasets([data], { settings });
    // 200 labelled matches between records no longer in the input, all agreeing on "nickname".
    const labels = Array.from({ length: 200 }, (_, i) => ({ left: `gone-${i}`, right: `gone-${i}-b`, match: true, levels: { given_name: 'nickname', surname: 'exact', date_of_birth: 'exact' } }));
    const taught = await matchDatasets([data], { settings, labels });
    const nickname = LEVELS.given_name.indexOf('nickname');
    expect(taught.model.fields[0]!.m[nickname]!).toBeGreaterThan(plain.model.fields[0]!.m[nickname]! + 0.05);
    // Without levels such labels are skipped: the same model as no labels at all.
    const skipped = await matchDatasets([data], { settings, labels: labels.map(({ levels: _l, ...l }) => l) });
    expect(skipped.model.fields[0]!.m).toEqual(plain.model.fields[0]!.m);
  });
});
