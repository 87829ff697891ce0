// Training m without labels, Splink-style: EM sessions, each on the pairs of one training rule
// (exact names; the birth date; the postcode...), with u held at the random-sample values and the
// fields the rule blocks on left out: among those pairs non-matches agree on them by construction.
// Fields that travel together are left out together (an email's local part repeats the name; an
// address, its postcode and city move together), or the session would take namesakes for matches.
// Each field's m is the mean over the sessions where it was free. Labels join every session.
import { sampleRulePairs, ruleName, type RuleBlocks } from './blocking.ts';
import { LEVELS } from './comparisons.ts';
import { expectationMaximisation, random, type EmInput } from './model.ts';
import type { PreparedTable } from './prepare.ts';
import type { BlockingRule, FieldKind, Settings } from './settings.ts';

export interface TrainingSession {
  rule: string;
  pairs: number;
  ignored: string[];
  matchShare: number;
  iterations: number;
}

const columnsOf = (rule: BlockingRule) => new Set(rule.keys.map((k) => k.split(':')[0]!));

const GROUP: Partial<Record<FieldKind, string>> = {
  given_name: 'name', surname: 'name', full_name: 'name', email: 'name', company: 'name',
  postcode: 'place', address: 'place', city: 'place',
};

/** Columns a session on `rule` must leave out: the blocked ones and those travelling with them. */
function leftOut(settings: Settings, rule: BlockingRule): Set<string> {
  const blocked = columnsOf(rule);
  const groups = new Set(settings.comparisons.filter((c) => blocked.has(c.column)).map((c) => GROUP[c.kind] ?? c.column));
  return new Set(settings.comparisons.filter((c) => blocked.has(c.column) || groups.has(GROUP[c.kind] ?? c.column)).map((c) => c.column));
}

/** Training rules: from the settings, or exact names, birth date, postcode/address, phone, email. */
export function trainingRules(settings: Settings): BlockingRule[] {
  if (settings.training) return settings.training;
  const first = (k: FieldKind) => settings.comparisons.find((c) => c.kind === k)?.column;
  const rules: BlockingRule[] = [];
  const given = first('given_name');
  const surname = first('surname');
  const full = first('full_name') ?? first('company');
  if (given && surname) rules.push({ keys: [given, surname] });
  else if (full) rules.push({ keys: [`${full}:compact`] });
  else if (surname) rules.push({ keys: [surname] });
  for (const kind of ['date', 'postcode', 'phone', 'identifier'] as const) {
    const c = first(kind);
    if (c) rules.push({ keys: [c] });
  }
  if (!first('postcode') && first('address')) rules.push({ keys: [`${first('address')}:compact`] });
  return rules;
}

/** Matching pairs observed (with a value on both sides) at which a session counts half. */
const OBSERVED_HALF_WEIGHT = 20;
/** Weight of the default m against the sessions (a well-observed session weighs about 1). */
const PRIOR_WEIGHT = 0.01;

/** Cautious m: exact agreement likely, disagreement rare, the levels between alike. */
export function defaultM(L: number): number[] {
  const m = Array.from({ length: L }, (_, l) => (l === 0 ? 1 : l === L - 1 ? 0.05 : l === 1 ? 0.7 : 0.25 / Math.max(1, L - 3)));
  const sum = m.reduce((s, v, l) => (l === 0 ? s : s + v), 0);
  return m.map((v, l) => (l === 0 ? 1 : v / sum));
}

export interface TrainingSample {
  rule: BlockingRule;
  left: Int32Array;
  right: Int32Array;
  count: number;
}

/** The pairs of every training session (up to `trainingPairs` each; sessions under 20 pairs dropped). */
export function trainingSamples(table: PreparedTable, settings: Settings, seed: number, blocks?: readonly RuleBlocks[]): TrainingSample[] {
  const rand = random(seed + 17);
  return trainingRules(settings).map((rule, r) => ({ rule, ...sampleRulePairs(table, rule, settings.maxBlockSize, settings.trainingPairs, rand, blocks?.[r]) }))
    .filter((s) => s.count >= 20);
}

/**
 * m from EM sessions over the training samples; `levels` holds their pairs' comparison levels,
 * pair-major, the samples one after the other (all compared in one batch, on every thread).
 */
export function trainM(
  table: PreparedTable, settings: Settings, samples: readonly TrainingSample[], levels: Uint8Array, uRandom: readonly number[][],
  labelled: EmInput['labelled'],
): { m: number[][]; sessions: TrainingSession[] } {
  const F = table.fields.length;
  const levelCounts = table.fields.map((f) => LEVELS[f.kind].length);
  const sums = levelCounts.map((L) => new Float64Array(L));
  const sessionWeight = new Float64Array(F);
  const sessionsPerField = new Int32Array(F);
  const sessions: TrainingSession[] = [];
  let at = 0;
  for (const sample of samples) {
    const gamma = levels.subarray(at * F, (at + sample.count) * F);
    at += sample.count;
    const out = leftOut(settings, sample.rule);
    const ignore = settings.comparisons.flatMap((c, f) => (out.has(c.column) ? [f] : []));
    if (ignore.length === F) continue;
    const fit = expectationMaximisation({ gamma, pairs: sample.count, labelled }, levelCounts, uRandom, settings.emIterations, { fixU: true, ignore });
    // A session speaks for a field as far as it saw matching pairs with a value there: one where
    // the field was nearly always empty (a fax column, a sparse identifier) barely moves its m.
    for (let f = 0; f < F; f++) {
      if (ignore.includes(f)) continue;
      const n = fit.observed[f]!;
      const w = n / (n + OBSERVED_HALF_WEIGHT);
      if (n > 0) sessionsPerField[f]!++;
      sessionWeight[f]! += w;
      fit.m[f]!.forEach((v, l) => (sums[f]![l]! += w * v));
    }
    sessions.push({ rule: ruleName(sample.rule), pairs: sample.count, ignored: ignore.map((f) => settings.comparisons[f]!.column), matchShare: fit.lambda, iterations: fit.iterations });
  }
  // The sessions' mean, weighted as above, shrunk toward a cautious default (agreement likely,
  // disagreement rare) by a small pseudo-weight: a field no session saw keeps the default, a level
  // no match reached keeps a small m instead of an unbounded negative weight.
  const m = levelCounts.map((L, f) => {
    const prior = defaultM(L);
    const w = sessionWeight[f]!;
    return Array.from(sums[f]!, (v, l) => (l === 0 ? 1 : (v + PRIOR_WEIGHT * prior[l]!) / (w + PRIOR_WEIGHT)));
  });
  capSwapped(table, settings, m, uRandom);
  return { m, sessions };
}

/**
 * A name found in the other record's other column is no stronger evidence than a name agreeing in
 * its own column: the swapped level's m / u is held at or under the exact level's of the field or
 * of its partner, whichever is stronger. (Random pairs rarely meet across columns, given names and
 * surnames being different vocabularies, and a one-sided swap needs only one name, so u of the swap
 * comes out small and noisy, while namesakes are typed swapped as often as anyone; nor does the
 * swap get the exact level's term-frequency discount for a common name.)
 */
export function capSwapped(table: Pick<PreparedTable, 'fields'>, settings: Pick<Settings, 'comparisons'>, m: number[][], u: readonly number[][]): void {
  const exact = (f: number) => m[f]![1]! / Math.max(u[f]![1]!, 1e-12);
  m.forEach((row, f) => {
    const kind = table.fields[f]!.kind;
    if (kind !== 'given_name' && kind !== 'surname') return;
    const s = LEVELS[kind].indexOf(kind === 'given_name' ? 'swapped with surname' : 'swapped with given name');
    const partner = settings.comparisons.findIndex((c) => c.column === settings.comparisons[f]!.swapWith);
    const cap = Math.max(exact(f), partner >= 0 && partner < m.length ? exact(partner) : 0);
    if (s > 0 && row[s]! / Math.max(u[f]![s]!, 1e-12) > cap) row[s] = cap * u[f]![s]!;
  });
}
