// Clustering: connected components over pairs at or above the threshold, built strongest edge
// first (union-find). Chains that would glue unrelated people together are guarded: once a
// component would grow past `looseSize` records, a join needs an edge of at least
// `strongThreshold`. A component never grows on weak links alone.

export interface ClusterOptions {
  threshold: number;
  looseSize: number;
  strongThreshold: number;
}

export interface Clusters {
  /** Per record, the index of its cluster's representative (smallest record index). */
  clusterOf: Int32Array;
  /** Joins refused because they would have made a large component on a weak edge. */
  refusedJoins: number;
  largest: number;
}

export function clusterPairs(n: number, left: Int32Array, right: Int32Array, probability: ArrayLike<number>, count: number, options: ClusterOptions): Clusters {
  const parent = new Int32Array(n);
  const size = new Int32Array(n).fill(1);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (x: number) => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  const order: number[] = [];
  for (let p = 0; p < count; p++) if (probability[p]! >= options.threshold) order.push(p);
  order.sort((x, y) => probability[y]! - probability[x]!);
  let refused = 0;
  for (const p of order) {
    const a = find(left[p]!);
    const b = find(right[p]!);
    if (a === b) continue;
    if (size[a]! + size[b]! > options.looseSize && probability[p]! < options.strongThreshold) {
      refused++;
      continue;
    }
    const [big, small] = size[a]! >= size[b]! ? [a, b] : [b, a];
    parent[small] = big;
    size[big]! += size[small]!;
  }
  // Representative = smallest member index, so cluster ids are stable across runs.
  const rep = new Int32Array(n).fill(-1);
  const clusterOf = new Int32Array(n);
  let largest = 1;
  for (let i = 0; i < n; i++) {
    const root = find(i);
    if (rep[root] === -1) rep[root] = i;
    clusterOf[i] = rep[root]!;
    if (size[root]! > largest) largest = size[root]!;
  }
  return { clusterOf, refusedJoins: refused, largest };
}
