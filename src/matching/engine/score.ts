// Match weights: log2(m/u) per field level, the prior's log-odds, and term-frequency adjustment on
// exact agreement (log2(uExact / tf(value)): a shared rare surname weighs more than "smith").
// scorePairs() gives every candidate pair's probability; explainPair() its readable waterfall.
import type { Model } from './model.ts';
import type { PreparedTable } from './prepare.ts';

const log2 = Math.log2;
// A tf adjustment is bounded: one very rare typo value must not outvote every other field.
const MAX_TF_BONUS = 8;

/** Per field and level, the weight log2(m/u); level 0 (missing) is always 0. */
export function levelWeights(model: Model): number[][] {
  return model.fields.map((f) => f.m.map((m, l) => (l === 0 ? 0 : log2(Math.max(m, 1e-12) / Math.max(f.u[l]!, 1e-12)))));
}

export const priorWeight = (model: Model) => log2(model.prior / (1 - model.prior));

/** Term frequency of each distinct value of each field (null when the field is not adjusted). */
export function termFrequencies(model: Model, table: PreparedTable): (Float64Array | null)[] {
  return model.fields.map((fm, f) => {
    if (!fm.termFrequency) return null;
    const field = table.fields[f]!;
    let present = 0;
    for (const c of field.counts) present += c;
    return Float64Array.from(field.counts, (c) => c / Math.max(1, present));
  });
}

function tfBonusOf(model: Model, freq: Float64Array, f: number, id: number): number {
  return Math.max(-MAX_TF_BONUS, Math.min(MAX_TF_BONUS, log2(model.fields[f]!.uExact / Math.max(freq[id]!, 1e-12))));
}

function tfBonus(model: Model, tf: (Float64Array | null)[], table: PreparedTable, f: number, a: number): number {
  const freq = tf[f];
  return freq ? tfBonusOf(model, freq, f, table.fields[f]!.ids[a]!) : 0;
}

export const probabilityOf = (weight: number) => 1 / (1 + 2 ** -weight);

/** Match weight of every pair (pair-major gamma: gamma[p * F + f]). */
export function scorePairs(model: Model, table: PreparedTable, gamma: Uint8Array, left: Int32Array, count: number): Float64Array {
  const F = model.fields.length;
  const weights = levelWeights(model);
  const tf = termFrequencies(model, table);
  // The term-frequency bonus of each distinct value, once.
  const bonus = tf.map((freq, f) => (freq ? Float64Array.from(freq, (_, id) => tfBonusOf(model, freq, f, id)) : null));
  const prior = priorWeight(model);
  const out = new Float64Array(count);
  for (let p = 0; p < count; p++) {
    let w = prior;
    for (let f = 0; f < F; f++) {
      const l = gamma[p * F + f]!;
      w += weights[f]![l]!;
      if (l === 1) {
        const b = bonus[f];
        if (b) w += b[table.fields[f]!.ids[left[p]!]!]!;
      }
    }
    out[p] = w;
  }
  return out;
}

export interface WaterfallStep {
  column: string;
  level: string;
  m: number | null;
  u: number | null;
  /** log2(m/u): positive pushes toward a match. */
  weight: number;
  termFrequencyAdjustment: number;
}

export interface Explanation {
  priorWeight: number;
  steps: WaterfallStep[];
  matchWeight: number;
  matchProbability: number;
}

/** The contribution of every field to one pair's score, in the order of the settings. */
export function explainPair(model: Model, table: PreparedTable, levels: ArrayLike<number>, a: number): Explanation {
  const weights = levelWeights(model);
  const tf = termFrequencies(model, table);
  const prior = priorWeight(model);
  let total = prior;
  const steps = model.fields.map((fm, f) => {
    const l = levels[f]!;
    const adj = l === 1 ? tfBonus(model, tf, table, f, a) : 0;
    total += weights[f]![l]! + adj;
    return { column: fm.column, level: fm.levels[l]!, m: l === 0 ? null : fm.m[l]!, u: l === 0 ? null : fm.u[l]!, weight: weights[f]![l]!, termFrequencyAdjustment: adj };
  });
  return { priorWeight: prior, steps, matchWeight: total, matchProbability: probabilityOf(total) };
}

/** A waterfall as text lines a person can read. */
export function formatExplanation(e: Explanation): string[] {
  const fmt = (w: number) => (w >= 0 ? '+' : '') + w.toFixed(2);
  const lines = [`prior                     ${fmt(e.priorWeight)}`];
  for (const s of e.steps) {
    const tf = s.termFrequencyAdjustment ? ` (term frequency ${fmt(s.termFrequencyAdjustment)})` : '';
    lines.push(`${s.column.padEnd(18)} ${s.level.padEnd(28)} ${fmt(s.weight + s.termFrequencyAdjustment)}${tf}`);
  }
  lines.push(`match weight ${fmt(e.matchWeight)}  probability ${e.matchProbability.toFixed(4)}`);
  return lines;
}
