// String similarity metrics used by the comparisons: Jaro, Jaro–Winkler, Levenshtein (bounded) and
// token-set similarity. Plain functions on already-normalised strings; all return values in 0..1
// except levenshtein, which counts edits. Written for speed: they run millions of times per job.

let flagsA = new Uint8Array(64);
let flagsB = new Uint8Array(64);

/** Jaro similarity (Jaro 1989): matching characters within a window, penalised by transpositions. */
export function jaro(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  const window = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  // Flags in two reused buffers: no allocation per call (this runs millions of times).
  if (la > flagsA.length || lb > flagsB.length) {
    flagsA = new Uint8Array(Math.max(la, flagsA.length * 2));
    flagsB = new Uint8Array(Math.max(lb, flagsB.length * 2));
  }
  const matchedA = flagsA;
  const matchedB = flagsB;
  matchedA.fill(0, 0, la);
  matchedB.fill(0, 0, lb);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(i + window + 1, lb);
    const c = a.charCodeAt(i);
    for (let j = lo; j < hi; j++) {
      if (matchedB[j] === 0 && b.charCodeAt(j) === c) {
        matchedA[i] = 1;
        matchedB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let t = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (matchedA[i] === 0) continue;
    while (matchedB[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) t++;
    k++;
  }
  return (matches / la + matches / lb + (matches - t / 2) / matches) / 3;
}

/**
 * Is Jaro–Winkler at least `threshold`? Answers from the lengths alone when they already rule it
 * out (Jaro <= (2 + shorter/longer) / 3, and the prefix can add at most 0.4 of the rest).
 */
export function jaroWinklerAtLeast(a: string, b: string, threshold: number): boolean {
  return jaroWinklerAbove(a, b, threshold) >= threshold;
}

/**
 * Jaro–Winkler of a and b when the lengths and shared letters leave it a chance to reach
 * `threshold`, else 0 (and 0 for an empty string): one Jaro at most, for callers that only ask
 * which of some thresholds (all at least `threshold`) it reaches.
 */
export function jaroWinklerAbove(a: string, b: string, threshold: number): number {
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  // Without a common first letter there is no Winkler boost.
  const boost = a.charCodeAt(0) === b.charCodeAt(0);
  // First from the lengths alone: Jaro's matches are at most the shorter length.
  const short = la < lb ? la : lb;
  const lengthBound = (short / la + short / lb + 1) / 3;
  if ((boost ? lengthBound + 0.4 * (1 - lengthBound) : lengthBound) < threshold) return 0;
  // Then the characters the two strings share (as multisets): at most that many matches.
  let common = 0;
  for (let i = 0; i < la; i++) bag[a.charCodeAt(i) & 127]!++;
  for (let i = 0; i < lb; i++) {
    const c = b.charCodeAt(i) & 127;
    if (bag[c]! > 0) {
      bag[c]!--;
      common++;
    }
  }
  for (let i = 0; i < la; i++) bag[a.charCodeAt(i) & 127] = 0;
  const bound = (common / la + common / lb + 1) / 3;
  const best = boost ? bound + 0.4 * (1 - bound) : bound;
  if (best < threshold) return 0;
  return jaroWinkler(a, b);
}
const bag = new Int32Array(128);

/** Jaro–Winkler (Winkler 1990): Jaro boosted by the common prefix (up to 4 characters, p = 0.1). */
export function jaroWinkler(a: string, b: string, prefixScale = 0.1): number {
  const j = jaro(a, b);
  if (j === 0 || j === 1) return j;
  let prefix = 0;
  const max = Math.min(4, a.length, b.length);
  while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return j + prefix * prefixScale * (1 - j);
}

let rowA = new Uint32Array(64);
let rowB = new Uint32Array(64);

/**
 * Levenshtein edit distance. With `max`, stops early and returns max + 1 once the distance is known
 * to exceed it: the comparisons only ask "within 1?" or "within 2?".
 */
export function levenshtein(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  let la = a.length;
  let lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  if (max === 1) return withinOneEdit(a, b) ? 1 : 2;
  // Common prefix and suffix cost nothing.
  let start = 0;
  while (start < la && start < lb && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  while (la > start && lb > start && a.charCodeAt(la - 1) === b.charCodeAt(lb - 1)) {
    la--;
    lb--;
  }
  if (la === start) return Math.min(lb - start, max + 1);
  if (lb === start) return Math.min(la - start, max + 1);
  const n = lb - start;
  if (n + 1 > rowA.length) {
    rowA = new Uint32Array(2 * (n + 1));
    rowB = new Uint32Array(2 * (n + 1));
  }
  let prev = rowA;
  let cur = rowB;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = start; i < la; i++) {
    cur[0] = i - start + 1;
    let rowMin = cur[0]!;
    const c = a.charCodeAt(i);
    for (let j = 1; j <= n; j++) {
      const cost = b.charCodeAt(start + j - 1) === c ? 0 : 1;
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev;
    prev = cur;
    cur = t;
  }
  const d = prev[n]!;
  return d > max ? max + 1 : d;
}

/** True when a and b differ by exactly one insertion, deletion or substitution (linear time). */
function withinOneEdit(a: string, b: string): boolean {
  if (a.length < b.length) [a, b] = [b, a];
  const la = a.length;
  const lb = b.length;
  let i = 0;
  while (i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  // After the first difference the rest must agree, shifted by one when lengths differ.
  const shift = la === lb ? 1 : 0;
  for (let j = i + 1; j < la; j++) if (a.charCodeAt(j) !== b.charCodeAt(j - 1 + shift)) return false;
  return true;
}

/** Damerau-style check: true when b is a with exactly two adjacent characters swapped. */
export function isAdjacentTransposition(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false;
  let i = 0;
  while (i < a.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (!(i + 1 < a.length && a.charCodeAt(i) === b.charCodeAt(i + 1) && a.charCodeAt(i + 1) === b.charCodeAt(i))) return false;
  for (let j = i + 2; j < a.length; j++) if (a.charCodeAt(j) !== b.charCodeAt(j)) return false;
  return true;
}

let usedWords = new Uint8Array(32);

/**
 * Token-set similarity for company names and addresses: tokens of each side are matched greedily to
 * their best Jaro–Winkler partner (>= 0.9 counts, so "stret" meets "street"), and the score is the
 * matched share of the smaller set, averaged with the share of the larger one. Word order and
 * repeated words do not matter; "pridhamstreet" vs "pridham street" is handled by the caller
 * comparing the concatenated forms too.
 */
export function tokenSetSimilarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 1 : 0;
  if (b.length > usedWords.length) usedWords = new Uint8Array(2 * b.length);
  const used = usedWords;
  used.fill(0, 0, b.length);
  let matched = 0;
  for (const ta of a) {
    let best = -1;
    let bestScore = 0.9;
    for (let j = 0; j < b.length; j++) {
      if (used[j]) continue;
      const tb = b[j]!;
      const s = ta === tb ? 1 : jaroWinklerAbove(ta, tb, 0.9);
      if (s >= bestScore) {
        bestScore = s;
        best = j;
        if (s === 1) break;
      }
    }
    if (best >= 0) {
      used[best] = 1;
      matched++;
    }
  }
  const small = Math.min(a.length, b.length);
  const large = Math.max(a.length, b.length);
  return (matched / small + matched / large) / 2;
}
