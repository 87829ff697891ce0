// `rapport match`: record linkage from CSV files with the matching engine (src/matching/engine).
// One input deduplicates, two link. Writes the pairs at or above the threshold and, if asked, each
// record's cluster. Progress goes to stderr; no database is opened.
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { readCsvDataset } from '../matching/engine/csv.ts';
import { matchDatasets } from '../matching/engine/match.ts';
import type { SettingsInput } from '../matching/engine/settings.ts';
import type { Config } from '../config.ts';
import { CliError, parse, required, UsageError, type Io } from './io.ts';

export const matchUsage = 'rapport match --input people.csv [--input other.csv] --id-column rec_id [--settings settings.json] [--threshold 0.5] --output pairs.csv [--clusters clusters.csv] [--labels labels.csv] [--ignore column]... [--workers n]';

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

export async function matchCommand(args: string[], _config: Config, io: Io): Promise<number> {
  const { values } = parse(args, {
    input: { type: 'string', multiple: true },
    'id-column': { type: 'string' },
    settings: { type: 'string' },
    threshold: { type: 'string' },
    output: { type: 'string' },
    clusters: { type: 'string' },
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
  const workers = values.workers === undefined ? Math.min(2, availableParallelism()) : Number(values.workers);
  if (!Number.isInteger(workers) || workers < 1) throw new UsageError('--workers must be a whole number from 1');

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
  io.err(`read ${datasets.map((d, i) => `${d.ids.length} records from ${inputs[i]}`).join(' and ')}`);
  let result;
  try {
    result = await matchDatasets(datasets, {
      settings: settings && threshold !== undefined ? { ...settings, threshold } : settings,
      exclude: values.ignore ?? [],
      labels: values.labels ? readLabels(values.labels) : undefined,
      workers,
      progress: (m) => io.err(m),
    });
  } catch (err) {
    throw new CliError(err instanceof Error ? err.message : String(err));
  }
  const cut = threshold ?? result.settings.threshold;
  const { table, left, right } = result;

  // Strongest pairs first: the file reads as a review list.
  const chosen: number[] = [];
  for (let p = 0; p < result.count; p++) if (result.probability(p) >= cut) chosen.push(p);
  chosen.sort((a, b) => result.weight[b]! - result.weight[a]!);
  const lines = ['id_l,id_r,match_probability'];
  for (const p of chosen) lines.push(`${csvCell(table.recordIds[left[p]!]!)},${csvCell(table.recordIds[right[p]!]!)},${result.probability(p).toFixed(6)}`);
  writeFileSync(output, lines.join('\n') + '\n');
  io.err(`wrote ${chosen.length} pairs at or above ${cut} to ${output}`);

  if (values.clusters) {
    const rows = ['id,cluster_id'];
    const { clusterOf } = result.clusters;
    for (let r = 0; r < table.n; r++) rows.push(`${csvCell(table.recordIds[r]!)},${csvCell(table.recordIds[clusterOf[r]!]!)}`);
    writeFileSync(values.clusters, rows.join('\n') + '\n');
    io.err(`wrote ${table.n} records' clusters to ${values.clusters} (largest ${result.clusters.largest})`);
  }
  io.err(`done in ${((performance.now() - started) / 1000).toFixed(1)} s (${Object.entries(result.timings).map(([k, v]) => `${k} ${v} ms`).join(', ')})`);
  return 0;
}
