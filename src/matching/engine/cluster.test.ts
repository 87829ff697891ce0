// Clustering: components over pairs above the threshold, without weak chains gluing groups.
import { describe, expect, it } from 'vitest';
import { clusterPairs } from './cluster.ts';

const run = (n: number, edges: Array<[number, number, number]>, looseSize = 3) =>
  clusterPairs(n, Int32Array.from(edges.map((e) => e[0])), Int32Array.from(edges.map((e) => e[1])), edges.map((e) => e[2]), edges.length, { threshold: 0.5, looseSize, strongThreshold: 0.99 });

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
});
