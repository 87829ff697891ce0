// Jobs as users see them: enqueue (inside the caller's transaction, so a job exists exactly when the
// work it describes was committed), list, get with progress, cancel. The worker (worker.ts) runs them.
import { and, desc, eq, lt, or, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { inTenant, readInTenant, type Ctx } from '../context.ts';
import { AppError, notFound } from '../errors.ts';
import { uuidv7 } from '../ids.ts';
import type { Principal } from '../policy/index.ts';
import { jobs, type JobStatus } from './tables.ts';

export type JobRow = typeof jobs.$inferSelect;

/** Who a job acts as: its creator, with the role and teams they had when they queued it. */
export interface RunAs {
  principal: Principal;
  label: string;
}

export interface JobOut {
  id: string;
  kind: string;
  status: JobStatus;
  payload: Record<string, unknown>;
  progress: { done: number; total: number | null; rate: number | null; eta: number | null };
  result: Record<string, unknown> | null;
  attempts: number;
  error: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export function presentJob(row: JobRow): JobOut {
  const { runAs: _r, ...payload } = row.payload;
  return {
    id: row.id, kind: row.kind, status: row.status, payload, progress: row.progress, result: row.result,
    attempts: row.attempts, error: row.error, createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null, finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/** Queues a job in tx (a transaction of ctx's tenant); it runs as ctx's principal. */
export async function enqueueJob(tx: Tx, ctx: Ctx, kind: string, payload: Record<string, unknown>, total: number | null = null): Promise<JobRow> {
  const runAs: RunAs = { principal: ctx.principal, label: ctx.actor.label };
  const [row] = await tx.insert(jobs).values({
    tenantId: ctx.tenantId, id: uuidv7(), kind, payload: { ...payload, runAs },
    progress: { done: 0, total, rate: null, eta: null }, createdBy: ctx.actor.id,
  }).returning();
  return row!;
}

/** Admins see every job of the tenant; everyone else the jobs they queued. */
const mine = (ctx: Ctx) => (ctx.principal.role === 'admin' ? undefined : eq(jobs.createdBy, ctx.principal.userId));

export async function listJobs(ctx: Ctx, q: { limit: number; before?: string | undefined; kind?: string | undefined; status?: JobStatus | undefined }) {
  const rows = await readInTenant(ctx, (db) => db.select().from(jobs).where(and(
    eq(jobs.tenantId, ctx.tenantId), mine(ctx),
    q.kind ? eq(jobs.kind, q.kind) : undefined,
    q.status ? eq(jobs.status, q.status) : undefined,
    q.before ? lt(jobs.id, q.before) : undefined,
  )).orderBy(desc(jobs.id)).limit(q.limit + 1));
  const data = rows.slice(0, q.limit).map(presentJob);
  return { data, nextCursor: rows.length > q.limit ? data[data.length - 1]!.id : null };
}

export async function getJobRow(ctx: Ctx, id: string): Promise<JobRow> {
  const [row] = await readInTenant(ctx, (db) => db.select().from(jobs).where(and(eq(jobs.tenantId, ctx.tenantId), eq(jobs.id, id), mine(ctx))));
  if (!row) throw notFound('Job');
  return row;
}

export const getJob = async (ctx: Ctx, id: string) => presentJob(await getJobRow(ctx, id));

/**
 * Cancels a queued or running job. A running job notices at its next checkpoint (its save is
 * refused) and stops there; the batches it already committed stay committed.
 */
export async function cancelJob(ctx: Ctx, id: string): Promise<JobOut> {
  return inTenant(ctx, async (tx) => {
    const [row] = await tx.update(jobs)
      .set({ status: 'cancelled', finishedAt: new Date(), updatedAt: new Date(), lockedBy: null, lockedUntil: null })
      .where(and(eq(jobs.tenantId, ctx.tenantId), eq(jobs.id, id), mine(ctx), or(eq(jobs.status, 'queued'), eq(jobs.status, 'running'))))
      .returning();
    if (row) return presentJob(row);
    const [current] = await tx.select().from(jobs).where(and(eq(jobs.tenantId, ctx.tenantId), eq(jobs.id, id), mine(ctx)));
    if (!current) throw notFound('Job');
    throw new AppError('conflict', 409, `Job is already ${current.status}`, [{ field: 'status', message: `is ${current.status}` }]);
  });
}

/** The latest job of a kind whose payload names this record (e.g. an import's run). */
export async function latestJobFor(tx: Tx, tenantId: string, kind: string, key: string, value: string): Promise<JobRow | undefined> {
  const [row] = await tx.select().from(jobs)
    .where(and(eq(jobs.tenantId, tenantId), eq(jobs.kind, kind), sql`${jobs.payload} ->> ${key} = ${value}`))
    .orderBy(desc(jobs.id)).limit(1);
  return row;
}
