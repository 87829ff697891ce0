// The Fellegi–Sunter model: per field and level, m = P(level | match) and u = P(level | non-match).
// u comes from the data without labels: exact agreement from value frequencies (sum of squared
// term frequencies, computed exactly) and the other levels from comparing random record pairs.
// m (and the share of matches among candidates) comes from expectation-maximisation over the
// candidate pairs' comparison patterns, with labelled pairs, when given, held at their known class.
import { LEVELS, type Comparator } from './comparisons.ts';
import type { PreparedField, PreparedTable } from './prepare.ts';
import type { TrainingSession } from './train.ts';

export interface FieldModel {
  column: string;
  levels: readonly string[];
  m: number[];
  u: number[];
  /** Apply term-frequency adjustment on exact agreement. */
  termFrequency: boolean;
  /** Sum of squared term frequencies = u of exact agreement (the average value's frequency). */
  uExact: number;
}

export interface Model {
  fields: FieldModel[];
  /** Prior probability that a random record pair matches. */
  prior: number;
  /** Share of matches among candidate pairs (EM's lambda). */
  candidateMatchShare: number;
  /** EM iterations over all training sessions. */
  emIterations: number;
  /** The EM training sessions that estimated m (absent for a model not trained here). */
  sessions?: TrainingSession[];
  /**
   * Fields that agree together among non-matches more often than chance (a postcode and a birth
   * place, an address and its postcode, a phone and an organisation's name): when both agree, the
   * weaker one's weight is reduced by `bits`, so the same evidence is not counted twice.
   */
  dependence?: Dependence[];
  /**
   * Levels of a field that say little beyond other fields when those agree: an e-mail address's
   * local part (the same name before the @ at another provider, alike, initial and name) is made of
   * the person's names, so where the names agree it weighs little (namesakes' addresses look alike
   * too), while its exact agreement (one mailbox) still counts; a phone line where the address or
   * postcode agrees (a household shares it).
   */
  derived?: Derived[];
}

export interface Derived {
  /** Field index (settings order). */
  field: number;
  /** Labels of the field's levels that the other fields already say. */
  levels: string[];
  /** Fields that say it: every one with a value on both sides agrees, and at least one has. */
  from: number[];
  /**
   * Per level label, the bits it loses where they agree: log2 of how much more often non-matches
   * on which they agree (the names; the address or postcode) show the level than random pairs.
   * Without it, all of its weight.
   */
  bits?: Record<string, number>;
  /** How the waterfall names the loss (default: 'made of the agreeing names'). */
  label?: string;
}

export interface Dependence {
  /** Field indices (settings order). */
  a: number;
  b: number;
  /** log2 of how much more often the two agree together among non-matches than if independent. */
  bits: number;
}

/** Does level l of field f count as agreement (m above u)? */
export const agrees = (m: readonly number[], u: readonly number[], l: number) => l > 0 && m[l]! > u[l]!;

/**
 * Dependence between fields among non-matches, from the random pairs' levels (pair-major): per
 * pair of fields (a, b) with a value on both sides, how often both agree against how often each
 * does. The random pairs hold some true matches, which agree together by nature, so each pair
 * counts as a non-match by how little the *other* fields say it matches (its probability of no
 * match from the prior and every field but a and b): a namesake pair, whose birth date, phone and
 * address differ, counts whole, a duplicate whose other fields agree hardly at all. The matches
 * that still leak through (those with little else to go on) are expected from m and taken out,
 * with two standard deviations of margin. Without the weighting, the matches a small file's random
 * pairs hold (or an overestimated prior) hide the dependence that makes namesakes look alike:
 * their e-mail addresses, made of their names. Pairs of fields seen agreeing together fewer than
 * three times, or less than 1.4 times as often as chance, are left independent.
 */
export function estimateDependence(gamma: Uint8Array, samples: number, m: readonly number[][], u: readonly number[][], prior: number): Dependence[] {
  const F = m.length;
  const mAgree = m.map((row, f) => row.reduce((s, v, l) => (agrees(row, u[f]!, l) ? s + v : s), 0));
  const w = m.map((row, f) => row.map((v, l) => (l === 0 ? 0 : Math.log2(Math.max(v, 1e-12) / Math.max(u[f]![l]!, 1e-12)))));
  const priorW = Math.log2(prior / (1 - prior));
  const ag = new Uint8Array(F);
  const present = new Uint8Array(F);
  const wf = new Float64Array(F);
  const inverse = new Float64Array(F);
  const presentCount = new Float64Array(F);
  // Per pair of fields: both present (as counted, and as non-matches), a agrees, b agrees, both agree.
  const seen = new Float64Array(F * F);
  const both = new Float64Array(F * F);
  const aAgree = new Float64Array(F * F);
  const bAgree = new Float64Array(F * F);
  const together = new Float64Array(F * F);
  // A pair's weighting depends only on its comparison pattern: each distinct pattern once, by its count.
  for (const [pattern, count] of patternCounts({ gamma, pairs: samples }, F)) {
    const levels = keyLevels(pattern, F);
    let total = priorW;
    let low1 = 0;
    let low2 = 0;
    for (let f = 0; f < F; f++) {
      const l = levels[f]!;
      present[f] = l > 0 ? 1 : 0;
      presentCount[f]! += present[f]! * count;
      ag[f] = agrees(m[f]!, u[f]!, l) ? 1 : 0;
      wf[f] = w[f]![l]!;
      total += wf[f]!;
      if (wf[f]! < low1) {
        low2 = low1;
        low1 = wf[f]!;
      } else if (wf[f]! < low2) low2 = wf[f]!;
    }
    // Most random pairs disagree on nearly everything: whichever two fields are set aside, the
    // rest leaves no doubt (a non-match to within 1e-6), and the weighting can be skipped.
    const sure = total - low1 - low2 < -20;
    // 2^(total - w_a - w_b) as a product of per-field powers, worked out once per pair of records.
    const odds = sure ? 0 : 2 ** total;
    if (!sure) for (let f = 0; f < F; f++) inverse[f] = 2 ** -wf[f]!;
    for (let a = 0; a < F; a++) {
      if (!present[a]) continue;
      for (let b = a + 1; b < F; b++) {
        if (!present[b]) continue;
        const k = a * F + b;
        const nm = count * (sure ? 1 : 1 / (1 + odds * inverse[a]! * inverse[b]!));
        seen[k]! += count;
        both[k]! += nm;
        aAgree[k]! += nm * ag[a]!;
        bAgree[k]! += nm * ag[b]!;
        together[k]! += nm * (ag[a]! & ag[b]!);
      }
    }
  }
  const rand = random(97);
  const draws = 2000;
  const out: Dependence[] = [];
  for (let a = 0; a < F; a++) {
    for (let b = a + 1; b < F; b++) {
      const k = a * F + b;
      const n = both[k]!;
      if (seen[k]! < 100) continue;
      // How much a match still counts as a non-match here, on average, when the other fields are
      // all it has: matches drawn from m (each other field present as often as in the sample).
      let leak = 0;
      for (let d = 0; d < draws; d++) {
        let rest = priorW;
        for (let f = 0; f < F; f++) {
          if (f === a || f === b || rand() * samples >= presentCount[f]!) continue;
          let x = rand();
          let l = 1;
          while (l < m[f]!.length - 1 && (x -= m[f]![l]!) >= 0) l++;
          rest += w[f]![l]!;
        }
        leak += 1 / (1 + 2 ** rest);
      }
      const matches = seen[k]! * prior * (leak / draws);
      const na = Math.max(0, aAgree[k]! - matches * mAgree[a]!);
      const nb = Math.max(0, bAgree[k]! - matches * mAgree[b]!);
      const matchedTogether = matches * mAgree[a]! * mAgree[b]!;
      const nab = Math.max(0, together[k]! - matchedTogether - 2 * Math.sqrt(matchedTogether));
      if (nab < 3) continue;
      const ratio = (nab + 1) / ((na * nb) / n + 1);
      if (ratio >= 1.4) out.push({ a, b, bits: Math.log2(ratio) });
    }
  }
  return out;
}

/**
 * A key for a pair's comparison pattern: a number while levels fit 4 bits and fields are at most
 * 13 (exact in a double), else a string.
 */
export function patternKeys(gamma: Uint8Array, pairs: number, F: number): (p: number) => number | string {
  if (F <= 13) {
    return (p) => {
      let k = 0;
      for (let f = 0; f < F; f++) k = k * 16 + gamma[p * F + f]!;
      return k;
    };
  }
  return (p) => String.fromCharCode(...gamma.subarray(p * F, p * F + F));
}

/** The levels of a pattern key back. */
export function keyLevels(key: number | string, F: number): number[] {
  if (typeof key === 'string') return [...key].map((c) => c.charCodeAt(0));
  const out = new Array<number>(F);
  for (let f = F - 1; f >= 0; f--) {
    out[f] = key % 16;
    key = Math.floor(key / 16);
  }
  return out;
}

/** Seeded PRNG (mulberry32): estimation is repeatable run to run. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** P(two random non-null values agree exactly) from the value counts of each side. */
export function exactAgreement(f: PreparedField, table: PreparedTable): number {
  const link = table.split < table.n;
  const left = new Float64Array(f.values.length);
  const right = new Float64Array(f.values.length);
  let nl = 0;
  let nr = 0;
  for (let r = 0; r < table.n; r++) {
    const id = f.ids[r]!;
    if (id < 0) continue;
    if (!link || r < table.split) {
      left[id]!++;
      nl++;
    } else {
      right[id]!++;
      nr++;
    }
  }
  // Half a pseudo-pair on top of the agreeing pairs counted: a column with a handful of values that
  // never repeat has not shown that agreement is rare (no +27-bit weight from five faxes), while a
  // column of 50,000 distinct emails keeps its strength.
  let sum = 0;
  if (link) {
    for (let v = 0; v < left.length; v++) sum += left[v]! * right[v]!;
    return (sum + 0.5) / (nl * nr + 1);
  }
  for (let v = 0; v < left.length; v++) sum += left[v]! * (left[v]! - 1);
  return (sum / 2 + 0.5) / ((nl * (nl - 1)) / 2 + 1);
}

/** `samples` random record pairs (seeded); across the inputs when linking. */
export function randomPairs(table: PreparedTable, samples: number, seed = 1): { left: Int32Array; right: Int32Array } {
  const link = table.split < table.n;
  const rand = random(seed);
  const nl = link ? table.split : table.n;
  const nr = link ? table.n - table.split : table.n;
  const left = new Int32Array(samples);
  const right = new Int32Array(samples);
  for (let s = 0; s < samples; s++) {
    const a = Math.floor(rand() * nl);
    let b = Math.floor(rand() * nr) + (link ? table.split : 0);
    if (!link && a === b) b = (b + 1) % table.n;
    left[s] = a;
    right[s] = b;
  }
  return { left, right };
}

/** u per level: exact from frequencies, the rest from the levels of random pairs. */
export function uFromLevels(table: PreparedTable, gamma: Uint8Array, samples: number): number[][] {
  const F = table.fields.length;
  return table.fields.map((field, f) => {
    const c = new Float64Array(LEVELS[field.kind].length);
    for (let s = 0; s < samples; s++) c[gamma[s * F + f]!]!++;
    const levels = c.length;
    const exact = exactAgreement(field, table);
    let rest = 0;
    for (let l = 2; l < levels; l++) rest += c[l]! + 0.5;
    const u = [1, Math.max(exact, 1e-9)];
    // Non-exact levels share what exact agreement leaves, in the sampled proportions.
    for (let l = 2; l < levels; l++) u.push(((c[l]! + 0.5) / rest) * (1 - exact));
    return u;
  });
}

/** u per level from `samples` random pairs compared on this thread. */
export function estimateU(table: PreparedTable, comparators: readonly Comparator[], samples: number, seed = 1): number[][] {
  const { left, right } = randomPairs(table, samples, seed);
  const F = comparators.length;
  const gamma = new Uint8Array(samples * F);
  for (let s = 0; s < samples; s++) for (let f = 0; f < F; f++) gamma[s * F + f] = comparators[f]!(left[s]!, right[s]!);
  return uFromLevels(table, gamma, samples);
}

export interface EmInput {
  /** Comparison levels, pair-major: gamma[p * fields + f]. */
  gamma: Uint8Array;
  pairs: number;
  /** Labelled pairs' levels (same layout) and their classes. */
  labelled?: { gamma: Uint8Array; match: boolean[] };
}

export interface EmOptions {
  /** Keep u at the random-sample values (training pairs from one blocking rule, Splink-style). */
  fixU?: boolean;
  /** Fields left out of this session (the ones its pairs were blocked on). */
  ignore?: readonly number[];
}

/** How many pairs show each comparison pattern (pair-major gamma), once for several estimates. */
export function patternCounts(input: EmInput, F: number): Map<number | string, number> {
  const key = patternKeys(input.gamma, input.pairs, F);
  const counts = new Map<number | string, number>();
  for (let p = 0; p < input.pairs; p++) {
    const k = key(p);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

/**
 * The share of matches among pairs with m and u held fixed: the fixed point of
 * lambda = mean posterior. Used for the prior once m is known; `loss` takes the bits a pattern
 * loses to dependent fields agreeing together.
 */
export function matchShare(counts: ReadonlyMap<number | string, number>, m: readonly number[][], u: readonly number[][], iterations = 100, loss?: ((levels: readonly number[]) => number) | null): number {
  const F = m.length;
  const bayes: Array<{ factor: number; count: number }> = [];
  let pairs = 0;
  for (const [k, count] of counts) {
    let factor = 1;
    const levels = keyLevels(k, F);
    levels.forEach((l, f) => {
      if (l > 0) factor *= Math.max(m[f]![l]!, 1e-12) / Math.max(u[f]![l]!, 1e-12);
    });
    if (loss) factor *= 2 ** -loss(levels);
    bayes.push({ factor, count });
    pairs += count;
  }
  let lambda = 0.1;
  for (let it = 0; it < iterations; it++) {
    const odds = lambda / (1 - lambda);
    let sum = 0;
    for (const { factor, count } of bayes) sum += (count * odds * factor) / (1 + odds * factor);
    const next = Math.min(0.999, Math.max(1e-9, sum / Math.max(1, pairs)));
    if (Math.abs(next - lambda) < 1e-7) return next;
    lambda = next;
  }
  return lambda;
}

/**
 * EM over distinct comparison patterns (thousands, not millions, of rows). m and the candidates'
 * own u are both estimated; the candidates' u is biased by blocking and only serves the E-step,
 * scoring uses the random-sample u.
 */
export function expectationMaximisation(input: EmInput, levelCounts: readonly number[], uRandom: readonly number[][], iterations: number, options: EmOptions = {}): { m: number[][]; lambda: number; iterations: number; observed: number[] } {
  const F = levelCounts.length;
  const ignored = new Set(options.ignore ?? []);
  const patterns = patternCounts(input, F);
  const rows: Array<{ levels: number[]; count: number; fixed: number }> = [];
  // Ignored fields (those the training pairs were blocked on) carry no evidence in this session.
  const levelsOf = (k: number | string) => keyLevels(k, F).map((l, f) => (ignored.has(f) ? 0 : l));
  for (const [k, count] of patterns) rows.push({ levels: levelsOf(k), count, fixed: -1 });
  if (input.labelled && input.labelled.match.length > 0) {
    // Labels weigh as much as half the unlabelled pairs, so a few hundred labels still matter.
    const w = Math.max(1, (0.5 * input.pairs) / input.labelled.match.length);
    const labelKey = patternKeys(input.labelled.gamma, input.labelled.match.length, F);
    input.labelled.match.forEach((isMatch, i) => rows.push({ levels: levelsOf(labelKey(i)), count: w, fixed: isMatch ? 1 : 0 }));
  }
  // Start: exact agreement likely among matches, disagreement rare.
  let m = levelCounts.map((L) => Array.from({ length: L }, (_, l) => (l === 0 ? 1 : l === L - 1 ? 0.05 : l === 1 ? 0.7 : 0.25 / Math.max(1, L - 3))));
  let u = uRandom.map((row) => [...row]);
  let lambda = 0.3;
  let it = 0;
  // Per field, the expected number of matching pairs with a value on both sides (last iteration).
  let observed = new Array<number>(F).fill(0);
  for (; it < iterations; it++) {
    const seen = new Array<number>(F).fill(0);
    const mNext = levelCounts.map((L) => new Float64Array(L).fill(0.01));
    const uNext = levelCounts.map((L) => new Float64Array(L).fill(0.01));
    let matched = 0;
    let total = 0;
    for (const row of rows) {
      let pm = lambda;
      let pu = 1 - lambda;
      for (let f = 0; f < F; f++) {
        const l = row.levels[f]!;
        if (l === 0) continue;
        pm *= m[f]![l]!;
        pu *= u[f]![l]!;
      }
      const post = row.fixed >= 0 ? row.fixed : pm / (pm + pu || 1);
      const wm = post * row.count;
      const wu = (1 - post) * row.count;
      if (row.fixed < 0) {
        matched += wm;
        total += row.count;
      }
      for (let f = 0; f < F; f++) {
        const l = row.levels[f]!;
        mNext[f]![l]! += wm;
        uNext[f]![l]! += wu;
        if (l > 0) seen[f]! += wm;
      }
    }
    observed = seen;
    const normalise = (rowsOf: Float64Array[]) => rowsOf.map((r) => {
      let s = 0;
      for (let l = 1; l < r.length; l++) s += r[l]!;
      return Array.from(r, (v, l) => (l === 0 ? 1 : v / s));
    });
    const mNew = normalise(mNext);
    // λ is held within [1e-6, 0.999]: a session whose pairs all match (blocked on a shared phone,
    // say) would otherwise never count as converged, pressing against the bound.
    const lambdaNew = total > 0 ? Math.min(0.999, Math.max(1e-6, matched / total)) : lambda;
    const change = Math.max(...mNew.map((r, f) => Math.max(...r.map((v, l) => Math.abs(v - m[f]![l]!)))), Math.abs(lambda - lambdaNew));
    m = mNew;
    if (!options.fixU) u = normalise(uNext);
    lambda = lambdaNew;
    if (change < 1e-5) break;
  }
  return { m, lambda, iterations: it, observed };
}
