// Clustering: components over pairs above the threshold, without weak chains gluing groups.
import { describe, expect, it } from 'vitest';
import { clusterPairs } from './cluster.ts';

const run = (n: number, edges: Array<[number, number, number]>, looseSize = 3, more: { split?: number; maxImplied?: number } = {}) =>
  clusterPairs(n, Int32Array.from(edges.map((e) => e[0])), Int32Array.from(edges.map((e) => e[1])), edges.map((e) => e[2]), edges.length, { threshold: 0.5, looseSize, strongThreshold: 0.99, ...more });
const impliedOf = (c: ReturnType<typeof run>) => Array.from({ length: c.implied.count }, (_, i) => [c.implied.left[i]!, c.implied.right[i]!, c.implied.joinedBy[i]!]);

describe('clustering', () => {
  it('joins records connected above the threshold and leaves the rest alone', () => {
    const c = run(5, [[0, 1, 0.9], [1, 2, 0.8], [3, 4, 0.4]]);
    expect([...c.clusterOf]).toEqual([0, 0, 0, 3, 4]);
  });

  it('refuses a weak link that would glue two groups into a large component', () => {
    // Two tight triangles joined by one 0.6 edge: the chain is refused, strong edges still join.
    const c = run(6, [[0, 1, 0.999], [1, 2, 0.999], [0, 2, 0.999], [3, 4, 0.999], [4, 5, 0.999], [3, 5, 0.999], [2, 3, 0.6]]);
    expect([...c.clusterOf]).toEqual([0, 0, 0, 3, 3, 3]);
    expect(c.refusedJoins).toBe(1);
    expect(c.largest).toBe(3);
  });

  it('joins large components on strong edges', () => {
    const c = run(6, [[0, 1, 0.999], [1, 2, 0.999], [3, 4, 0.999], [4, 5, 0.999], [2, 3, 0.995]]);
    expect(new Set(c.clusterOf).size).toBe(1);
  });

  it('remembers the join behind every pair of a cluster and gives the pairs no rule made', () => {
    // 0-1 and 1-2 are candidates, 0-2 is not; 3-4 stays apart (below the threshold).
    const c = run(5, [[0, 1, 0.99], [1, 2, 0.9], [3, 4, 0.4], [0, 3, 0.45]], 8, { maxImplied: 10 });
    expect([...c.joinedBy]).toEqual([0, 1, -1, -1]);
    expect(c.joins.count).toBe(2);
    expect([...c.joins.pair.subarray(0, 2)]).toEqual([0, 1]);
    // Joining {0, 1} and {2}: the one candidate across is 1-2.
    expect(c.joins.support[1]).toBeCloseTo(0.9, 6);
    expect(impliedOf(c)).toEqual([[0, 2, 1]]);
    // No budget, no implied pairs; the joins are still remembered.
    const none = run(5, [[0, 1, 0.99], [1, 2, 0.9]], 8);
    expect(none.implied.count).toBe(0);
    expect([...none.joinedBy]).toEqual([0, 1]);
  });

  it('implies only pairs across the two inputs when linking, and support is the mean across a join', () => {
    // Inputs: records 0-1 and 2-3. Joining {0, 2} and {1, 3} through 0-3 (0.9) with 1-2 (0.6) also across.
    const c = run(4, [[0, 2, 0.99], [1, 3, 0.98], [0, 3, 0.9], [1, 2, 0.6]], 8, { split: 2, maxImplied: 10 });
    expect(new Set(c.clusterOf).size).toBe(1);
    // Joins: 0-2, 1-3, then 0-3 (join 2) with 1-2 across it.
    expect(c.joinedBy[3]).toBe(2);
    expect(c.joins.pair[2]).toBe(2);
    expect(c.joins.support[2]).toBeCloseTo(0.75, 6);
    // 0-1 and 2-3 lie within one input; 0-3 and 1-2 were candidates: nothing to imply.
    expect(impliedOf(c)).toEqual([]);
    const d = run(4, [[0, 2, 0.99], [1, 3, 0.98], [0, 3, 0.9]], 8, { split: 2, maxImplied: 10 });
    expect(impliedOf(d)).toEqual([[1, 2, 2]]);
  });
});
