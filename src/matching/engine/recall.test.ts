// Floors on small labelled sets (test/fixtures/matching): the share of true pairs blocking
// reaches, and the best recall at precision >= 0.95, with auto-configured settings. Splink's
// fake_1000 is heavily corrupted (typos, swapped and missing names, shifted birth dates, changed
// emails), so it guards the broad token rules and the comparisons that find such pairs; the
// Fodor's/Zagat restaurants guard scoring where fields overlap (an address and its city, a chain's
// name at two addresses).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCsvDataset } from './csv.ts';
import { matchDatasets, type MatchResult } from './match.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../../../test/fixtures/matching/${name}`, import.meta.url));

/** Best recall over all thresholds at which precision is still >= 0.95. */
function recallAtPrecision(r: MatchResult, isTrue: (p: number) => boolean, truePairs: number): number {
  const order = Array.from({ length: r.count }, (_, p) => p).sort((a, b) => r.weight[b]! - r.weight[a]!);
  let tp = 0;
  let best = 0;
  order.forEach((p, k) => {
    if (isTrue(p)) tp++;
    if (tp / (k + 1) >= 0.95) best = Math.max(best, tp / truePairs);
  });
  return best;
}

describe('recall on fake_1000', () => {
  it('blocks >= 94% of the true pairs and finds >= 90% of them at precision >= 0.95', async () => {
    const data = readCsvDataset(fixture('fake_1000.csv'), 'unique_id');
    const entity = data.columns.cluster!.map(String);
    const r = await matchDatasets([data], { exclude: ['cluster'] });
    const groups = new Map<string, number>();
    for (const e of entity) groups.set(e, (groups.get(e) ?? 0) + 1);
    const truePairs = [...groups.values()].reduce((s, k) => s + (k * (k - 1)) / 2, 0);
    expect(truePairs).toBe(2031);
    const isTrue = (p: number) => entity[r.left[p]!] === entity[r.right[p]!];
    let blocked = 0;
    for (let p = 0; p < r.count - r.implied; p++) if (isTrue(p)) blocked++;
    expect(blocked / truePairs).toBeGreaterThanOrEqual(0.94);
    // Pairs one cluster holds through other records (never blocked, or weak on their own fields)
    // weigh as the strong join that made the cluster: 0.911 on their own weights, 0.963 so.
    expect(recallAtPrecision(r, isTrue, truePairs)).toBeGreaterThanOrEqual(0.95);
    expect(r.implied).toBeGreaterThan(0);
    for (let p = 0; p < r.count; p++) expect(r.weight[p]!).toBeGreaterThanOrEqual(r.ownWeight[p]!);
    const linked = Array.from({ length: r.count }, (_, p) => p).find((p) => r.weight[p]! > r.ownWeight[p]!)!;
    const e = r.explain(linked);
    expect(e.steps.at(-1)!.column).toBe('linked records');
    expect(e.priorWeight + e.steps.reduce((s, x) => s + x.weight + x.termFrequencyAdjustment, 0)).toBeCloseTo(r.weight[linked]!, 9);
    expect(r.probability(linked)).toBeGreaterThanOrEqual(0.5);
    // The broad rules report what they add; none goes past its pair budget.
    const words = r.blocking.find((b) => b.rule === 'name words')!;
    expect(words.pairs).toBeGreaterThan(0);
    for (const b of r.blocking) expect(b.pairs).toBeLessThanOrEqual(10 * data.ids.length);
  }, 60_000);
});

describe('recall on the restaurants', () => {
  it('finds >= 90% of the true pairs at precision >= 0.95, the overlap of dependent fields counted once', async () => {
    const data = readCsvDataset(fixture('restaurants-nophone.csv'), null);
    const entity = data.columns.unique_id!.map((v) => String(v).replace(/'/g, ''));
    const r = await matchDatasets([data], { exclude: ['unique_id'] });
    const isTrue = (p: number) => entity[r.left[p]!] === entity[r.right[p]!];
    expect(recallAtPrecision(r, isTrue, 112)).toBeGreaterThanOrEqual(0.9);
    // Addresses and cities agree together among different restaurants far more often than chance.
    const column = (f: number) => r.settings.comparisons[f]!.column;
    expect(r.model.dependence!.some((d) => [column(d.a), column(d.b)].sort().join() === 'address,city')).toBe(true);
  }, 60_000);
});
