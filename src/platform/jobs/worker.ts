// The job worker: claims one job at a time across tenants on the owner connection (FOR UPDATE SKIP
// LOCKED, so workers on many servers never take the same job), holds it under a lease renewed by a
// heartbeat, and runs its handler inside the job's tenant acting as the job's creator. A worker that
// dies stops renewing; once the lease runs out another worker claims the job and the handler
// resumes from the last checkpoint it saved (in the same transaction as the work it describes).
// A worker started with `schedules` also queues the tenants' due recurring runs (schedules.ts).
import { hostname } from 'node:os';
import { and, eq, sql } from 'drizzle-orm';
import type { Database, Tx } from '../../db/client.ts';
import { rowsOf } from '../../db/sql.ts';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors.ts';
import { uuidv7 } from '../ids.ts';
import { jobs, type JobProgress } from './tables.ts';
import type { JobRow, RunAs } from './service.ts';
import { enqueueDueSchedules, ensureDefaultSchedules } from './schedules.ts';

export interface JobRun<C = Record<string, unknown>> {
  readonly job: JobRow;
  /** The job's tenant, acting as the user who queued it. */
  readonly ctx: Ctx;
  /** What the last saved batch left behind (null on a first run). */
  readonly checkpoint: C | null;
  /** Aborted when the worker stops: finish or save the current batch, then throw JobPaused. */
  readonly signal: AbortSignal;
  /**
   * Saves the checkpoint and progress in tx, the batch's own tenant transaction, only if this worker
   * still holds the lease and the job was not cancelled; otherwise throws (and tx rolls back).
   */
  save(tx: Tx, checkpoint: C, progress: { done: number; total: number | null }): Promise<void>;
}

export type JobHandler = (run: JobRun<never>) => Promise<Record<string, unknown> | void>;

/** Thrown by a handler that stopped early because the worker is stopping; the job is re-queued. */
export class JobPaused extends Error {
  override name = 'JobPaused';
}
/** The job was cancelled or its lease passed to another worker: leave it alone. */
export class JobLost extends Error {
  override name = 'JobLost';
}

export interface WorkerOptions {
  id?: string;
  leaseMs?: number;
  pollMs?: number;
  /** Called after every saved checkpoint (the CLI prints progress from it). */
  onProgress?: (job: JobRow, progress: JobProgress) => void;
  /**
   * Also queue due scheduled runs while polling (`rapport serve` turns this on): every `everyMs`
   * (default 15 s), after creating the default schedules tenants lack once at start.
   */
  schedules?: boolean | { everyMs?: number };
}

export interface Worker {
  readonly id: string;
  /** Claims and runs one job (this one, if given and claimable); false when there was none. */
  runOnce(jobId?: string): Promise<boolean>;
  /** Polls for jobs until stop(). */
  start(): void;
  /** Finishes the current batch, hands the job back to the queue and stops. */
  stop(): Promise<void>;
  /** Stops like a crash would: no hand-back, the lease simply runs out (tests). */
  kill(): void;
}

export function createWorker(database: Database, handlers: Record<string, JobHandler>, options: WorkerOptions = {}): Worker {
  const id = options.id ?? `${hostname()}:${process.pid}:${uuidv7().slice(-8)}`;
  const leaseMs = options.leaseMs ?? 30_000;
  const pollMs = options.pollMs ?? 1_000;
  const kinds = Object.keys(handlers);
  let controller = new AbortController();
  let killed = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  const scheduleEveryMs = options.schedules ? (typeof options.schedules === 'object' ? options.schedules.everyMs ?? 15_000 : 15_000) : null;
  let lastTick = 0;
  let defaultsMade = false;

  /** Queues due scheduled runs when it is time to look again; errors only delay the next look. */
  async function tick(signal: AbortSignal): Promise<void> {
    if (scheduleEveryMs === null || Date.now() - lastTick < scheduleEveryMs) return;
    lastTick = Date.now();
    try {
      if (!defaultsMade) {
        await ensureDefaultSchedules(database.db, null);
        defaultsMade = true;
      }
      await enqueueDueSchedules(database);
    } catch (err) {
      if (!signal.aborted) console.error('job worker: scheduling failed', err);
    }
  }

  async function claim(jobId?: string): Promise<JobRow | undefined> {
    const only = jobId ? sql`and id = ${jobId}::uuid` : sql``;
    const claimed = await rowsOf<{ tenant_id: string; id: string }>(database.db, sql`
      update jobs set status = 'running', locked_by = ${id}, locked_until = now() + ${`${leaseMs} milliseconds`}::interval,
        attempts = attempts + 1, started_at = coalesce(started_at, now()), updated_at = now()
      where (tenant_id, id) = (
        select tenant_id, id from jobs
        where (status = 'queued' or (status = 'running' and locked_until < now()))
          and kind = any(${`{${kinds.join(',')}}`}::text[]) ${only}
        order by created_at limit 1 for update skip locked)
      returning tenant_id, id`);
    const row = claimed[0];
    if (!row) return undefined;
    const [job] = await database.db.select().from(jobs).where(and(eq(jobs.tenantId, row.tenant_id), eq(jobs.id, row.id)));
    return job;
  }

  /** Only while we hold the lease: a worker that lost it must not overwrite its successor. */
  const ours = (job: JobRow) => and(eq(jobs.tenantId, job.tenantId), eq(jobs.id, job.id), eq(jobs.lockedBy, id), eq(jobs.status, 'running'));

  async function finish(job: JobRow, set: Partial<typeof jobs.$inferInsert>) {
    await database.db.update(jobs).set({ ...set, lockedBy: null, lockedUntil: null, updatedAt: new Date() }).where(ours(job));
  }

  async function run(job: JobRow): Promise<void> {
    const runAs = job.payload['runAs'] as RunAs;
    const ctx: Ctx = { database, tenantId: job.tenantId, principal: runAs.principal, actor: { id: job.createdBy, label: runAs.label } };
    const started = Date.now();
    const doneAtStart = job.progress.done;
    const heartbeat = setInterval(() => {
      database.db.update(jobs).set({ lockedUntil: sql`now() + ${`${leaseMs} milliseconds`}::interval` }).where(ours(job))
        .catch(() => undefined); // a missed beat only shortens the lease; the next save renews it
    }, Math.max(50, Math.floor(leaseMs / 3)));
    const signal = controller.signal;
    const save: JobRun['save'] = async (tx, checkpoint, p) => {
      if (killed) throw new JobLost('worker killed');
      const seconds = (Date.now() - started) / 1000;
      const rate = seconds > 0 ? Math.round(((p.done - doneAtStart) / seconds) * 10) / 10 : null;
      const eta = rate && p.total !== null ? Math.max(0, Math.round((p.total - p.done) / rate)) : null;
      const progress: JobProgress = { done: p.done, total: p.total, rate, eta };
      const saved = await tx.update(jobs)
        .set({ checkpoint: checkpoint as Record<string, unknown>, progress, updatedAt: new Date(), lockedUntil: sql`now() + ${`${leaseMs} milliseconds`}::interval` })
        .where(ours(job)).returning({ id: jobs.id });
      if (saved.length === 0) throw new JobLost('the job was cancelled or its lease expired');
      options.onProgress?.(job, progress);
    };
    try {
      const result = await handlers[job.kind]!({ job, ctx, checkpoint: job.checkpoint as never, signal, save: save as JobRun<never>['save'] });
      if (!killed) await finish(job, { status: 'succeeded', result: result ?? null, finishedAt: new Date(), error: null });
    } catch (err) {
      if (killed || err instanceof JobLost) return;
      if (err instanceof JobPaused) await finish(job, { status: 'queued' });
      else {
        if (!(err instanceof AppError)) console.error(`job ${job.id} (${job.kind}) failed`, err);
        await finish(job, { status: 'failed', error: err instanceof Error ? err.message : String(err), finishedAt: new Date() });
      }
    } finally {
      clearInterval(heartbeat);
    }
  }

  const worker: Worker = {
    id,
    async runOnce(jobId) {
      const job = await claim(jobId);
      if (!job) return false;
      await run(job);
      return true;
    },
    start() {
      if (loop) return;
      killed = false;
      controller = new AbortController();
      const signal = controller.signal;
      loop = (async () => {
        while (!signal.aborted) {
          await tick(signal);
          let found = false;
          try {
            found = await worker.runOnce();
          } catch (err) {
            if (!signal.aborted) console.error('job worker: claim failed', err);
          }
          if (!found && !signal.aborted) {
            await new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, pollMs);
              wake = () => { clearTimeout(timer); resolve(); };
            });
            wake = null;
          }
        }
      })();
    },
    async stop() {
      controller.abort();
      wake?.();
      await loop;
      loop = null;
    },
    kill() {
      killed = true;
      controller.abort();
      wake?.();
    },
  };
  return worker;
}
