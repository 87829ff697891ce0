// Comparing candidate pairs, optionally spread over worker threads. (Single-thread for now.)
import type { PreparedTable } from './prepare.ts';
import type { Settings } from './settings.ts';
import { comparatorsOf } from './match.ts';

export async function compareInParallel(table: PreparedTable, settings: Settings, left: Int32Array, right: Int32Array, count: number, _workers: number): Promise<Uint8Array> {
  const comparators = comparatorsOf(table, settings);
  const F = comparators.length;
  const gamma = new Uint8Array(count * F);
  comparePairs(comparators, left, right, 0, count, gamma);
  return gamma;
}

export function comparePairs(comparators: readonly ((a: number, b: number) => number)[], left: Int32Array, right: Int32Array, from: number, to: number, gamma: Uint8Array, offset = 0) {
  const F = comparators.length;
  for (let p = from; p < to; p++) {
    const a = left[p]!;
    const b = right[p]!;
    const base = (p - offset) * F;
    for (let f = 0; f < F; f++) gamma[base + f] = comparators[f]!(a, b);
  }
}
