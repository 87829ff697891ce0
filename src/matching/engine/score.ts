// Match weights: log2(m/u) per field level, the prior's log-odds, and term-frequency adjustment on
// exact agreement (log2(uExact / tf(value)): a shared rare surname weighs more than "smith").
// scorePairs() gives every candidate pair's probability; explainPair() its readable waterfall.
import { LEVELS } from './comparisons.ts';
import { agrees, type Model } from './model.ts';
import type { PreparedTable } from './prepare.ts';

const log2 = Math.log2;
// A tf adjustment is bounded: one very rare typo value must not outvote every other field.
const MAX_TF_BONUS = 8;

/** Per field and level, the weight log2(m/u); level 0 (missing) is always 0. */
export function levelWeights(model: Model): number[][] {
  return model.fields.map((f) => f.m.map((m, l) => (l === 0 ? 0 : log2(Math.max(m, 1e-12) / Math.max(f.u[l]!, 1e-12)))));
}

/** Per field and level: does it count as agreement (m above u)? */
const agreementLevels = (model: Model) => model.fields.map((f) => f.m.map((_, l) => agrees(f.m, f.u, l)));

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

/** The dependence bits of every pair of fields (F x F, symmetric), or null when all are independent. */
function dependenceMatrix(model: Model): Float64Array | null {
  const deps = model.dependence ?? [];
  if (deps.length === 0) return null;
  const F = model.fields.length;
  const d = new Float64Array(F * F);
  for (const { a, b, bits } of deps) {
    d[a * F + b] = bits;
    d[b * F + a] = bits;
  }
  return d;
}

interface DerivedRule {
  field: number;
  /** 1 at the field's levels the `from` fields say already. */
  levels: Uint8Array;
  from: number[];
  /** Bits lost per level (Infinity: all of its weight). */
  bits: Float64Array;
  /** The waterfall's name for the loss. */
  label: string;
}

function derivedRules(model: Model): DerivedRule[] {
  return (model.derived ?? []).map((d) => {
    const labels = model.fields[d.field]!.levels;
    return {
      field: d.field, from: d.from,
      levels: Uint8Array.from(labels, (label) => (d.levels.includes(label) ? 1 : 0)),
      bits: Float64Array.from(labels, (label) => (d.bits ? d.bits[label] ?? 0 : Infinity)),
      label: d.label ?? 'made of the agreeing names',
    };
  });
}

/** Does rule r hold in a pair (its field at one of its levels, every `from` field present agreeing, one at least)? */
function derivedHolds(r: DerivedRule, level: (f: number) => number, weights: number[][], agree: boolean[][]): boolean {
  if (!r.levels[level(r.field)]) return false;
  let any = false;
  for (const g of r.from) {
    const l = level(g);
    if (l === 0) continue;
    if (!(agree[g]![l] && weights[g]![l]! > 0)) return false;
    any = true;
  }
  return any;
}

/**
 * Overlap of dependent fields in one pair: the agreeing fields from the strongest contribution
 * down, each losing the largest dependence bits it has with a stronger agreeing field (never more
 * than its own contribution), so two fields that say the same thing count about once and a pair
 * keeps at least its strongest field's weight. Calls back with (field, partner, bits lost).
 */
function overlap(F: number, dep: Float64Array, contribution: Float64Array, agreeing: Int32Array, k: number, lost: (f: number, partner: number, bits: number) => void): number {
  // Insertion sort by contribution, strongest first (k is the number of agreeing fields, small).
  for (let i = 1; i < k; i++) {
    const f = agreeing[i]!;
    let j = i - 1;
    while (j >= 0 && contribution[agreeing[j]!]! < contribution[f]!) {
      agreeing[j + 1] = agreeing[j]!;
      j--;
    }
    agreeing[j + 1] = f;
  }
  let total = 0;
  for (let i = 1; i < k; i++) {
    const g = agreeing[i]!;
    let bits = 0;
    let partner = -1;
    for (let j = 0; j < i; j++) {
      const d = dep[g * F + agreeing[j]!]!;
      if (d > bits) {
        bits = d;
        partner = agreeing[j]!;
      }
    }
    if (partner < 0) continue;
    bits = Math.min(bits, contribution[g]!);
    total += bits;
    lost(g, partner, bits);
  }
  return total;
}

/** What one model says of any pattern of levels, worked out once (pairWeight reads it). */
interface Evidence {
  F: number;
  weights: number[][];
  agree: boolean[][];
  derived: DerivedRule[];
  dep: Float64Array | null;
  agreeing: Int32Array;
  contribution: Float64Array;
  cut: Float64Array;
  cutBy: Array<DerivedRule | null>;
}

function evidenceOf(model: Model): Evidence {
  const F = model.fields.length;
  return {
    F, weights: levelWeights(model), agree: agreementLevels(model), derived: derivedRules(model), dep: dependenceMatrix(model),
    agreeing: new Int32Array(F), contribution: new Float64Array(F), cut: new Float64Array(F), cutBy: new Array<DerivedRule | null>(F).fill(null),
  };
}

/**
 * The weight a pair's fields add up to (the prior aside): each field's level weight plus its
 * term-frequency bonus; less, for a field that other agreeing fields already say (an e-mail made
 * of the names, a household's phone line), its rule's bits (never more than its own positive weight); less the overlap of dependent fields
 * that agree together. `said` hears each rule's loss, `overlapped` each overlap's. pairScorer()
 * does the same for batches of pairs, without calls per field (model.test.ts holds them equal).
 */
function pairWeight(
  e: Evidence,
  levels: ArrayLike<number>,
  bonus: (f: number) => number,
  said?: (f: number, rule: DerivedRule, bits: number) => void,
  overlapped?: (f: number, partner: number, bits: number) => void,
): number {
  const { F, weights, agree, derived, dep, agreeing, contribution, cut, cutBy } = e;
  cut.fill(0);
  for (const r of derived) {
    if (derivedHolds(r, (f) => levels[f]!, weights, agree)) {
      cut[r.field] = r.bits[levels[r.field]!]!;
      cutBy[r.field] = r;
    }
  }
  let total = 0;
  let k = 0;
  for (let f = 0; f < F; f++) {
    const l = levels[f]!;
    let c = weights[f]![l]! + (l === 1 ? bonus(f) : 0);
    if (cut[f]! > 0 && c > 0) {
      const lost = Math.min(c, cut[f]!);
      c -= lost;
      said?.(f, cutBy[f]!, lost);
    }
    total += c;
    if (c > 0 && l > 0 && agree[f]![l]) {
      contribution[f] = c;
      agreeing[k++] = f;
    }
  }
  if (dep && k > 1) total -= overlap(F, dep, contribution, agreeing, k, overlapped ?? (() => {}));
  return total;
}

/**
 * The bits a comparison pattern loses to dependent fields agreeing together and to derived fields
 * (an e-mail made of agreeing names, a household's phone line; term frequencies aside), or null
 * when the model has neither: for estimating the match share with them.
 */
export function dependenceLoss(model: Model): ((levels: readonly number[]) => number) | null {
  const e = evidenceOf(model);
  if (!e.dep && e.derived.length === 0) return null;
  const none = () => 0;
  return (levels) => {
    let said = 0;
    let overlapped = 0;
    pairWeight(e, levels, none, (_f, _rule, bits) => (said += bits), (_f, _partner, bits) => (overlapped += bits));
    return said + overlapped;
  };
}

/** Match weight of every pair (pair-major gamma: gamma[p * F + f]). */
export function scorePairs(model: Model, table: PreparedTable, gamma: Uint8Array, left: Int32Array, count: number): Float64Array {
  const out = new Float64Array(count);
  pairScorer(model, table)(gamma, left, count, out);
  return out;
}

/**
 * A scorer of one model: its weights, term-frequency bonuses and dependence worked out once, then
 * any number of batches scored into `out` (from out[offset]) without allocating.
 */
export function pairScorer(model: Model, table: PreparedTable): (gamma: Uint8Array, left: Int32Array, count: number, out: Float64Array, offset?: number) => void {
  const F = model.fields.length;
  const weights = levelWeights(model);
  const agree = agreementLevels(model);
  const tf = termFrequencies(model, table);
  // The term-frequency bonus of each distinct value, once.
  const bonus = tf.map((freq, f) => (freq ? Float64Array.from(freq, (_, id) => tfBonusOf(model, freq, f, id)) : null));
  const prior = priorWeight(model);
  const dep = dependenceMatrix(model);
  const agreeing = new Int32Array(F);
  const contribution = new Float64Array(F);
  const none = () => {};
  // Per field, the fields it depends on as bits (up to 31 fields): most pairs agree on no two
  // dependent fields, and skip the overlap.
  const dependsOn = new Int32Array(F);
  if (dep && F <= 31) for (let a = 0; a < F; a++) for (let b = 0; b < F; b++) if (dep[a * F + b]! > 0) dependsOn[a]! |= 1 << b;
  const masks = dep !== null && F <= 31;
  const derived = derivedRules(model);
  const cut = new Float64Array(F);
  let gamma_: Uint8Array = new Uint8Array(0);
  let at = 0;
  const levelAt = (f: number) => gamma_[at + f]!;
  return (gamma, left, count, out, offset = 0) => {
    gamma_ = gamma;
    for (let p = 0; p < count; p++) {
      let w = prior;
      let k = 0;
      let agreeMask = 0;
      let linked = 0;
      at = p * F;
      for (const r of derived) cut[r.field] = derivedHolds(r, levelAt, weights, agree) ? r.bits[gamma[at + r.field]!]! : 0;
      for (let f = 0; f < F; f++) {
        const l = gamma[p * F + f]!;
        let c = weights[f]![l]!;
        if (l === 1) {
          const b = bonus[f];
          if (b) c += b[table.fields[f]!.ids[left[p]!]!]!;
        }
        // A field that other agreeing fields already say keeps what is left after its bits.
        if (cut[f]! > 0 && c > 0) c -= Math.min(c, cut[f]!);
        w += c;
        if (dep && c > 0 && l > 0 && agree[f]![l]) {
          contribution[f] = c;
          agreeing[k++] = f;
          if (masks) {
            linked |= dependsOn[f]! & agreeMask;
            agreeMask |= 1 << f;
          }
        }
      }
      if (dep && k > 1 && (!masks || linked !== 0)) w -= overlap(F, dep, contribution, agreeing, k, none);
      out[offset + p] = w;
    }
  };
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

/**
 * A stored model whose level lists differ from today's comparisons (trained before a level was
 * added) with m and u moved to today's levels by label; a level it never had weighs nothing.
 */
export function alignModel(model: Model, table: Pick<PreparedTable, 'fields'>): Model {
  const stale = model.fields.some((fm, f) => {
    const now = LEVELS[table.fields[f]!.kind];
    return now.length !== fm.levels.length || now.some((label, l) => label !== fm.levels[l]);
  });
  if (!stale) return model;
  return {
    ...model,
    fields: model.fields.map((fm, f) => {
      const now = LEVELS[table.fields[f]!.kind];
      const at = now.map((label) => fm.levels.indexOf(label));
      return { ...fm, levels: now, m: at.map((i) => (i >= 0 ? fm.m[i]! : 1)), u: at.map((i) => (i >= 0 ? fm.u[i]! : 1)) };
    }),
  };
}

/** The contribution of every field to one pair's score, in the order of the settings. */
export function explainPair(stored: Model, table: PreparedTable, levels: ArrayLike<number>, a: number): Explanation {
  const model = alignModel(stored, table);
  const e = evidenceOf(model);
  const tf = termFrequencies(model, table);
  const prior = priorWeight(model);
  const bonus = (f: number) => tfBonus(model, tf, table, f, a);
  const steps: WaterfallStep[] = model.fields.map((fm, f) => {
    const l = levels[f]!;
    return { column: fm.column, level: fm.levels[l]!, m: l === 0 ? null : fm.m[l]!, u: l === 0 ? null : fm.u[l]!, weight: e.weights[f]![l]!, termFrequencyAdjustment: l === 1 ? bonus(f) : 0 };
  });
  const column = (f: number) => model.fields[f]!.column;
  // A field the agreeing others already say (an e-mail made of the names, a household's phone
  // line) loses their bits, as a step of its own; then dependent fields that agree together, one step each for the evidence counted twice.
  const derivedSteps: WaterfallStep[] = [];
  const overlapSteps: WaterfallStep[] = [];
  const total = prior + pairWeight(e, levels, bonus,
    (f, rule, bits) => derivedSteps.push({ column: `${column(f)} ~ ${rule.from.map(column).join(', ')}`, level: rule.label, m: null, u: null, weight: -bits, termFrequencyAdjustment: 0 }),
    (f, partner, bits) => overlapSteps.push({ column: `${column(f)} ~ ${column(partner)}`, level: 'agrees with a dependent field', m: null, u: null, weight: -bits, termFrequencyAdjustment: 0 }),
  );
  steps.push(...derivedSteps, ...overlapSteps);
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
