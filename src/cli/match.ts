// `rapport match`: record linkage from CSV files with the matching engine (src/matching/engine).
// One input deduplicates, two link. Writes the pairs at or above the threshold and, if asked, each
// record's cluster. Progress goes to stderr; no database is opened.
import { readFileSync, writeFileSync } from 'node:fs';
import { readCsvDataset } from '../matching/engine/csv.ts';
import { AUTO_THREADS_FROM_ON_TWO_CORES, matchDatasets, type MatchResult } from '../matching/engine/match.ts';
import type { Dataset } from '../matching/engine/prepare.ts';
import { probabilityOf } from '../matching/engine/score.ts';
import type { SettingsInput } from '../matching/engine/settings.ts';
import { CliError, parse, required, UsageError, type Io } from './io.ts';

export const matchUsage = `rapport match --input people.csv [--input other.csv] --id-column rec_id [--settings settings.json] [--threshold 0.5] --output pairs.csv [--clusters clusters.csv] [--own-weights] [--labels labels.csv] [--ignore column]... [--workers n]
      --threshold: pairs.csv keeps the pairs at or above it and clustering joins records by them; it wins
        over the settings document's "threshold" (default: the document's, else 0.5).
      pairs.csv (id_l,id_r,match_probability, strongest first): the pairs blocking made, and also pairs
        of one cluster blocking never made; a pair's probability is raised to that of the join that put
        its two records in one cluster. --own-weights writes only the pairs blocking made, each with
        its own probability (its fields alone). clusters.csv (id,cluster_id): cluster_id is the id of
        one of the cluster's records (the same with or without --own-weights).
      Linking two files whose ids overlap (an id in both): every id in pairs.csv and clusters.csv is
        written as 1:<id> or 2:<id>, the input it comes from; --labels still takes the files' own ids.
        An id on two rows of one input is an error.
      --labels: known pairs, columns id_l,id_r,match (1/0). Progress goes to stderr (a line every 2 s
        while a stage runs long). --workers: threads (default: as many as pay for this machine's cores
        and the input's size; on two cores, two from ${AUTO_THREADS_FROM_ON_TWO_CORES.toLocaleString('en')} records).`;

/** Known pairs: id_l, id_r and match (1/0, true/false; Splink's clerical_match_score works too). */
function readLabels(path: string) {
  let d;
  try {
    d = readCsvDataset(path, null);
  } catch (err) {
    throw new CliError(err instanceof Error ? err.message : String(err));
  }
  const col = (...names: string[]) => names.map((n) => d.columns[n]).find(Boolean);
  const l = col('id_l', 'unique_id_l');
  const r = col('id_r', 'unique_id_r');
  const m = col('match', 'is_match', 'clerical_match_score');
  if (!l || !r || !m) throw new CliError(`${path}: labels need columns id_l, id_r and match`);
  return d.ids.map((_, i) => ({ left: l[i] ?? '', right: r[i] ?? '', match: ['1', 'true', 'yes'].includes(String(m[i]).toLowerCase()) || Number(m[i]) >= 0.5 }));
}

const csvCell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * Each record's id as written: with `1:`/`2:` (its input) when linking files that share an id, so
 * no id names two records. An id repeated within one input names two records whatever is done.
 */
function idsWritten(datasets: readonly Dataset[], paths: readonly string[]): { ids: string[]; prefixed: boolean } {
  datasets.forEach((d, i) => {
    const seen = new Set<string>();
    for (const id of d.ids) {
      if (seen.has(id)) throw new CliError(`${paths[i]}: id ${id} is on more than one row (--id-column must name each record once)`);
      seen.add(id);
    }
  });
  const ids = datasets.flatMap((d) => d.ids);
  if (datasets.length < 2) return { ids, prefixed: false };
  const first = new Set(datasets[0]!.ids);
  if (!datasets[1]!.ids.some((id) => first.has(id))) return { ids, prefixed: false };
  const split = datasets[0]!.ids.length;
  return { ids: ids.map((id, r) => `${r < split ? 1 : 2}:${id}`), prefixed: true };
}

/**
 * The pairs to write, strongest first (the file reads as a review list): all pairs with their
 * probability after clustering, or (own) the pairs blocking made with their own.
 */
function pairsToWrite(result: MatchResult, cut: number, own: boolean): { order: number[]; probability: (p: number) => number } {
  const weight = own ? result.ownWeight : result.weight;
  const probability = own ? (p: number) => probabilityOf(weight[p]!) : (p: number) => result.probability(p);
  const count = own ? result.count - result.implied : result.count;
  const order: number[] = [];
  for (let p = 0; p < count; p++) if (probability(p) >= cut) order.push(p);
  order.sort((a, b) => weight[b]! - weight[a]!);
  return { order, probability };
}

/**
 * Progress between the engine's messages: while a stage runs long (comparing millions of pairs), a
 * line every `everyMs` says how long since the last message. A timer, so it costs the engine
 * nothing; it speaks whenever this thread is free (waiting on the worker threads), so a stage this
 * thread works through alone shows no lines until it ends.
 */
export function heartbeat(io: Io, first: string, everyMs = 2000) {
  io.err(first);
  let last = { message: first, at: performance.now() };
  const timer = setInterval(() => {
    const quiet = performance.now() - last.at;
    if (quiet >= everyMs) io.err(`  ... still working, ${(quiet / 1000).toFixed(0)} s after: ${last.message}`);
  }, everyMs);
  return {
    say(message: string) {
      last = { message, at: performance.now() };
      io.err(message);
    },
    stop: () => clearInterval(timer),
  };
}

export async function matchCommand(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, {
    input: { type: 'string', multiple: true },
    'id-column': { type: 'string' },
    settings: { type: 'string' },
    threshold: { type: 'string' },
    output: { type: 'string' },
    clusters: { type: 'string' },
    'own-weights': { type: 'boolean' },
    ignore: { type: 'string', multiple: true },
    workers: { type: 'string' },
    labels: { type: 'string' },
  });
  const inputs = values.input ?? [];
  if (inputs.length < 1 || inputs.length > 2) throw new UsageError('give one --input to deduplicate or two to link');
  const idColumn = required(values['id-column'], 'id-column');
  const output = required(values.output, 'output');
  const threshold = values.threshold === undefined ? undefined : Number(values.threshold);
  if (threshold !== undefined && !(threshold >= 0 && threshold <= 1)) throw new UsageError('--threshold must be a number from 0 to 1');
  // Without --workers the engine picks the threads that pay for these cores and this input's size.
  const workers: number | 'auto' = values.workers === undefined ? 'auto' : Number(values.workers);
  if (workers !== 'auto' && (!Number.isInteger(workers) || workers < 1)) throw new UsageError('--workers must be a whole number from 1');

  let settings: SettingsInput | undefined;
  if (values.settings) {
    try {
      settings = JSON.parse(readFileSync(values.settings, 'utf8')) as SettingsInput;
    } catch (err) {
      throw new CliError(`cannot read settings ${values.settings}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const started = performance.now();
  const datasets = inputs.map((path) => {
    try {
      return readCsvDataset(path, idColumn);
    } catch (err) {
      throw new CliError(err instanceof Error ? err.message : String(err));
    }
  });
  const { ids, prefixed } = idsWritten(datasets, inputs);
  const progress = heartbeat(io, `read ${datasets.map((d, i) => `${d.ids.length} records from ${inputs[i]}`).join(' and ')}`);
  let result;
  try {
    result = await matchDatasets(datasets, {
      settings,
      // --threshold is the clustering threshold too, whether the settings come from a file or not.
      threshold,
      exclude: values.ignore ?? [],
      labels: values.labels ? readLabels(values.labels) : undefined,
      workers,
      progress: (m) => progress.say(m),
    });
  } catch (err) {
    throw new CliError(err instanceof Error ? err.message : String(err));
  } finally {
    progress.stop();
  }
  const cut = result.settings.threshold;
  if (prefixed) io.err('the two inputs share ids: ids are written as 1:<id> and 2:<id> (the input each comes from)');
  const { left, right } = result;

  const own = values['own-weights'] ?? false;
  const { order, probability } = pairsToWrite(result, cut, own);
  const lines = ['id_l,id_r,match_probability'];
  for (const p of order) lines.push(`${csvCell(ids[left[p]!]!)},${csvCell(ids[right[p]!]!)},${probability(p).toFixed(6)}`);
  writeFileSync(output, lines.join('\n') + '\n');
  io.err(`wrote ${order.length} pairs at or above ${cut} to ${output}${own ? ' (blocking pairs, own probabilities)' : ''}`);

  if (values.clusters) {
    const rows = ['id,cluster_id'];
    const { clusterOf } = result.clusters;
    for (let r = 0; r < result.table.n; r++) rows.push(`${csvCell(ids[r]!)},${csvCell(ids[clusterOf[r]!]!)}`);
    writeFileSync(values.clusters, rows.join('\n') + '\n');
    io.err(`wrote ${result.table.n} records' clusters to ${values.clusters} (largest ${result.clusters.largest})`);
  }
  io.err(`done in ${((performance.now() - started) / 1000).toFixed(1)} s (${Object.entries(result.timings).map(([k, v]) => `${k} ${v} ms`).join(', ')})`);
  return 0;
}
