// The hash behind the engine's open-addressing tables over typed arrays (blocking.ts NumIndex,
// comparisons.ts PairMemo). Pure.

/** A 32-bit hash of an integer key below 2^53: its two 32-bit halves mixed. */
export function numHash(key: number): number {
  const lo = key >>> 0;
  const hi = (key / 4294967296) >>> 0;
  const h = Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1);
  return h ^ (h >>> 15);
}
