// Matching engine benchmark: `npx tsx bench/match.ts [--only name] [--skip-1m]`. Runs the engine
// with auto-configured settings on every labelled dataset in ../shared/datasets and prints pairwise
// precision, recall and F1 beside a naive baseline (exact email, or exact given name + family name
// + birth date) measured in the same run; then times the seeded synthetic 100k and 1M customers.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readCsvDataset } from '../src/matching/engine/csv.ts';
import { clusterPairsOf, pairwiseScores, recallAtPrecision, type PairScores } from '../src/matching/engine/evaluate.ts';
import { AUTO_THREADS_FROM_ON_TWO_CORES, jobThreads, matchDatasets, type MatchResult } from '../src/matching/engine/match.ts';
import { normaliseValue, type Dataset } from '../src/matching/engine/prepare.ts';
import { syntheticPeople } from '../src/matching/engine/synthetic.ts';

const { values: args } = parseArgs({ options: { only: { type: 'string' }, 'skip-1m': { type: 'boolean' }, workers: { type: 'string' }, sizes: { type: 'string' } } });
// Synthetic sizes to time (--sizes 150000,200000 --only synthetic: one thread or two by size, with --workers).
const sizes = args.sizes ? args.sizes.split(',').map((x) => Number(x.replace(/_/g, ''))) : [100_000, 1_000_000];
if (sizes.some((n) => !Number.isInteger(n) || n < 1000)) throw new Error('--sizes takes whole numbers from 1000, comma-separated');
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'datasets');
// Threads: as the engine chooses for this machine and each input's size (jobThreads), or as given.
const workers: number | 'auto' = args.workers === undefined ? 'auto' : Number(args.workers);

interface Case {
  name: string;
  files: string[];
  id: string | null;
  /** Each record's true entity. */
  truth: (inputs: Dataset[]) => string[];
  /** Columns the engine must not see (the truth). */
  exclude?: string[];
  /** Column sets of the naive baseline: a pair agreeing exactly on every column of one set. */
  baseline: string[][];
  labels?: string;
}

const febrlTruth = (inputs: Dataset[]) => inputs.flatMap((d) => d.ids.map((id) => /^rec-(\d+)-/.exec(id)![1]!));
const column = (name: string) => (inputs: Dataset[]) => inputs.flatMap((d) => d.columns[name]!.map((v) => String(v ?? '').replace(/'/g, '')));
const febrlBaseline = [['given_name', 'surname', 'date_of_birth']];

const cases: Case[] = [
  { name: 'febrl1', files: ['febrl1/dataset1.csv'], id: 'rec_id', truth: febrlTruth, baseline: febrlBaseline },
  { name: 'febrl2', files: ['febrl2/dataset2.csv'], id: 'rec_id', truth: febrlTruth, baseline: febrlBaseline },
  { name: 'febrl3', files: ['febrl3/dataset3.csv'], id: 'rec_id', truth: febrlTruth, baseline: febrlBaseline },
  { name: 'febrl4 (link)', files: ['febrl4/dataset4a.csv', 'febrl4/dataset4b.csv'], id: 'rec_id', truth: febrlTruth, baseline: febrlBaseline },
  { name: 'fake_1000', files: ['fake_1000/fake_1000.csv'], id: 'unique_id', truth: column('cluster'), exclude: ['cluster'], baseline: [['email'], ['first_name', 'surname', 'dob']] },
  { name: 'fake_1000 + labels', files: ['fake_1000/fake_1000.csv'], id: 'unique_id', truth: column('cluster'), exclude: ['cluster'], baseline: [['email'], ['first_name', 'surname', 'dob']], labels: 'fake_1000/fake_1000_labels.csv' },
  { name: 'historical_50k', files: ['historical_50k/historical_figures_with_errors_50k.csv'], id: 'unique_id', truth: column('cluster'), exclude: ['cluster'], baseline: [['first_name', 'surname', 'dob']] },
  { name: 'chicago (orgs)', files: ['dedupe_chicago_early_childhood/csv_example_input_with_true_ids.csv'], id: 'Id', truth: column('True Id'), exclude: ['True Id', 'Source'], baseline: [['Site name', 'Address']] },
  { name: 'restaurants (dedupe)', files: ['restaurant_fodors_zagat/restaurant-nophone-training.csv'], id: null, truth: column('unique_id'), exclude: ['unique_id'], baseline: [['name', 'address']] },
  { name: 'restaurants (link)', files: ['restaurant_fodors_zagat/restaurant-1.csv', 'restaurant_fodors_zagat/restaurant-2.csv'], id: null, truth: column('unique_id'), exclude: ['unique_id'], baseline: [['name', 'address']] },
];

/** Pairs agreeing exactly (after folding) on every column of one of the sets. */
function* baselinePairs(inputs: Dataset[], sets: string[][]): Generator<[number, number]> {
  const split = inputs[0]!.ids.length;
  const link = inputs.length === 2;
  const seen = new Set<number>();
  const n = inputs.reduce((s, d) => s + d.ids.length, 0);
  for (const set of sets) {
    const groups = new Map<string, number[]>();
    let r = 0;
    for (const d of inputs) {
      for (let i = 0; i < d.ids.length; i++, r++) {
        const parts = set.map((c) => normaliseValue('text', d.columns[c]?.[i]));
        if (parts.some((p) => p === null)) continue;
        const key = parts.join('|');
        const g = groups.get(key);
        if (g) g.push(r);
        else groups.set(key, [r]);
      }
    }
    for (const g of groups.values()) {
      for (let i = 0; i < g.length; i++) {
        for (let j = i + 1; j < g.length; j++) {
          const [a, b] = [g[i]!, g[j]!];
          if (link && (a < split) === (b < split)) continue;
          if (seen.has(a * n + b)) continue;
          seen.add(a * n + b);
          yield [a, b];
        }
      }
    }
  }
}

function* above(r: MatchResult, t: number): Generator<[number, number]> {
  for (let p = 0; p < r.count; p++) if (r.probability(p) >= t) yield [r.left[p]!, r.right[p]!];
}


const f = (x: number) => x.toFixed(3);
const row = (s: PairScores) => `P ${f(s.precision)} R ${f(s.recall)} F1 ${f(s.f1)}`;
console.log(`matching benchmark, ${new Date().toISOString()}, node ${process.version}, ${availableParallelism()} CPUs, threads ${workers === 'auto' ? `by size (two from ${AUTO_THREADS_FROM_ON_TWO_CORES.toLocaleString('en')} records on two cores)` : workers}`);
console.log('dataset | records | true pairs | baseline (exact) | engine pairs >= 0.5 | engine clusters | recall at P>=0.95 | (blocked pairs, own weights) | seconds');
for (const c of cases) {
  if (args.only && !c.name.startsWith(args.only)) continue;
  const paths = c.files.map((p) => join(root, p));
  if (!paths.every(existsSync)) {
    console.log(`${c.name} | missing data under ${root}`);
    continue;
  }
  const inputs = paths.map((p) => readCsvDataset(p, c.id));
  const entity = c.truth(inputs);
  const labels = c.labels ? readLabels(join(root, c.labels)) : undefined;
  const started = performance.now();
  const r = await matchDatasets(inputs, { exclude: c.exclude, workers, labels });
  const seconds = (performance.now() - started) / 1000;
  const engine = pairwiseScores(entity, r.table.split, above(r, 0.5));
  const clusters = pairwiseScores(entity, r.table.split, clusterPairsOf(r.clusters.clusterOf, r.table.split));
  const baseline = pairwiseScores(entity, r.table.split, baselinePairs(inputs, c.baseline));
  console.log(`${c.name} | ${r.table.n} | ${engine.truePairs} | ${row(baseline)} | ${row(engine)} | ${row(clusters)} | ${f(recallAtPrecision(r, entity, engine.truePairs))} | ${f(recallAtPrecision({ ...r, count: r.count - r.implied, weight: r.ownWeight }, entity, engine.truePairs))} | ${seconds.toFixed(1)}`);
}

function readLabels(path: string) {
  const d = readCsvDataset(path, null);
  return d.ids.map((_, i) => ({ left: d.columns.unique_id_l![i]!, right: d.columns.unique_id_r![i]!, match: Number(d.columns.clerical_match_score![i]) >= 0.5 }));
}

// Speed: synthetic customers with known duplicates (generation not timed).
for (const n of sizes) {
  if (args.only && !`synthetic ${n}`.startsWith(args.only)) continue;
  if (n === 1_000_000 && args['skip-1m']) continue;
  const { dataset, entity } = syntheticPeople(n);
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const r = await matchDatasets([dataset], { workers });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const e = Array.from(entity, String);
  const engine = pairwiseScores(e, r.table.split, above(r, 0.5));
  const clusters = pairwiseScores(e, r.table.split, clusterPairsOf(r.clusters.clusterOf, r.table.split));
  const baseline = pairwiseScores(e, r.table.split, baselinePairs([dataset], [['email'], ['given_name', 'surname', 'date_of_birth']]));
  console.log(`synthetic ${n} | ${n} | ${engine.truePairs} | ${row(baseline)} | ${row(engine)} | ${row(clusters)} | - | - | ${seconds.toFixed(1)} (${jobThreads(n, workers)} thread(s), CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, ${r.count} candidate pairs, peak RSS ${(process.resourceUsage().maxRSS / 1024 / 1024).toFixed(2)} GB; ${Object.entries(r.timings).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`).join(', ')})`);
}
