// Pairwise precision, recall and F1 of predicted pairs against a known entity per record.

export interface PairScores {
  truePairs: number;
  predicted: number;
  truePositives: number;
  precision: number;
  recall: number;
  f1: number;
}

/** `entity[r]` is record r's true entity; linkage counts only pairs across the inputs (split). */
export function pairwiseScores(entity: readonly string[], split: number, pairs: Iterable<[number, number]>): PairScores {
  const link = split < entity.length;
  const bySide = [new Map<string, number>(), new Map<string, number>()];
  entity.forEach((e, r) => {
    const m = bySide[link && r >= split ? 1 : 0]!;
    m.set(e, (m.get(e) ?? 0) + 1);
  });
  let truePairs = 0;
  for (const [e, c] of bySide[0]!) truePairs += link ? c * (bySide[1]!.get(e) ?? 0) : (c * (c - 1)) / 2;
  let predicted = 0;
  let tp = 0;
  for (const [a, b] of pairs) {
    predicted++;
    if (entity[a] === entity[b]) tp++;
  }
  const precision = predicted ? tp / predicted : 1;
  const recall = truePairs ? tp / truePairs : 1;
  return { truePairs, predicted, truePositives: tp, precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}

/** Pairs of records that share a cluster (for cluster-level scores). */
export function* clusterPairsOf(clusterOf: Int32Array, split: number): Generator<[number, number]> {
  const link = split < clusterOf.length;
  const members = new Map<number, number[]>();
  clusterOf.forEach((c, r) => {
    const list = members.get(c);
    if (list) list.push(r);
    else members.set(c, [r]);
  });
  for (const list of members.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i]!;
        const b = list[j]!;
        if (!link || (a < split) !== (b < split)) yield [a, b];
      }
    }
  }
}

/**
 * The best recall reachable at `precision` or better over all thresholds: pairs taken from the
 * highest match weight down, a pair true when both records carry the same `entity` label.
 */
export function recallAtPrecision(
  r: { count: number; weight: ArrayLike<number>; left: ArrayLike<number>; right: ArrayLike<number> },
  entity: readonly string[], truePairs: number, precision = 0.95,
): number {
  const order = Array.from({ length: r.count }, (_, p) => p).sort((a, b) => r.weight[b]! - r.weight[a]!);
  let tp = 0;
  let best = 0;
  order.forEach((p, k) => {
    if (entity[r.left[p]!] === entity[r.right[p]!]) tp++;
    if (tp / (k + 1) >= precision) best = Math.max(best, tp / truePairs);
  });
  return best;
}
