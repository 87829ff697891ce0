import { describe, expect, it } from 'vitest';
import { autoConfigure } from './auto-config.ts';
import { candidatePairs, ruleBlocks } from './blocking.ts';
import { AUTO_THREADS_FROM_ON_MORE_CORES, AUTO_THREADS_FROM_ON_TWO_CORES, jobThreads, matchDatasets, prepareTable } from './match.ts';
import { ComparePool } from './parallel.ts';
import { parseSettings } from './settings.ts';
import { syntheticPeople } from './synthetic.ts';
import { bundledEntry } from './worker-bundle.ts';

// The threads share out interning, blocks and comparisons: whatever thread did what, the job's
// results must be those of one thread alone.
describe('work shared with worker threads', () => {
  const { dataset } = syntheticPeople(6_000, 11);
  const columns = Object.keys(dataset.columns);
  const settings = parseSettings(autoConfigure(columns, (c) => dataset.columns[c]!.slice(0, 500), [], dataset.ids.length));

  it('prepares the same columns and blocks as one thread', async () => {
    const alone = prepareTable([dataset], settings);
    const pool = new ComparePool(2);
    try {
      // The worker is up before the work is shared out (which thread does what still depends on timing).
      expect(await pool.workersStarted()).toBe(1);
      const table = await pool.prepare([dataset], settings);
      expect([...table.byColumn.keys()]).toEqual([...alone.byColumn.keys()]);
      for (const [column, f] of alone.byColumn) {
        const g = table.byColumn.get(column)!;
        expect(g.kind).toBe(f.kind);
        expect(Array.from(g.ids)).toEqual(Array.from(f.ids));
        expect(g.values).toEqual(f.values);
        expect(Array.from(g.counts)).toEqual(Array.from(f.counts));
        expect(g.compact).toEqual(f.compact);
        expect(g.dm1).toEqual(f.dm1);
      }
      const blocks = await pool.ruleBlocks(table, settings.blocking, settings.maxBlockSize);
      settings.blocking.forEach((rule, r) => {
        const own = ruleBlocks(alone, rule);
        expect(blocks[r]!.count).toBe(own.count);
        expect(Array.from(blocks[r]!.ids)).toEqual(Array.from(own.ids));
        expect(blocks[r]!.start ? Array.from(blocks[r]!.start!) : null).toEqual(own.start ? Array.from(own.start) : null);
      });
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('starts workers from one bundle of their code, built once', async () => {
    const entry = new URL('./parallel.ts', import.meta.url).href;
    const bundle = bundledEntry(entry);
    expect(bundle).toMatch(/^file:.*\.mjs$/);
    expect(bundledEntry(entry)).toBe(bundle);
    const pool = new ComparePool(2);
    try {
      expect(await pool.workersStarted()).toBe(1);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('tells how many pairs are compared, once per slice, on this thread alone or with workers', async () => {
    for (const workers of [1, 2]) {
      const pool = new ComparePool(workers);
      try {
        await pool.workersStarted();
        const table = await pool.prepare([dataset], settings);
        const blocks = await pool.ruleBlocks(table, settings.blocking, settings.maxBlockSize);
        const pairs = candidatePairs(table, settings.blocking, settings.maxBlockSize, blocks);
        expect(pairs.count).toBeGreaterThan(50_000);
        const heard: number[] = [];
        const gamma = new Uint8Array(pairs.count * table.fields.length);
        const ahead = await pool.compareAhead(pairs.left, pairs.right, pairs.count, gamma, (done, of) => {
          expect(of).toBe(pairs.count);
          heard.push(done);
        });
        await ahead.finish();
        // Slices of 16,384 pairs with a worker; runs of 2^20 on this thread alone.
        expect(heard.length).toBe(Math.ceil(pairs.count / (workers === 1 ? 2 ** 20 : 16_384)));
        expect(heard.every((d, i) => i === 0 || d > heard[i - 1]!)).toBe(true);
        expect(heard.at(-1)).toBe(pairs.count);
      } finally {
        await pool.close();
      }
    }
  }, 60_000);

  it('matches exactly as one thread does', async () => {
    const one = await matchDatasets([dataset], { workers: 1 });
    const two = await matchDatasets([dataset], { workers: 2 });
    expect(two.count).toBe(one.count);
    expect(two.count).toBeGreaterThan(10_000);
    expect(Array.from(two.left)).toEqual(Array.from(one.left));
    expect(Array.from(two.right)).toEqual(Array.from(one.right));
    expect(Buffer.from(two.gamma).equals(Buffer.from(one.gamma))).toBe(true);
    expect(Array.from(two.weight)).toEqual(Array.from(one.weight));
    expect(Array.from(two.clusters.clusterOf)).toEqual(Array.from(one.clusters.clusterOf));
    expect(two.blocking).toEqual(one.blocking);
    expect(two.model).toEqual(one.model);
  }, 120_000);
});

describe('threads a job runs on', () => {
  it('as asked from a few thousand records; one by default', () => {
    expect(jobThreads(1_000, 2, 2)).toBe(1);
    expect(jobThreads(6_000, 2, 2)).toBe(2);
    expect(jobThreads(6_000, 3, 8)).toBe(3);
    expect(jobThreads(1_000_000, undefined, 8)).toBe(1);
  });

  it("'auto': on two cores only from the size where a second thread pays; more cores share smaller jobs", () => {
    expect(jobThreads(100_000, 'auto', 2)).toBe(1);
    expect(jobThreads(AUTO_THREADS_FROM_ON_TWO_CORES - 1, 'auto', 2)).toBe(1);
    expect(jobThreads(AUTO_THREADS_FROM_ON_TWO_CORES, 'auto', 2)).toBe(2);
    expect(jobThreads(1_000_000, 'auto', 1)).toBe(1);
    expect(jobThreads(AUTO_THREADS_FROM_ON_MORE_CORES, 'auto', 8)).toBe(4);
    expect(jobThreads(AUTO_THREADS_FROM_ON_MORE_CORES, 'auto', 3)).toBe(3);
    expect(jobThreads(AUTO_THREADS_FROM_ON_MORE_CORES - 1, 'auto', 8)).toBe(1);
  });
});
