// Comparing candidate pairs, the heavy step, spread over worker threads. Each worker rebuilds the
// compared fields from their distinct values and per-record value ids (features are recomputed
// there, in parallel), compares its slice of the pairs and hands back the levels. The calling
// thread takes a slice too. Workers that cannot start (e.g. a runtime without the TypeScript
// loader) leave their slice to this thread, so results never depend on threads.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { comparatorsOf, type Comparator } from './comparisons.ts';
import { features, type PreparedField, type PreparedTable } from './prepare.ts';
import type { ComparisonSettings, FieldKind, Settings } from './settings.ts';

/** Below this many pairs threads cost more than they save. */
const MIN_PAIRS_FOR_THREADS = 150_000;

export function comparePairs(comparators: readonly Comparator[], left: Int32Array, right: Int32Array, from: number, to: number, gamma: Uint8Array, offset = 0) {
  const F = comparators.length;
  for (let p = from; p < to; p++) {
    const a = left[p]!;
    const b = right[p]!;
    const base = (p - offset) * F;
    for (let f = 0; f < F; f++) gamma[base + f] = comparators[f]!(a, b);
  }
}

interface FieldMessage {
  column: string;
  kind: FieldKind;
  ids: Int32Array;
  values: string[];
}
interface Job {
  kind: 'rapport-compare';
  comparisons: ComparisonSettings[];
  /** The compared fields in settings order, then blocking-only ones (swap partners may be there). */
  fields: FieldMessage[];
  left: Int32Array;
  right: Int32Array;
}

/** Levels of pairs [0, count), pair-major, using up to `workers` threads (this one included). */
export async function compareInParallel(table: PreparedTable, settings: Settings, left: Int32Array, right: Int32Array, count: number, workers: number): Promise<Uint8Array> {
  const comparators = comparatorsOf(table, settings);
  const F = comparators.length;
  const gamma = new Uint8Array(count * F);
  const threads = count < MIN_PAIRS_FOR_THREADS ? 1 : Math.max(1, Math.floor(workers));
  if (threads === 1) {
    comparePairs(comparators, left, right, 0, count, gamma);
    return gamma;
  }
  // This thread builds nothing new, so it takes a slightly larger share while workers start.
  const bounds = Array.from({ length: threads + 1 }, (_, k) => Math.round((count * k) / threads));
  const extra = [...table.byColumn.values()].filter((f) => !table.fields.includes(f));
  const fields: FieldMessage[] = [...table.fields, ...extra].map((f) => ({ column: f.column, kind: f.kind, ids: f.ids, values: f.values }));
  const started = bounds.slice(1, -1).map((from, k) => {
    const to = bounds[k + 2]!;
    const job: Job = { kind: 'rapport-compare', comparisons: settings.comparisons, fields, left: left.slice(from, to), right: right.slice(from, to) };
    return runWorker(job).then(
      (levels) => gamma.set(levels, from * F),
      () => comparePairs(comparators, left, right, from, to, gamma), // no thread: do it here
    );
  });
  comparePairs(comparators, left, right, 0, bounds[1]!, gamma);
  await Promise.all(started);
  return gamma;
}

function runWorker(job: Job): Promise<Uint8Array> {
  const self = import.meta.url;
  // From TypeScript sources (tsx, tests) the worker registers tsx first; the bundle runs as is.
  const loader = self.endsWith('.ts') ? pathToFileURL(createRequire(self).resolve('tsx/esm/api')).href : null;
  const code = loader ? `import(${JSON.stringify(loader)}).then((m) => { m.register(); return import(${JSON.stringify(self)}); })` : `import(${JSON.stringify(self)})`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: job });
    worker.once('message', (levels: Uint8Array) => {
      resolve(levels);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`compare worker exited with ${code}`)));
  });
}

/** Worker side: rebuild the fields, compare the slice, post the levels back. */
function workerMain(job: Job) {
  const byColumn = new Map<string, PreparedField>();
  const fields = job.fields.map((m) => {
    const f: PreparedField = { column: m.column, kind: m.kind, ids: m.ids, values: m.values, counts: new Int32Array(0), ...features(m.kind, m.values) };
    if (!byColumn.has(m.column)) byColumn.set(m.column, f);
    return f;
  });
  const compared = fields.slice(0, job.comparisons.length);
  const comparators = comparatorsOf({ fields: compared, byColumn }, { comparisons: job.comparisons });
  const gamma = new Uint8Array(job.left.length * comparators.length);
  comparePairs(comparators, job.left, job.right, 0, job.left.length, gamma);
  parentPort!.postMessage(gamma, [gamma.buffer]);
}

if (!isMainThread && (workerData as Job | undefined)?.kind === 'rapport-compare') workerMain(workerData as Job);
