// Background jobs queued in PostgreSQL itself (no Redis): one row per job, claimed by a worker with
// FOR UPDATE SKIP LOCKED and held under a lease that a crashed worker loses, so another resumes it
// from its checkpoint.
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, tenantPolicy, updatedAt } from '../../db/columns.ts';

export const jobStatuses = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof jobStatuses)[number];

export interface JobProgress {
  done: number;
  total: number | null;
  /** Rows (or units) per second since the job started. */
  rate: number | null;
  /** Seconds left at the current rate, when the total is known. */
  eta: number | null;
}

export const jobs = pgTable(
  'jobs',
  {
    tenantId: tenantId(),
    id: id(),
    kind: text('kind').notNull(),
    status: text('status').$type<JobStatus>().notNull().default('queued'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    progress: jsonb('progress').$type<JobProgress>().notNull().default({ done: 0, total: null, rate: null, eta: null }),
    checkpoint: jsonb('checkpoint').$type<Record<string, unknown> | null>(),
    result: jsonb('result').$type<Record<string, unknown> | null>(),
    attempts: integer('attempts').notNull().default(0),
    lockedBy: text('locked_by'),
    lockedUntil: timestamp('locked_until', { withTimezone: true, mode: 'date' }),
    error: text('error'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    // The worker's claim looks across tenants at queued and leased jobs, oldest first.
    index('jobs_claim_idx').on(t.status, t.createdAt).where(sql`status in ('queued', 'running')`),
    index('jobs_tenant_created_idx').on(t.tenantId, t.createdAt, t.id),
    check('jobs_status_check', sql`status in ('queued', 'running', 'succeeded', 'failed', 'cancelled')`),
    tenantPolicy(),
  ],
).enableRLS();
