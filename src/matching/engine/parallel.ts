// The job's threads. A pool starts once per job, before anything else (the threads load their code
// meanwhile), and shares out three steps:
// 1. prepare: each column is normalised and interned by one thread (this one or a worker, whichever
//    is free: the raw cells go out, value ids and distinct values come back), then every worker is
//    sent the columns it lacks. Each thread works out the features of distinct values itself, when a
//    rule or comparison first reads them (strings cost more to copy than to derive);
// 2. blocking: each rule's blocks (and each training rule's) are worked out by one thread and sent
//    back as typed arrays; this thread then makes the pairs, rule by rule, as before;
// 3. compare: the pairs go out in slices; this thread compares slices too.
// Work goes to a thread when it asks, so a slow thread (a busy machine) simply takes less, and at
// the end of a step this thread does what a worker still holds rather than wait for it; a worker
// that cannot start (a runtime without the TypeScript loader, say) or fails leaves its work to this
// thread. Results never depend on threads.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { ruleBlocks, ruleBlocksFrom, ruleBlocksMessage, type RuleBlocks, type RuleBlocksMessage } from './blocking.ts';
import { comparatorsOf, type Comparator } from './comparisons.ts';
import { adoptFeatures, costlyFeatures, fieldFrom, fieldSpecs, internField, rawColumns, tableFields, type CostlyFeatures, type Dataset, type FieldSpec, type InternedField, type PreparedField, type PreparedTable } from './prepare.ts';
import type { BlockingRule, ComparisonSettings, FieldKind, Settings } from './settings.ts';
import { bundledEntry } from './worker-bundle.ts';

/** Below this many pairs a batch is compared here: shipping it costs more than it saves. */
const MIN_PAIRS_FOR_THREADS = 50_000;

/**
 * Levels of pairs [from, to) into gamma (pair-major, pair p at (p - offset) * F). One field at a
 * time over the pairs: its values, memo and comparison code stay in cache (about a third less CPU
 * than every field of one pair in turn).
 */
export function comparePairs(comparators: readonly Comparator[], left: Int32Array, right: Int32Array, from: number, to: number, gamma: Uint8Array, offset = 0) {
  const F = comparators.length;
  for (let f = 0; f < F; f++) {
    const compare = comparators[f]!;
    for (let p = from, at = (from - offset) * F + f; p < to; p++, at += F) gamma[at] = compare(left[p]!, right[p]!);
  }
}

/** Messages to a worker. */
type Request =
  | { intern: { index: number; kind: FieldKind; columns: Array<ReadonlyArray<string | undefined>>; lengths: number[]; taken: Uint8Array } }
  | { table: TableMessage }
  | { blocks: { index: number; rule: BlockingRule; maxBlockSize: number } }
  | { features: Array<CostlyFeatures & { index: number }> }
  | { warm: true }
  | { batch: number; index: number; left: Int32Array; right: Int32Array; taken: Uint8Array };
/** Messages from a worker. */
type Reply =
  | 'ready'
  | { interned: (InternedField & { index: number }) | { index: number; skipped: true } }
  | { blocks: RuleBlocksMessage & { index: number } }
  | { batch: number; index: number; levels: Uint8Array };

interface TableMessage {
  comparisons: ComparisonSettings[];
  specs: FieldSpec[];
  n: number;
  split: number;
  /** Per spec: its interned values, or null for the columns the worker interned itself. */
  fields: Array<InternedField | null>;
}

/** Pairs per slice handed to a thread: small enough to balance, large enough to be worth a message. */
const SLICE = 16_384;
/**
 * Pairs compared field by field in one go when this thread works alone: slices as short as SLICE
 * cycle every field's memo through the cache (a tenth more time at 100k).
 */
const LOCAL_RUN = 1 << 20;

/**
 * Rough cost of interning a column, by kind, in milliseconds per 100,000 records (measured on the
 * synthetic customers: free text and numbers that never repeat cost most; names, places and dates
 * repeat and are normalised once per spelling).
 */
const INTERN_COST: Partial<Record<FieldKind, number>> = { address: 17, company: 12, full_name: 12, text: 10, phone: 13, email: 11, numeric: 8, identifier: 8, date: 8, surname: 5, given_name: 3 };
/** What a worker's start-up costs, in the same units: the head start this thread has on the columns. */
const WORKER_START_COST = 10;

/**
 * Columns in lanes (lane 0 this thread's, lane w + 1 worker w's): costliest first, each to the lane
 * that would finish it first, the workers starting WORKER_START_COST late.
 */
export function columnLanes(kinds: readonly FieldKind[], workers: number): number[][] {
  const out: number[][] = Array.from({ length: workers + 1 }, () => []);
  const load = out.map((_, l) => (l === 0 ? 0 : WORKER_START_COST));
  const cost = (i: number) => INTERN_COST[kinds[i]!] ?? 1;
  const order = kinds.map((_, i) => i).sort((a, b) => cost(b) - cost(a) || a - b);
  for (const i of order) {
    let best = 0;
    for (let l = 1; l < out.length; l++) if (load[l]! < load[best]!) best = l;
    out[best]!.push(i);
    load[best]! += cost(i);
  }
  return out;
}
/** Rough cost of a rule's blocks: a token rule reads every word, a rule with companions their blocks too. */
const ruleCost = (r: BlockingRule) => r.keys.length + (r.tokens ? 4 : 0) + (r.with ? 2 * r.with.length : 0);

/** Transforms that read a column's values as they are (no per-value features to work out). */
const PLAIN: ReadonlySet<string> = new Set(['exact', 'year', 'month_day', 'digits', 'last7']);

/**
 * The columns whose per-value features a rule works out (a thread derives them once, on first read):
 * keys with a transform that reads features, and every column of a token rule.
 */
function featureColumns(r: BlockingRule): string[] {
  const out = new Set<string>();
  for (const k of r.keys) {
    const [column, transform = 'exact'] = k.split(':');
    if (r.tokens || !PLAIN.has(transform)) out.add(column!);
  }
  return [...out];
}

/**
 * Rules in lanes, one per thread: a rule goes to the lane that already reads most of its feature
 * columns (so each column's features are worked out on one thread), else to the least loaded lane;
 * costliest rules first.
 */
export function ruleLanes(rules: readonly BlockingRule[], lanes: number): number[][] {
  const out: number[][] = Array.from({ length: lanes }, () => []);
  const load = new Array<number>(lanes).fill(0);
  const columns = Array.from({ length: lanes }, () => new Set<string>());
  const order = rules.map((_, i) => i).sort((a, b) => ruleCost(rules[b]!) - ruleCost(rules[a]!) || a - b);
  for (const i of order) {
    const cols = featureColumns(rules[i]!);
    let best = 0;
    let bestOverlap = -1;
    for (let l = 0; l < lanes; l++) {
      const overlap = cols.filter((c) => columns[l]!.has(c)).length;
      if (overlap > bestOverlap || (overlap === bestOverlap && load[l]! < load[best]!)) {
        best = l;
        bestOverlap = overlap;
      }
    }
    out[best]!.push(i);
    load[best]! += ruleCost(rules[i]!);
    for (const c of cols) columns[best]!.add(c);
  }
  return out;
}

interface Thread {
  worker: Worker;
  alive: boolean;
  /** Columns this worker interned (it keeps their values). */
  interned: Set<number>;
  /** Set once the worker was sent the table (its blocking and compare work may follow). */
  tableSent: boolean;
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** One step's work shared out: items are indices; each is done once, here or on a worker. */
interface Step {
  /** Does item i on this thread. */
  local: (i: number) => void;
  /** Posts item i to a worker. */
  remote: (t: Thread, i: number) => void;
  /** The item a worker's reply answers, or -1 when the reply is not for this step. */
  answered: (reply: Reply) => number;
  /** Keeps a worker's answer (only the first answer of an item is kept). */
  keep: (t: Thread, reply: Reply) => void;
}

/**
 * Hands out items to the workers that are up, `depth` in flight each (so a worker never waits for
 * this thread to notice an answer), and does the rest here, in order. When none are left to hand
 * out, this thread takes the items still in flight on the workers too rather than wait for them
 * (a worker slowed down by a busy machine, or one that failed), the last handed out first (a worker
 * works through its items in order): whichever finishes first counts, and as every item gives the
 * same answer wherever it is done, results never depend on threads.
 */
async function share(count: number, order: (k: number) => number, threads: ReadonlyArray<Promise<Thread | null>>, depth: number, step: Step, lanes?: ReadonlyArray<readonly number[]>): Promise<void> {
  await startShare(count, order, threads, depth, step, lanes).run();
}

/**
 * share(), in two halves: the workers start on their items at once (within a tick), this thread
 * joins when run() is called. With a large `depth` the workers are handed their items up front, so
 * they keep busy while this thread does something else first.
 */
function startShare(count: number, order: (k: number) => number, threads: ReadonlyArray<Promise<Thread | null>>, depth: number, step: Step, lanes?: ReadonlyArray<readonly number[]>): { run: () => Promise<void> } {
  let next = 0;
  const settled = new Uint8Array(count);
  const inFlight = new Map<Thread, number[]>();
  const detachers: Array<() => void> = [];
  let finished = false;
  // Lanes (optional): lane 0 is this thread's, lane w + 1 worker w's. A thread takes its own lane's
  // items first, in order, then the last items of the longest other lane.
  const queues = lanes?.map((l) => [...l]);
  const take = (lane: number): number => {
    if (queues) {
      const own = queues[lane % queues.length]!;
      while (own.length) {
        const i = own.shift()!;
        if (!settled[i]) return i;
      }
      for (;;) {
        let longest: number[] | null = null;
        for (const q of queues) if (q.length && (!longest || q.length > longest.length)) longest = q;
        if (!longest) break;
        const i = longest.pop()!;
        if (!settled[i]) return i;
      }
      next = count;
      return -1;
    }
    while (next < count) {
      const i = order(next++);
      if (!settled[i]) return i;
    }
    return -1;
  };
  threads.forEach((pending, w) => {
    void pending.then((t) => {
      if (!t || !t.alive || finished || next >= count) return;
      const mine: number[] = [];
      inFlight.set(t, mine);
      const send = () => {
        const i = take(w + 1);
        if (i < 0) return;
        mine.push(i);
        step.remote(t, i);
      };
      const onMessage = (reply: Reply) => {
        const i = step.answered(reply);
        if (i < 0) return;
        const at = mine.indexOf(i);
        if (at >= 0) mine.splice(at, 1);
        if (!settled[i]) {
          step.keep(t, reply);
          settled[i] = 1;
        }
        send();
      };
      const onError = () => {
        t.alive = false;
        // Its items in flight are taken here (below), as any still unsettled.
        detach();
      };
      const detach = () => {
        t.worker.off('message', onMessage);
        t.worker.off('error', onError);
        t.worker.off('exit', onError);
      };
      detachers.push(detach);
      t.worker.on('message', onMessage);
      t.worker.once('error', onError);
      t.worker.once('exit', onError);
      for (let d = 0; d < depth && next < count; d++) send();
    });
  });
  return {
    run: async () => {
      // Workers already up take their first items before this thread starts on its own.
      await tick();
      for (;;) {
        let i = take(0);
        if (i < 0) {
          // Nothing left to hand out: an item still in flight on a worker is done here too, the
          // one it will reach last first.
          for (const items of inFlight.values()) {
            for (let k = items.length - 1; k >= 0 && i < 0; k--) if (!settled[items[k]!]) i = items[k]!;
            if (i >= 0) break;
          }
          if (i < 0) break;
        }
        step.local(i);
        settled[i] = 1;
        // Let the workers' answers in, so they get their next items.
        await tick();
      }
      finished = true;
      // Answers still on their way are not waited for (their items were done here).
      for (const detach of detachers) detach();
    },
  };
}

export class ComparePool {
  private readonly started: Array<{ worker: Worker | null; ready: Promise<Worker | null> }>;
  /** Each worker as soon as it exists (it queues what it is sent until its code has loaded). */
  private readonly eager: Array<Thread | null>;
  /** Each worker once its code has loaded (null when it could not start). */
  private readonly threads: Array<Promise<Thread | null>>;
  /** Columns, rules' blocks and slices of pairs the workers did (the rest were done here). */
  readonly done = { columns: 0, blocks: 0, slices: 0 };
  private batches = 0;
  private table: PreparedTable | null = null;
  /** The prepared columns in fieldSpecs order (as the workers hold them). */
  private fields: PreparedField[] = [];
  private settings: Settings | null = null;
  private built: Comparator[] | null = null;

  /** This thread's comparators, built on first use (after blocking: its features are read then). */
  get comparators(): Comparator[] {
    if (!this.built) {
      if (!this.table || !this.settings) throw new Error('the pool has no prepared table yet');
      this.built = comparatorsOf(this.table, this.settings);
    }
    return this.built;
  }

  /**
   * Threads start at once (before the fields are prepared, so their start-up overlaps that work).
   * threads = 1: this thread alone.
   */
  constructor(threads: number) {
    this.started = Array.from({ length: Math.max(0, Math.floor(threads) - 1) }, () => startWorker());
    this.eager = this.started.map(({ worker }) => {
      if (!worker) return null;
      const t: Thread = { worker, alive: true, interned: new Set(), tableSent: false };
      const failed = () => (t.alive = false);
      worker.once('exit', failed);
      worker.once('error', failed);
      return t;
    });
    this.threads = this.started.map((s, w) =>
      s.ready.then((worker) => {
        const t = this.eager[w]!;
        if (!worker) {
          if (t) t.alive = false;
          return null;
        }
        return t;
      }),
    );
  }

  /**
   * The prepared table: compared fields first (in settings order), then blocking-only columns. The
   * columns are interned in lanes, one per thread: a worker is sent its first columns at once, before
   * its code has loaded (this thread, busy interning its own, would otherwise notice a worker ready
   * only after a column); a thread done with its lane takes another's columns not yet sent. The
   * workers are then sent the columns they lack (each thread works out the features it reads
   * itself, on first use).
   */
  async prepare(inputs: readonly Dataset[], settings: Settings): Promise<PreparedTable> {
    const specs = fieldSpecs(settings);
    const raw = specs.map((c) => rawColumns(c, inputs));
    const lengths = inputs.map((d) => d.ids.length);
    const interned: Array<InternedField | undefined> = new Array(specs.length);
    // Columns this thread took (shared memory): a worker skips one still queued for it.
    const taken = new Uint8Array(new SharedArrayBuffer(specs.length));
    const lanes = columnLanes(
      specs.map((c) => c.kind),
      this.started.length,
    );
    await share(specs.length, (k) => k, this.eager.map((t) => Promise.resolve(t)), 2, {
      local: (i) => {
        taken[i] = 1;
        interned[i] = internField(specs[i]!.kind, raw[i]!, lengths);
      },
      remote: (t, i) => t.worker.postMessage({ intern: { index: i, kind: specs[i]!.kind, columns: raw[i]!, lengths, taken } } satisfies Request),
      answered: (reply) => (typeof reply === 'object' && 'interned' in reply ? reply.interned.index : -1),
      keep: (t, reply) => {
        const answer = (reply as Extract<Reply, { interned: unknown }>).interned;
        // Skipped: taken here meanwhile (and so already settled: never kept).
        if ('skipped' in answer) return;
        const { index, ids, values, counts } = answer;
        interned[index] = { ids, values, counts };
        t.interned.add(index);
        this.done.columns++;
      },
    }, lanes);
    const recordIds = inputs.flatMap((d) => d.ids);
    const split = lengths[0]!;
    const n = recordIds.length;
    // Every worker (those still starting, too, when they are ready) gets the columns it lacks.
    for (const pending of this.threads) {
      void pending.then((t) => {
        if (!t || !t.alive) return;
        const message: TableMessage = { comparisons: settings.comparisons, specs, n, split, fields: specs.map((_, i) => (t.interned.has(i) ? null : interned[i]!)) };
        t.worker.postMessage({ table: message } satisfies Request);
        t.tableSent = true;
      });
    }
    const fields: PreparedField[] = specs.map((c, i) => fieldFrom(c, interned[i]!));
    const source = new Uint8Array(n);
    source.fill(1, split);
    const table: PreparedTable = { n, recordIds, source, split, ...tableFields(fields, settings.comparisons.length) };
    this.table = table;
    this.fields = fields;
    this.settings = settings;
    return table;
  }

  /** Each rule's blocks, worked out on whichever thread is free. */
  async ruleBlocks(table: PreparedTable, rules: readonly BlockingRule[], maxBlockSize: number): Promise<RuleBlocks[]> {
    const out: RuleBlocks[] = new Array(rules.length);
    const order = rules.map((_, i) => i).sort((a, b) => ruleCost(rules[b]!) - ruleCost(rules[a]!) || a - b);
    // Workers that were sent the table (they read it before these requests).
    const ready = this.threads.map((p) => p.then((t) => (t && t.tableSent ? t : null)));
    await share(rules.length, (k) => order[k]!, ready, 2, {
      local: (i) => (out[i] = ruleBlocks(table, rules[i]!)),
      remote: (t, i) => t.worker.postMessage({ blocks: { index: i, rule: rules[i]!, maxBlockSize } } satisfies Request),
      answered: (reply) => (typeof reply === 'object' && 'blocks' in reply ? reply.blocks.index : -1),
      keep: (_, reply) => {
        const { blocks } = reply as Extract<Reply, { blocks: unknown }>;
        out[blocks.index] = ruleBlocksFrom(blocks);
        this.done.blocks++;
      },
    }, ruleLanes(rules, this.threads.length + 1));
    // The workers build their comparators (the features the comparisons read) while this thread
    // makes the pairs, taking the skeletons and sound codes this thread worked out for its rules
    // (a name column's cost most: copied, they cost a few milliseconds).
    const features = this.fields.map((f, index) => ({ index, ...costlyFeatures(f) })).filter((x) => Object.keys(x).length > 1);
    for (const pending of this.threads) {
      void pending.then((t) => {
        if (!t?.alive || !t.tableSent) return;
        if (features.length > 0) t.worker.postMessage({ features } satisfies Request);
        t.worker.postMessage({ warm: true } satisfies Request);
      });
    }
    return out;
  }

  /**
   * Levels of pairs [0, count), pair-major, into `gamma` (a new array when not given). The pairs go
   * out in slices: each worker keeps two in flight and this thread compares the rest (and, at the
   * end, those a slow worker still holds).
   */
  async compare(left: Int32Array, right: Int32Array, count: number, gamma?: Uint8Array): Promise<Uint8Array> {
    const out = gamma ?? new Uint8Array(count * this.fieldCount());
    await this.startCompare(left, right, count, out, 2).run();
    return out;
  }

  /**
   * compare(), with the workers handed every slice now and this thread joining when `finish` is
   * called: the workers compare these pairs while this thread does other work (makes the candidate
   * pairs, say). Resolves once the workers have the slices. `progress` hears, once per slice of
   * pairs (on this thread), how many of the `count` pairs are done.
   */
  async compareAhead(left: Int32Array, right: Int32Array, count: number, gamma: Uint8Array, progress?: (done: number, count: number) => void): Promise<{ finish: () => Promise<Uint8Array> }> {
    // Each worker's share up front (one worker: all of them).
    const started = this.startCompare(left, right, count, gamma, Math.ceil(Math.ceil(count / SLICE) / Math.max(1, this.started.length)), progress);
    await tick();
    return {
      finish: async () => {
        await started.run();
        return gamma;
      },
    };
  }

  /** Compared fields (the table's). */
  private fieldCount(): number {
    if (!this.table) throw new Error('the pool has no prepared table yet');
    return this.table.fields.length;
  }

  private startCompare(left: Int32Array, right: Int32Array, count: number, gamma: Uint8Array, depth: number, progress?: (done: number, count: number) => void): { run: () => Promise<void> } {
    const F = this.fieldCount();
    if (count < MIN_PAIRS_FOR_THREADS || this.started.length === 0) {
      return {
        run: async () => {
          // Long runs of pairs per field (a field's memo stays in cache), told in steps of LOCAL_RUN.
          for (let from = 0; from < count; from += LOCAL_RUN) {
            comparePairs(this.comparators, left, right, from, Math.min(count, from + LOCAL_RUN), gamma);
            progress?.(Math.min(count, from + LOCAL_RUN), count);
          }
        },
      };
    }
    let done = 0;
    const tally = (pairs: number) => {
      done = Math.min(count, done + pairs);
      progress?.(done, count);
    };
    const slices = Math.ceil(count / SLICE);
    // A batch's own answers only (a slice done here may still be answered late by a worker).
    const batch = ++this.batches;
    // Slices this thread took (shared memory): a worker skips those still queued for it instead of
    // comparing them again (this thread takes a worker's last slices at the end of a step).
    const taken = new Uint8Array(new SharedArrayBuffer(slices));
    const ready = this.threads.map((p) => p.then((t) => (t && t.tableSent ? t : null)));
    return startShare(slices, (k) => k, ready, depth, {
      local: (i) => {
        taken[i] = 1;
        comparePairs(this.comparators, left, right, i * SLICE, Math.min(count, (i + 1) * SLICE), gamma);
        tally(Math.min(count, (i + 1) * SLICE) - i * SLICE);
      },
      remote: (t, i) => {
        const l = left.slice(i * SLICE, Math.min(count, (i + 1) * SLICE));
        const r = right.slice(i * SLICE, Math.min(count, (i + 1) * SLICE));
        t.worker.postMessage({ batch, index: i, left: l, right: r, taken } satisfies Request, [l.buffer as ArrayBuffer, r.buffer as ArrayBuffer]);
      },
      answered: (reply) => (typeof reply === 'object' && 'levels' in reply && reply.batch === batch ? reply.index : -1),
      keep: (_, reply) => {
        const { index, levels } = reply as Extract<Reply, { levels: unknown }>;
        gamma.set(levels, index * SLICE * F);
        this.done.slices++;
        tally(levels.length / F);
      },
    });
  }

  /** How many workers started (waits for those still starting). */
  async workersStarted(): Promise<number> {
    return (await Promise.all(this.threads)).filter((t) => t?.alive).length;
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

/** Node flags without tsx's own (`--require …/tsx/…`, `--import …/tsx/…`). */
function withoutTsx(flags: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i]!;
    const value = flag.includes('=') ? flag.slice(flag.indexOf('=') + 1) : flags[i + 1];
    const loads = /^--(require|import|loader|experimental-loader)(=|$)/.test(flag) || flag === '-r';
    if (loads && value && /[\\/]tsx[\\/]/.test(value)) {
      if (!flag.includes('=')) i++;
      continue;
    }
    out.push(flag);
  }
  return out;
}

function startWorker(): { worker: Worker | null; ready: Promise<Worker | null> } {
  const self = import.meta.url;
  // The parent's tsx flags are left out: the worker runs a bundle of its code or registers tsx itself.
  const options = { workerData: { kind: 'rapport-compare' }, execArgv: withoutTsx(process.execArgv) };
  let worker: Worker;
  try {
    // From TypeScript sources (tsx, tests) the worker runs its code bundled into JavaScript
    // (worker-bundle.ts), else registers tsx first; the built package runs as is.
    const bundled = self.endsWith('.ts') ? bundledEntry(self) : null;
    if (bundled) worker = new Worker(new URL(bundled), options);
    else {
      const loader = self.endsWith('.ts') ? tsxLoader(self) : null;
      const code = loader ? `import(${JSON.stringify(loader)}).then((m) => { m.register(); return import(${JSON.stringify(self)}); })` : `import(${JSON.stringify(self)})`;
      worker = new Worker(code, { ...options, eval: true });
    }
  } catch {
    return { worker: null, ready: Promise.resolve(null) };
  }
  const ready = new Promise<Worker | null>((resolve) => {
    worker.once('message', () => resolve(worker)); // 'ready'
    worker.once('error', () => resolve(null));
    worker.once('exit', () => resolve(null));
  });
  return { worker, ready };
}

/** Worker side: intern the columns it is sent, build the table, then work out blocks and compare slices. */
function workerMain() {
  const interned = new Map<number, InternedField>();
  let table: PreparedTable | null = null;
  let fields: PreparedField[] = [];
  let comparisons: ComparisonSettings[] = [];
  // Built at the first slice: the features the comparisons read are worked out then, not before
  // the blocks this thread is asked for.
  let comparators: Comparator[] | null = null;
  const reply = (message: Reply, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(message, transfer);
  parentPort!.on('message', (message: Request) => {
    if ('intern' in message) {
      const { index, kind, columns, lengths, taken } = message.intern;
      // Taken by the job's thread meanwhile (it finished its own lane first).
      if (taken[index]) return reply({ interned: { index, skipped: true } });
      const field = internField(kind, columns, lengths);
      interned.set(index, field);
      // Copies (this thread keeps its own).
      reply({ interned: { index, ...field } });
    } else if ('table' in message) {
      const m = message.table;
      fields = m.specs.map((c, i) => fieldFrom(c, m.fields[i] ?? interned.get(i)!));
      interned.clear();
      table = { n: m.n, recordIds: [], source: new Uint8Array(0), split: m.split, ...tableFields(fields, m.comparisons.length) };
      comparisons = m.comparisons;
      comparators = null;
    } else if ('blocks' in message) {
      const { index, rule, maxBlockSize } = message.blocks;
      const blocks = ruleBlocksMessage(table!, rule, maxBlockSize);
      reply({ blocks: { index, ...blocks } }, [blocks.ids.buffer as ArrayBuffer, ...(blocks.start ? [blocks.start.buffer as ArrayBuffer] : [])]);
    } else if ('features' in message) {
      for (const { index, ...features } of message.features) adoptFeatures(fields[index]!, features);
    } else if ('warm' in message) {
      comparators ??= comparatorsOf(table!, { comparisons });
    } else {
      const { batch, index, left, right, taken } = message;
      // Taken by the job's thread meanwhile (its answer is not read): no levels.
      if (taken[index]) return reply({ batch, index, levels: new Uint8Array(0) });
      comparators ??= comparatorsOf(table!, { comparisons });
      const gamma = new Uint8Array(left.length * comparators.length);
      comparePairs(comparators, left, right, 0, left.length, gamma);
      reply({ batch, index, levels: gamma }, [gamma.buffer]);
    }
  });
  reply('ready');
}

if (!isMainThread && (workerData as { kind?: string } | undefined)?.kind === 'rapport-compare') workerMain();
