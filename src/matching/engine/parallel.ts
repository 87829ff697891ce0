// Comparing pairs on worker threads. A pool starts once per job, before the fields are prepared
// (the threads load their code meanwhile); then each worker rebuilds the compared fields from their
// distinct values and per-record value ids (features recomputed there, while this thread runs
// blocking), and compares the slices of pairs it is sent. This thread compares slices too. A worker that cannot start
// (a runtime without the TypeScript loader, say) leaves its slices to this thread, so results never
// depend on threads.
import { existsSync } from 'node:fs';
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

/** Pairs per slice handed to a thread: small enough to balance, large enough to be worth a message. */
const SLICE = 16_384;

interface Pending {
  from: number;
  to: number;
}

export class ComparePool {
  private readonly started: Array<{ worker: Worker | null; ready: Promise<Worker | null> }>;
  private readonly workers: Array<Promise<Worker | null>>;
  private initMessage: Init | null = null;
  comparators: Comparator[] = [];

  /**
   * Threads start at once (before the fields are prepared, so their start-up overlaps that work);
   * init() then sends the prepared fields.
   */
  constructor(threads: number) {
    this.started = Array.from({ length: Math.max(0, Math.floor(threads) - 1) }, () => startWorker());
    this.workers = this.started.map((s) => s.ready);
  }

  /** Sends the prepared fields: each thread rebuilds its comparators from them. */
  init(table: PreparedTable, settings: Settings): void {
    this.comparators = comparatorsOf(table, settings);
    const extra = [...table.byColumn.values()].filter((f) => !table.fields.includes(f));
    this.initMessage = {
      kind: 'rapport-compare',
      comparisons: settings.comparisons,
      fields: [...table.fields, ...extra].map((f) => ({ column: f.column, kind: f.kind, ids: f.ids, values: f.values })),
    };
    for (const pending of this.workers) void pending.then((w) => w?.postMessage({ init: this.initMessage }));
  }

  /**
   * Levels of pairs [0, count), pair-major. The pairs go out in slices: each thread keeps two in
   * flight and this thread compares the rest, so threads that run slower (a busy machine) simply
   * take fewer slices.
   */
  async compare(left: Int32Array, right: Int32Array, count: number): Promise<Uint8Array> {
    const F = this.comparators.length;
    const gamma = new Uint8Array(count * F);
    if (count < MIN_PAIRS_FOR_THREADS || this.workers.length === 0) {
      comparePairs(this.comparators, left, right, 0, count, gamma);
      return gamma;
    }
    let next = 0;
    const take = (): Pending | null => {
      if (next >= count) return null;
      const from = next;
      next = Math.min(count, next + SLICE);
      return { from, to: next };
    };
    // Slices a thread lost (it failed) are compared here.
    const orphans: Pending[] = [];
    let outstanding = 0;
    let wake: (() => void) | null = null;
    const settle = () => {
      if (outstanding === 0 && wake) wake();
    };
    for (const pending of this.workers) {
      // A thread still starting when the pairs run out is not waited for.
      void pending.then((worker) => {
        if (!worker || next >= count) return;
        const inFlight: Pending[] = [];
        const detach = () => {
          worker.off('message', onMessage);
          worker.off('error', onError);
          worker.off('exit', onError);
        };
        const send = () => {
          const slice = take();
          if (!slice) return;
          inFlight.push(slice);
          outstanding++;
          const l = left.slice(slice.from, slice.to);
          const r = right.slice(slice.from, slice.to);
          worker.postMessage({ left: l, right: r }, [l.buffer as ArrayBuffer, r.buffer as ArrayBuffer]);
        };
        const onMessage = (levels: Uint8Array) => {
          const slice = inFlight.shift()!;
          gamma.set(levels, slice.from * F);
          outstanding--;
          send();
          if (inFlight.length === 0) detach();
          settle();
        };
        const onError = () => {
          outstanding -= inFlight.length;
          orphans.push(...inFlight.splice(0));
          detach();
          settle();
        };
        worker.on('message', onMessage);
        worker.once('error', onError);
        worker.once('exit', onError);
        send();
        send();
        if (inFlight.length === 0) detach();
      });
    }
    for (let slice = take(); slice; slice = take()) {
      comparePairs(this.comparators, left, right, slice.from, slice.to, gamma);
      // Let the threads' answers in, so they get their next slices.
      await new Promise((resolve) => setImmediate(resolve));
    }
    while (outstanding > 0) await new Promise<void>((resolve) => (wake = resolve));
    wake = null;
    for (const slice of orphans) comparePairs(this.comparators, left, right, slice.from, slice.to, gamma);
    return gamma;
  }

  /** Stops the threads, those still starting too (a short job does not wait for them). */
  async close(): Promise<void> {
    await Promise.all(this.started.map(async (s) => s.worker?.terminate()));
  }
}

/**
 * tsx's ESM API as a URL. require.resolve answers with its CommonJS entry, which cannot be
 * imported from a worker (it asks for a path that does not exist): take the ESM entry beside it.
 */
function tsxLoader(self: string): string {
  const cjs = createRequire(self).resolve('tsx/esm/api');
  const esm = cjs.replace(/\.cjs$/, '.mjs');
  return pathToFileURL(existsSync(esm) ? esm : cjs).href;
}

function startWorker(): { worker: Worker | null; ready: Promise<Worker | null> } {
  const self = import.meta.url;
  // From TypeScript sources (tsx, tests) the worker registers tsx first; the bundle runs as is.
  let code: string;
  try {
    const loader = self.endsWith('.ts') ? tsxLoader(self) : null;
    code = loader ? `import(${JSON.stringify(loader)}).then((m) => { m.register(); return import(${JSON.stringify(self)}); })` : `import(${JSON.stringify(self)})`;
  } catch {
    return { worker: null, ready: Promise.resolve(null) };
  }
  const worker = new Worker(code, { eval: true, workerData: { kind: 'rapport-compare' } });
  const ready = new Promise<Worker | null>((resolve) => {
    worker.once('message', () => resolve(worker)); // 'ready'
    worker.once('error', () => resolve(null));
    worker.once('exit', () => resolve(null));
  });
  return { worker, ready };
}

/** Worker side: wait for the fields, rebuild them once, then compare each slice sent. */
function workerMain() {
  let comparators: Comparator[] = [];
  parentPort!.on('message', (message: { init: Init } | { left: Int32Array; right: Int32Array }) => {
    if ('init' in message) {
      comparators = comparatorsFromInit(message.init);
      return;
    }
    const { left, right } = message;
    const gamma = new Uint8Array(left.length * comparators.length);
    comparePairs(comparators, left, right, 0, left.length, gamma);
    parentPort!.postMessage(gamma, [gamma.buffer]);
  });
  parentPort!.postMessage('ready');
}

function comparatorsFromInit(init: Init): Comparator[] {
  const byColumn = new Map<string, PreparedField>();
  const fields = init.fields.map((m) => {
    const f: PreparedField = { column: m.column, kind: m.kind, ids: m.ids, values: m.values, counts: new Int32Array(0), ...features(m.kind, m.values) };
    if (!byColumn.has(m.column)) byColumn.set(m.column, f);
    return f;
  });
  return comparatorsOf({ fields: fields.slice(0, init.comparisons.length), byColumn }, { comparisons: init.comparisons });
}

if (!isMainThread && (workerData as { kind?: string } | undefined)?.kind === 'rapport-compare') workerMain();
