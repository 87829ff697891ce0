// The matching job end to end, as a library call: prepare -> block -> compare -> estimate u (random
// pairs) and m (EM) -> score -> cluster -> link. One input deduplicates, two inputs link. Comparing
// the candidate pairs, the heavy step, runs on worker threads (parallel.ts) when asked.
// Link: records of one cluster are one entity through the other records between them (Agnes
// Beaumont 1662 ~ Agnes Beaumont, Nessie ~ Nessie Beaumont ~ Agnes): a pair in one cluster weighs at
// least as much as the join that put its records together, and the pairs of a cluster blocking
// never made are compared and added.
import { availableParallelism } from 'node:os';
import { autoConfigure } from './auto-config.ts';
import { candidatePairs, type RuleReport, ruleName } from './blocking.ts';
import { clusterPairs, type Clusters } from './cluster.ts';
import { comparatorsOf, LEVELS, type Comparator } from './comparisons.ts';
import { estimateDependence, matchShare, patternCounts, randomPairs, uFromLevels, type Dependence, type Derived, type Model } from './model.ts';
import { trainingRules, trainingSamples, trainM, type TrainingSample, type TrainingSession } from './train.ts';
import { ComparePool, comparePairs } from './parallel.ts';
import { fieldSpecs, prepareField, tableFields, type Dataset, type PreparedField, type PreparedTable } from './prepare.ts';
import { dependenceLoss, explainPair, levelWeights, pairScorer, probabilityOf, type Explanation } from './score.ts';
import { parseSettings, type FieldKind, type Settings, type SettingsInput } from './settings.ts';

/** The weight of a join of probability 0.95: weaker joins lend nothing to the pairs across them. */
const LEND_WEIGHT = Math.log2(0.95 / 0.05);

/** Inputs smaller than this are compared on the calling thread only. */
const MIN_RECORDS_FOR_THREADS = 5_000;

/**
 * With `workers: 'auto'` on a machine of two cores, the records from which a second thread pays.
 * V8's own threads (concurrent marking, parallel scavenges, the optimising compiler) already keep
 * the second core about a third busy for a job on one thread, and a second thread derives the
 * comparisons' per-value features again and warms up its own code: at 100k-150k records two threads
 * took as long as one (and 35-45% more CPU), at 200k 13% less time, at 1M 30% less
 * (docs/BENCHMARKS.md, "threads by job size").
 */
export const AUTO_THREADS_FROM_ON_TWO_CORES = 200_000;

/** The threads a job runs on: as asked (from MIN_RECORDS_FOR_THREADS records), or, for 'auto', by cores and size. */
export function jobThreads(records: number, workers: MatchOptions['workers'], cores = availableParallelism()): number {
  if (records < MIN_RECORDS_FOR_THREADS) return 1;
  if (workers !== 'auto') return Math.max(1, Math.floor(workers ?? 1));
  if (cores <= 1) return 1;
  if (cores === 2) return records >= AUTO_THREADS_FROM_ON_TWO_CORES ? 2 : 1;
  // More cores leave V8's threads room of their own. Not measured here (this machine has two):
  // from AUTO_THREADS_FROM_ON_MORE_CORES records, up to four threads (the pairs are shared in
  // slices; the main thread's own steps, candidate pairs, EM, scoring and clusters, stay serial).
  return records >= AUTO_THREADS_FROM_ON_MORE_CORES ? Math.min(cores, 4) : 1;
}

/** With `workers: 'auto'` and three cores or more, the records from which the job shares its work (an estimate, see jobThreads). */
export const AUTO_THREADS_FROM_ON_MORE_CORES = 50_000;

export interface MatchOptions {
  /** Without settings, they are configured from the column names and values. */
  settings?: SettingsInput;
  /** The match probability clustering joins records at, over the settings' own (given or configured). */
  threshold?: number;
  /** Columns auto-configuration must leave out (truth columns, for instance). */
  exclude?: string[];
  /**
   * Known pairs (record ids; left from input 1, right from input 2 when linking). `levels` (column
   * -> level label, as explain() gives them) stands in for the pair when a record is no longer in
   * the input: a merged-away duplicate still teaches what a match looks like.
   */
  labels?: ReadonlyArray<{ left: string; right: string; match: boolean; levels?: Readonly<Record<string, string>> }>;
  /**
   * Threads sharing the job (1 = this thread only, the default); 'auto': as many as pay for the
   * machine's cores and the job's size (jobThreads).
   */
  workers?: number | 'auto';
  progress?: (message: string) => void;
  seed?: number;
}

export interface MatchResult {
  settings: Settings;
  table: PreparedTable;
  /**
   * Pairs as record indices into table (left < right for dedupe; left in input 1 for linkage): the
   * candidates blocking made, then `implied` pairs of one cluster blocking never made.
   */
  left: Int32Array;
  right: Int32Array;
  count: number;
  /** How many of the pairs (the last ones) come from the clusters, not from blocking. */
  implied: number;
  /** Comparison levels, pair-major (gamma[p * fields + f]). */
  gamma: Uint8Array;
  /** Match weight: the pair's own, raised to the weight of the join that put it in one cluster. */
  weight: Float64Array;
  /** The pair's own match weight (its fields alone); built on first use. */
  readonly ownWeight: Float64Array;
  model: Model;
  blocking: RuleReport[];
  clusters: Clusters;
  timings: Record<string, number>;
  probability(p: number): number;
  explain(p: number): Explanation;
}

export { comparatorsOf };

/** The prepared table: compared fields first (in settings order), then blocking-only columns. */
export function prepareTable(inputs: readonly Dataset[], settings: Settings): PreparedTable {
  return assembleTable(inputs, settings, fieldSpecs(settings).map((c) => prepareField(c, inputs)));
}

/** The table of prepared fields (those of fieldSpecs(settings), in its order). */
export function assembleTable(inputs: readonly Dataset[], settings: Settings, fields: readonly PreparedField[]): PreparedTable {
  const recordIds = inputs.flatMap((d) => d.ids);
  const split = inputs[0]!.ids.length;
  const source = new Uint8Array(recordIds.length);
  source.fill(1, split);
  return { n: recordIds.length, recordIds, source, split, ...tableFields(fields, settings.comparisons.length) };
}

export async function matchDatasets(inputs: readonly Dataset[], options: MatchOptions = {}): Promise<MatchResult> {
  if (inputs.length < 1 || inputs.length > 2) throw new Error('give one input to deduplicate or two to link');
  const say = options.progress ?? (() => {});
  const timings: Record<string, number> = {};
  let t = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round(now - t);
    t = now;
  };
  // Worker threads start now: they load their code while this thread starts on the columns, then
  // share the interning, the rules' blocks and the comparisons (parallel.ts). Below a few thousand
  // records their start-up costs more than they save.
  const records = inputs.reduce((s, d) => s + d.ids.length, 0);
  const pool = new ComparePool(jobThreads(records, options.workers));
  try {
    // Linking two files: only the columns both have can be compared.
    const shared = Object.keys(inputs[0]!.columns).filter((c) => inputs.every((d) => c in d.columns));
    const given = options.settings ?? autoConfigure(shared, (c) => inputs[0]!.columns[c]!.slice(0, 500), options.exclude, records);
    const settings = parseSettings(options.threshold === undefined ? given : { ...given, threshold: options.threshold });
    const table = await pool.prepare(inputs, settings);
    lap('prepare');
    say(`prepared ${table.n} records, ${table.fields.length} compared fields (${table.fields.map((f) => `${f.column}:${f.kind}`).join(', ')})`);

    // Every rule's blocks (the training rules' too) on whichever thread is free.
    const training = trainingRules(settings);
    const blocks = await pool.ruleBlocks(table, [...settings.blocking, ...training], settings.maxBlockSize);
    // The random pairs (u) and training pairs (m) need no candidates: the workers compare them while
    // this thread makes the candidate pairs and works out its own comparisons' features.
    const F = table.fields.length;
    const uSamples = settings.uSamplePairs ?? (table.n <= 60_000 ? 200_000 : 50_000);
    const random = randomPairs(table, uSamples, options.seed ?? 1);
    const samples = trainingSamples(table, settings, options.seed ?? 1, blocks.slice(settings.blocking.length));
    const trainingCount = samples.reduce((n, s) => n + s.count, 0);
    const sampled = uSamples + trainingCount;
    const sampleLeft = new Int32Array(sampled);
    const sampleRight = new Int32Array(sampled);
    sampleLeft.set(random.left);
    sampleRight.set(random.right);
    let at = uSamples;
    for (const s of samples) {
      sampleLeft.set(s.left.subarray(0, s.count), at);
      sampleRight.set(s.right.subarray(0, s.count), at);
      at += s.count;
    }
    const sampleGamma = new Uint8Array(sampled * F);
    const ahead = await pool.compareAhead(sampleLeft, sampleRight, sampled, sampleGamma);
    const candidates = candidatePairs(table, settings.blocking, settings.maxBlockSize, blocks.slice(0, settings.blocking.length));
    const { count } = candidates;
    lap('blocking');
    for (const r of candidates.rules) say(`blocking ${r.rule}: ${r.pairs} new pairs in ${r.blocks} blocks${r.oversizeBlocks ? `; ${r.oversizeBlocks} oversize blocks skipped (${r.skippedPairs} pairs), largest ${r.largestOversize.map((b) => `${b.key} (${b.size})`).join(', ')}` : ''}`);
    say(`${count} candidate pairs`);

    // The candidates, then room for as many pairs as were sampled: the implied pairs clustering may
    // add (maxImplied below) are compared there.
    const comparators = pool.comparators;
    const total = count + sampled;
    const allLeft = new Int32Array(total);
    const allRight = new Int32Array(total);
    allLeft.set(candidates.left.subarray(0, count));
    allRight.set(candidates.right.subarray(0, count));
    const allGamma = new Uint8Array(total * F);
    // The workers are handed the candidates now; this thread finishes the random and training pairs
    // with them, then runs the EM sessions (they need no candidates) while the workers compare, and
    // joins them for the candidates left.
    // A line every 2 s while the candidates are compared: the pool calls back once per slice of
    // pairs, never per pair.
    let said = performance.now();
    const millions = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : String(n));
    const comparing = (done: number, of: number) => {
      const now = performance.now();
      if (now - said < 2000 || done >= of) return;
      said = now;
      say(`compared ${millions(done)} of ${millions(of)} candidate pairs`);
    };
    const compared = await pool.compareAhead(allLeft, allRight, count, allGamma.subarray(0, count * F), comparing);
    await ahead.finish();
    const uGamma = sampleGamma.subarray(0, uSamples * F);
    const uRandom = uFromLevels(table, uGamma, uSamples);
    const labelled = labelledGamma(table, settings, comparators, options.labels ?? []);
    const { m, sessions } = trainM(table, settings, samples, sampleGamma.subarray(uSamples * F), uRandom, labelled);
    await compared.finish();
    const left = allLeft.subarray(0, count);
    const right = allRight.subarray(0, count);
    const gamma = allGamma.subarray(0, count * F);
    lap('compare');
    say(`compared ${count} pairs (and ${uSamples} random, ${trainingCount} training pairs)`);
    if (pool.done.columns + pool.done.blocks + pool.done.slices > 0) say(`worker threads did ${pool.done.columns} of ${table.byColumn.size} columns, ${pool.done.blocks} of ${blocks.length} rules' blocks, ${pool.done.slices} slices of pairs`);

    for (const s of sessions) say(`EM session on ${s.rule}: ${s.pairs} pairs, ${s.iterations} iterations, ${(s.matchShare * 100).toFixed(1)}% match (left out: ${s.ignored.join(', ') || 'none'})`);
    const link = table.split < table.n;
    const allPairs = link ? table.split * (table.n - table.split) : (table.n * (table.n - 1)) / 2;
    const priorOf = (lambda: number) => Math.min(0.5, Math.max(1e-12, (lambda * count) / Math.max(1, allPairs)));
    const patterns = patternCounts({ gamma, pairs: count }, F);
    let lambda = matchShare(patterns, m, uRandom);
    const model: Model = {
      fields: settings.comparisons.map((c, f) => ({ column: c.column, levels: LEVELS[c.kind], m: m[f]!, u: uRandom[f]!, termFrequency: c.termFrequency ?? false, uExact: uRandom[f]![1]! })),
      prior: priorOf(lambda),
      candidateMatchShare: lambda,
      emIterations: sessions.reduce((s, x) => s + x.iterations, 0),
      sessions,
    };
    // The match share counted every field as its own evidence; where fields turn out to agree
    // together among non-matches (the names and the e-mail made of them), namesakes were counted
    // as matches. The share is estimated again with the overlap (and e-mails made of agreeing
    // names) taken out, and the dependence again with that prior.
    model.derived = derivedFields(settings, samples, sessions, sampleGamma.subarray(uSamples * F), levelWeights(model), uRandom);
    const implied = impliedDependence(settings);
    model.dependence = withImplied(estimateDependence(uGamma, uSamples, m, uRandom, model.prior), implied);
    const loss = dependenceLoss(model);
    if (loss) {
      lambda = matchShare(patterns, m, uRandom, 100, loss);
      model.prior = priorOf(lambda);
      model.candidateMatchShare = lambda;
      model.dependence = withImplied(estimateDependence(uGamma, uSamples, m, uRandom, model.prior), implied);
    }
    const prior = model.prior;
    for (const d of model.dependence) say(`dependent fields: ${settings.comparisons[d.a]!.column} and ${settings.comparisons[d.b]!.column} ${d.bits >= IMPLIED_BITS ? 'imply one another (places)' : `agree together ${(2 ** d.bits).toFixed(1)} times as often as chance among non-matches`}`);
    lap('estimate');
    say(`model: ${(lambda * 100).toFixed(1)}% of candidates match, prior 1 in ${Math.round(1 / prior)}`);

    // Pairs of one cluster that blocking never made go where the random and training pairs were
    // (used by now), up to that many: no new arrays of the size of the candidates.
    const maxImplied = total - count;
    const weight = new Float64Array(count + maxImplied);
    const score = pairScorer(model, table);
    score(gamma, left, count, weight);
    const probabilities = new Float64Array(count + maxImplied);
    for (let p = 0; p < count; p++) probabilities[p] = probabilityOf(weight[p]!);
    lap('score');
    const clusters = clusterPairs(table.n, left, right, probabilities, count, { threshold: settings.threshold, ...settings.cluster, split: table.split, maxImplied });
    say(`clusters: largest ${clusters.largest}, ${clusters.refusedJoins} weak joins refused`);
    // A join's weight: its pair's own, drawn 30% toward the evidence across the join (the log-odds
    // of the mean probability of the candidate pairs between the two groups), so a join that one
    // look-alike pair made while the rest disagree (two restaurants of one hotel) lends less. Only
    // a join of probability 0.95 or more lends its weight: a weak one says little about the pairs
    // across it (namesakes joined by their one shared field).
    const { joins } = clusters;
    const lent = new Float64Array(joins.count);
    for (let j = 0; j < joins.count; j++) {
      const own = weight[joins.pair[j]!]!;
      const s = Math.min(joins.support[j]!, 1 - 1e-12);
      const w = Math.min(own, 0.7 * own + 0.3 * Math.log2(s / (1 - s)));
      lent[j] = w >= LEND_WEIGHT ? w : -Infinity;
    }
    // The implied pairs of joins that lend: the join of each.
    const impliedJoin = new Int32Array(clusters.implied.count);
    let k = 0;
    for (let i = 0; i < clusters.implied.count; i++) {
      if (lent[clusters.implied.joinedBy[i]!] === -Infinity) continue;
      allLeft[count + k] = clusters.implied.left[i]!;
      allRight[count + k] = clusters.implied.right[i]!;
      impliedJoin[k++] = clusters.implied.joinedBy[i]!;
    }
    const pairs = count + k;
    const pairLeft = allLeft.subarray(0, pairs);
    const pairRight = allRight.subarray(0, pairs);
    const pairGamma = allGamma.subarray(0, pairs * F);
    comparePairs(comparators, allLeft, allRight, count, pairs, allGamma);
    score(pairGamma.subarray(count * F), pairLeft.subarray(count), k, weight, count);
    // Raised pairs keep their own weight here (few: ownWeight is built only when asked for).
    const ownOf = new Map<number, number>();
    const raise = (p: number, j: number) => {
      if (lent[j]! > weight[p]!) {
        ownOf.set(p, weight[p]!);
        weight[p] = lent[j]!;
        probabilities[p] = probabilityOf(weight[p]!);
      }
    };
    for (let p = 0; p < count; p++) if (clusters.joinedBy[p]! >= 0) raise(p, clusters.joinedBy[p]!);
    for (let i = 0; i < k; i++) {
      probabilities[count + i] = probabilityOf(weight[count + i]!);
      raise(count + i, impliedJoin[i]!);
    }
    lap('cluster');
    if (k > 0) say(`linked: ${k} pairs of one cluster that blocking never made`);
    let ownWeight: Float64Array | undefined;
    const weights = weight.subarray(0, pairs);
    return {
      settings, table, left: pairLeft, right: pairRight, count: pairs, implied: k, gamma: pairGamma, weight: weights, model, blocking: candidates.rules, clusters, timings,
      get ownWeight() {
        if (!ownWeight) {
          ownWeight = weights.slice();
          for (const [p, w] of ownOf) ownWeight[p] = w;
        }
        return ownWeight;
      },
      probability: (p) => probabilities[p]!,
      explain: (p) => {
        const e = explainPair(model, table, pairGamma.subarray(p * F, p * F + F), pairLeft[p]!);
        const own = ownOf.get(p);
        if (own === undefined) return e;
        // The evidence of the other records: the join that put the pair in one cluster.
        e.steps.push({ column: 'linked records', level: 'one cluster through other records', m: null, u: null, weight: weight[p]! - own, termFrequencyAdjustment: 0 });
        return { ...e, matchWeight: weight[p]!, matchProbability: probabilities[p]! };
      },
    };
  } finally {
    await pool.close();
  }
}

/** Bits that stand for "implied": more than any field's weight, so the weaker field counts nothing. */
const IMPLIED_BITS = 64;

/**
 * Place fields imply one another: people at one address share its postcode and town, so where
 * the address agrees, the postcode and town say nothing more about whether two records are one
 * person (a household's members agree on all three). Random pairs almost never share an address,
 * so this dependence cannot be measured from them; it is known from what an address is.
 */
function impliedDependence(settings: Settings): Dependence[] {
  // People only: a household's members are the look-alikes that share a place. Organisations at
  // one address are rarer than their duplicates there (on the Chicago sites, taking the postcode
  // as implied cost 0.025 of recall at precision 0.95).
  if (!settings.comparisons.some((c) => c.kind === 'given_name' || c.kind === 'surname')) return [];
  const place = settings.comparisons.flatMap((c, f) => (c.kind === 'address' || c.kind === 'postcode' || c.kind === 'city' ? [f] : []));
  const out: Dependence[] = [];
  for (let i = 0; i < place.length; i++) for (let j = i + 1; j < place.length; j++) out.push({ a: place[i]!, b: place[j]!, bits: IMPLIED_BITS });
  return out;
}

/** The levels of an e-mail address that its local part (made of the names) says: not one mailbox. */
const LOCAL_PART_LEVELS = ['same local part', 'same letters, other digits', 'jaro-winkler local >= 0.88', 'initial and same rest'];
/** The levels of a phone number that say one line (a household shares it). */
const LINE_LEVELS = ['exact', 'same last 9 digits', 'same last 7 digits', 'edit <= 1'];

/**
 * Fields whose agreement other agreeing fields already say, with the bits it loses there:
 * - E-mail addresses are mostly made of their owners' names (olena.kovalenko@, okovalenko81@), so
 *   two addresses alike before the @ say less when the names agree: namesakes' addresses look
 *   alike too. How much less comes from the training session on exact names. Without that session
 *   such a level counts nothing where the names agree; with hardly a non-match in it (namesakes are
 *   rare in the data: fake_1000's), it counts in full. On the multilingual holdout with namesakes,
 *   pairs with agreeing names, a look-alike address and nothing else were 189 wrong to 23 right at
 *   probability 0.5 before. One mailbox (exact, or the same after dots and +tags) is never discounted.
 * - A household shares its phone line as it shares its address, so for people one phone number
 *   says less where the address or postcode agrees. How much less comes from the training session
 *   on the place: how often its non-matches (neighbours, a household's other members) share a line.
 *   Where they hardly ever do (no households in the data, or no such session), the phone counts in
 *   full.
 * Each measure: among the session's pairs, weighted by how surely the fields outside the rule say
 * non-match, how often each level shows, against how often it shows among random pairs (its u).
 */
function derivedFields(settings: Settings, samples: readonly TrainingSample[], sessions: readonly TrainingSession[], trainingGamma: Uint8Array, w: readonly number[][], u: readonly number[][]): Derived[] {
  const kinds = settings.comparisons.map((c) => c.kind);
  const F = kinds.length;
  const fieldsOf = (...ks: FieldKind[]) => kinds.flatMap((k, f) => (ks.includes(k) ? [f] : []));
  const names = fieldsOf('given_name', 'surname', 'full_name');
  if (names.length === 0) return [];
  /** The session whose rule reads only these fields' columns (as they are or compacted), and where its pairs start. */
  const sessionOn = (fields: readonly number[]) => {
    const columns = new Set(fields.map((f) => settings.comparisons[f]!.column));
    let at = 0;
    for (const s of samples) {
      const keys = s.rule.keys;
      if (keys.length > 0 && keys.every((k) => columns.has(k.split(':')[0]!) && (!k.includes(':') || k.endsWith(':compact')))) return { session: s, at };
      at += s.count;
    }
    return null;
  };
  /**
   * Per level label, the bits field e loses: log2 of how much more often the session's pairs show
   * it than random pairs, each pair weighted by how surely the fields not in `left` say non-match
   * (against the session's own share of matches); null with hardly a non-match in the session.
   */
  const measured = (found: { session: TrainingSample; at: number }, e: number, left: ReadonlySet<number>, levels: readonly string[]): Record<string, number> | null => {
    const { session, at } = found;
    const labels = LEVELS[kinds[e]!];
    const share = Math.min(0.999, Math.max(1e-6, sessions.find((x) => x.rule === ruleName(session.rule))?.matchShare ?? 0.5));
    const prior = Math.log2(share / (1 - share));
    const seen = new Float64Array(labels.length);
    let total = 0;
    for (let p = 0; p < session.count; p++) {
      const row = (at + p) * F;
      let rest = prior;
      for (let f = 0; f < F; f++) if (!left.has(f)) rest += w[f]![trainingGamma[row + f]!]!;
      const nm = 1 / (1 + 2 ** rest);
      const l = trainingGamma[row + e]!;
      if (l === 0) continue;
      seen[l]! += nm;
      total += nm;
    }
    if (total < 20) return null;
    return Object.fromEntries(levels.map((label) => {
      const l = labels.indexOf(label);
      const shown = (seen[l]! + u[e]![l]!) / (total + 1);
      return [label, Math.max(0, Math.log2(shown / Math.max(u[e]![l]!, 1e-12)))];
    }));
  };
  const out: Derived[] = [];
  const byNames = sessionOn(names);
  const emails = fieldsOf('email');
  for (const e of emails) {
    const derived: Derived = { field: e, levels: LOCAL_PART_LEVELS, from: names };
    if (!byNames) {
      out.push(derived);
      continue;
    }
    const bits = measured(byNames, e, new Set([...names, ...emails, ...fieldsOf('company')]), LOCAL_PART_LEVELS);
    if (bits) out.push({ ...derived, bits });
  }
  // A household's line: where the address or postcode agrees (a town is shared by too many).
  const places = fieldsOf('address', 'postcode');
  const byPlace = places.length > 0 ? sessionOn(places) : null;
  if (byPlace) {
    const phones = fieldsOf('phone');
    for (const e of phones) {
      const bits = measured(byPlace, e, new Set([...places, ...fieldsOf('city'), ...phones]), LINE_LEVELS);
      if (bits && Object.values(bits).some((b) => b >= 1)) out.push({ field: e, levels: LINE_LEVELS, from: places, bits, label: 'a line the household shares' });
    }
  }
  return out;
}

function withImplied(measured: Dependence[], implied: readonly Dependence[]): Dependence[] {
  const key = (d: Dependence) => `${Math.min(d.a, d.b)}:${Math.max(d.a, d.b)}`;
  const known = new Set(implied.map(key));
  return [...measured.filter((d) => !known.has(key(d))), ...implied];
}

function labelledGamma(table: PreparedTable, settings: Settings, comparators: readonly Comparator[], labels: NonNullable<MatchOptions['labels']>) {
  if (labels.length === 0) return undefined;
  const link = table.split < table.n;
  const index = new Map<string, number>();
  table.recordIds.forEach((id, r) => index.set(link ? `${table.source[r]}:${id}` : id, r));
  const rows: number[][] = [];
  const match: boolean[] = [];
  for (const l of labels) {
    const a = index.get(link ? `0:${l.left}` : l.left);
    const b = index.get(link ? `1:${l.right}` : l.right);
    if (a !== undefined && b !== undefined) rows.push(comparators.map((c) => c(a, b)));
    else if (l.levels) {
      // The levels recorded when the pair was decided; a level this model lacks is no evidence.
      const levels = settings.comparisons.map((c) => Math.max(0, LEVELS[c.kind].indexOf(l.levels![c.column] ?? 'null')));
      if (levels.every((x) => x === 0)) continue;
      rows.push(levels);
    } else continue;
    match.push(l.match);
  }
  if (rows.length === 0) return undefined;
  return { gamma: Uint8Array.from(rows.flat()), match };
}
