// Comparing pairs on worker threads. A pool starts once per job, right after the fields are
// prepared: each worker rebuilds the compared fields from their distinct values and per-record
// value ids (features recomputed there, while this thread runs blocking), then compares the slices
// of pairs it is sent. This thread takes a slice of every batch too. A worker that cannot start
// (a runtime without the TypeScript loader, say) leaves its slices to this thread, so results never
// depend on threads.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { comparatorsOf, type Comparator } from './comparisons.ts';
import { features, type PreparedField, type PreparedTable } from './prepare.ts';
import type { ComparisonSettings, FieldKind, Settings } from './settings.ts';

/** Below this many pairs a batch is compared here: shipping it costs more than it saves. */
const MIN_PAIRS_FOR_THREADS = 50_000;

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
interface Init {
  kind: 'rapport-compare';
  comparisons: ComparisonSettings[];
  /** The compared fields in settings order, then blocking-only ones (swap partners may be there). */
  fields: FieldMessage[];
}

export class ComparePool {
  private readonly workers: Array<Promise<Worker | null>>;
  readonly comparators: Comparator[];

  constructor(table: PreparedTable, settings: Settings, threads: number) {
    this.comparators = comparatorsOf(table, settings);
    const extra = [...table.byColumn.values()].filter((f) => !table.fields.includes(f));
    const init: Init = {
      kind: 'rapport-compare',
      comparisons: settings.comparisons,
      fields: [...table.fields, ...extra].map((f) => ({ column: f.column, kind: f.kind, ids: f.ids, values: f.values })),
    };
    this.workers = Array.from({ length: Math.max(0, Math.floor(threads) - 1) }, () => startWorker(init));
  }

  /** Levels of pairs [0, count), pair-major. */
  async compare(left: Int32Array, right: Int32Array, count: number): Promise<Uint8Array> {
    const F = this.comparators.length;
    const gamma = new Uint8Array(count * F);
    const threads = count < MIN_PAIRS_FOR_THREADS ? 1 : this.workers.length + 1;
    const bounds = Array.from({ length: threads + 1 }, (_, k) => Math.round((count * k) / threads));
    const sent = this.workers.slice(0, threads - 1).map(async (pending, k) => {
      const from = bounds[k + 1]!;
      const to = bounds[k + 2]!;
      const worker = await pending;
      const levels = worker ? await ask(worker, left.slice(from, to), right.slice(from, to)).catch(() => null) : null;
      if (levels) gamma.set(levels, from * F);
      else comparePairs(this.comparators, left, right, from, to, gamma); // no thread: do it here
    });
    comparePairs(this.comparators, left, right, 0, bounds[1]!, gamma);
    await Promise.all(sent);
    return gamma;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map(async (w) => (await w)?.terminate()));
  }
}

function startWorker(init: Init): Promise<Worker | null> {
  const self = import.meta.url;
  // From TypeScript sources (tsx, tests) the worker registers tsx first; the bundle runs as is.
  let code: string;
  try {
    const loader = self.endsWith('.ts') ? pathToFileURL(createRequire(self).resolve('tsx/esm/api')).href : null;
    code = loader ? `import(${JSON.stringify(loader)}).then((m) => { m.register(); return import(${JSON.stringify(self)}); })` : `import(${JSON.stringify(self)})`;
  } catch {
    return Promise.resolve(null);
  }
  return new Promise((resolve) => {
    const worker = new Worker(code, { eval: true, workerData: init });
    worker.once('message', () => resolve(worker)); // 'ready'
    worker.once('error', () => resolve(null));
    worker.once('exit', () => resolve(null));
  });
}

function ask(worker: Worker, left: Int32Array, right: Int32Array): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    worker.once('error', onError);
    worker.once('message', (levels: Uint8Array) => {
      worker.off('error', onError);
      resolve(levels);
    });
    worker.postMessage({ left, right }, [left.buffer as ArrayBuffer, right.buffer as ArrayBuffer]);
  });
}

/** Worker side: rebuild the fields once, then compare each batch sent. */
function workerMain(init: Init) {
  const byColumn = new Map<string, PreparedField>();
  const fields = init.fields.map((m) => {
    const f: PreparedField = { column: m.column, kind: m.kind, ids: m.ids, values: m.values, counts: new Int32Array(0), ...features(m.kind, m.values) };
    if (!byColumn.has(m.column)) byColumn.set(m.column, f);
    return f;
  });
  const comparators = comparatorsOf({ fields: fields.slice(0, init.comparisons.length), byColumn }, { comparisons: init.comparisons });
  parentPort!.on('message', ({ left, right }: { left: Int32Array; right: Int32Array }) => {
    const gamma = new Uint8Array(left.length * comparators.length);
    comparePairs(comparators, left, right, 0, left.length, gamma);
    parentPort!.postMessage(gamma, [gamma.buffer]);
  });
  parentPort!.postMessage('ready');
}

if (!isMainThread && (workerData as Init | undefined)?.kind === 'rapport-compare') workerMain(workerData as Init);
