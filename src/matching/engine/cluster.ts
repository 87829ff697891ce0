// Clustering: connected components over pairs at or above the threshold, built strongest edge
// first (union-find), with two guards against chains that glue unrelated people together:
// - a join must be supported: the candidate pairs between the two groups (pairs never compared
//   count as no evidence) must have a mean probability at or above the threshold, so one strong
//   look-alike edge cannot pull in a record the rest of the group disagrees with;
// - once a component would grow past `looseSize` records, a join needs an edge of at least
//   `strongThreshold`.
// Every join is remembered (`joins`: the pair whose edge joined two groups, and the mean probability
// of the candidate pairs across them); each candidate pair knows the join that put its records in
// one cluster (`joinedBy`), and the pairs across a join that blocking never made come out as
// `implied` pairs, so a pair the clusters call one entity can carry that evidence (match.ts).

export interface ClusterOptions {
  threshold: number;
  looseSize: number;
  strongThreshold: number;
  /** Records of input 0 are 0..split-1 (linkage: implied pairs cross the inputs); n for dedupe. */
  split?: number;
  /** At most this many implied pairs (the strongest joins first); 0 = none. */
  maxImplied?: number;
}

/** Pairs of records in one cluster that were never candidates, with the join that put them there. */
export interface ImpliedPairs {
  left: Int32Array;
  right: Int32Array;
  joinedBy: Int32Array;
  count: number;
}

export interface Clusters {
  /** Per record, the index of its cluster's representative (smallest record index). */
  clusterOf: Int32Array;
  /** Joins refused by either guard. */
  refusedJoins: number;
  largest: number;
  /** Per candidate pair, the join (index into `joins`) that put its two records in one cluster; -1: none. */
  joinedBy: Int32Array;
  /** Per join, in the order made: the pair whose edge joined two groups and the mean probability of the candidate pairs across them. */
  joins: { pair: Int32Array; support: Float32Array; count: number };
  implied: ImpliedPairs;
}

export function clusterPairs(n: number, left: Int32Array, right: Int32Array, probability: ArrayLike<number>, count: number, options: ClusterOptions): Clusters {
  // Candidate pairs of each record (CSR), to weigh the evidence between two groups.
  const degree = new Int32Array(n + 1);
  for (let p = 0; p < count; p++) {
    degree[left[p]! + 1]!++;
    degree[right[p]! + 1]!++;
  }
  for (let i = 0; i < n; i++) degree[i + 1]! += degree[i]!;
  const fill = degree.slice(0, n);
  const neighbour = new Int32Array(2 * count);
  const edge = new Int32Array(2 * count);
  for (let p = 0; p < count; p++) {
    const a = left[p]!;
    const b = right[p]!;
    neighbour[fill[a]!] = b;
    edge[fill[a]!++] = p;
    neighbour[fill[b]!] = a;
    edge[fill[b]!++] = p;
  }

  const parent = new Int32Array(n);
  const size = new Int32Array(n).fill(1);
  // Members of each component as a linked list: head at the root, `next` chains the rest.
  const next = new Int32Array(n).fill(-1);
  const tail = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    parent[i] = i;
    tail[i] = i;
  }
  const find = (x: number) => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  /** Mean probability of the candidate pairs between components a and b. */
  const support = (a: number, b: number) => {
    const [small, other] = size[a]! <= size[b]! ? [a, b] : [b, a];
    let sum = 0;
    let k = 0;
    for (let r = small; r !== -1; r = next[r]!) {
      for (let j = degree[r]!; j < degree[r + 1]!; j++) {
        if (find(neighbour[j]!) === other) {
          sum += probability[edge[j]!]!;
          k++;
        }
      }
    }
    return k === 0 ? 0 : sum / k;
  };

  const order: number[] = [];
  for (let p = 0; p < count; p++) if (probability[p]! >= options.threshold) order.push(p);
  order.sort((x, y) => probability[y]! - probability[x]!);
  let refused = 0;
  const joinedBy = new Int32Array(count).fill(-1);
  // At most n - 1 joins.
  const joins = { pair: new Int32Array(Math.max(0, n - 1)), support: new Float32Array(Math.max(0, n - 1)), count: 0 };
  const split = options.split ?? n;
  const maxImplied = options.maxImplied ?? 0;
  const implied = { left: new Int32Array(Math.min(maxImplied, 1024)), right: new Int32Array(Math.min(maxImplied, 1024)), joinedBy: new Int32Array(Math.min(maxImplied, 1024)), count: 0 };
  // stamp[y] === x + 1: y is a candidate partner of x (seen while marking x's pairs).
  const stamp = new Int32Array(n);
  /** Records join p: marks the candidate pairs across it and collects the pairs across it no rule made. */
  const remember = (a: number, b: number, p: number) => {
    const join = joins.count++;
    joins.pair[join] = p;
    let sum = 0;
    let across = 0;
    for (let x = a; x !== -1; x = next[x]!) {
      for (let j = degree[x]!; j < degree[x + 1]!; j++) {
        if (find(neighbour[j]!) === b) {
          joinedBy[edge[j]!] = join;
          stamp[neighbour[j]!] = x + 1;
          sum += probability[edge[j]!]!;
          across++;
        }
      }
      if (implied.count >= maxImplied) continue;
      for (let y = b; y !== -1; y = next[y]!) {
        if (stamp[y] === x + 1) continue;
        const [l, r] = x < y ? [x, y] : [y, x];
        if (split < n && (l >= split || r < split)) continue;
        if (implied.count >= maxImplied) break;
        if (implied.count === implied.left.length) {
          const grow = (old: Int32Array) => {
            const bigger = new Int32Array(Math.min(maxImplied, old.length * 2));
            bigger.set(old);
            return bigger;
          };
          implied.left = grow(implied.left);
          implied.right = grow(implied.right);
          implied.joinedBy = grow(implied.joinedBy);
        }
        implied.left[implied.count] = l;
        implied.right[implied.count] = r;
        implied.joinedBy[implied.count++] = join;
      }
    }
    joins.support[join] = sum / across;
  };
  for (const p of order) {
    const a = find(left[p]!);
    const b = find(right[p]!);
    if (a === b) continue;
    const joined = size[a]! + size[b]!;
    if ((joined > options.looseSize && probability[p]! < options.strongThreshold) || (joined > 2 && support(a, b) < options.threshold)) {
      refused++;
      continue;
    }
    const [big, small] = size[a]! >= size[b]! ? [a, b] : [b, a];
    remember(small, big, p);
    parent[small] = big;
    size[big]! += size[small]!;
    // The small list goes after the big one's last member (its head is the root itself).
    next[tail[big]!] = small;
    tail[big] = tail[small]!;
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
  return { clusterOf, refusedJoins: refused, largest, joinedBy, joins, implied };
}
