// Background jobs queued in PostgreSQL itself (no Redis): one row per job, claimed by a worker with
// FOR UPDATE SKIP LOCKED and held under a lease that a crashed worker loses, so another resumes it
// from its checkpoint. Recurring work is a row in job_schedules (a daily time in a time zone, or an
// interval) that the workers turn into one job per due run (schedules.ts).
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, tenantPolicy, updatedAt, version } from '../../db/columns.ts';

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

/**
 * One recurring job per tenant and kind: daily at time_of_day in time_zone, or every
 * interval_minutes. next_run_at is when it is next due; a worker that queues the run moves it past
 * now in the same transaction, so a run is queued once however many workers look and however long
 * the servers were down.
 */
export const jobSchedules = pgTable(
  'job_schedules',
  {
    tenantId: tenantId(),
    id: id(),
    kind: text('kind').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    timeOfDay: text('time_of_day'),
    timeZone: text('time_zone'),
    intervalMinutes: integer('interval_minutes'),
    enabled: boolean('enabled').notNull().default(true),
    nextRunAt: timestamp('next_run_at', { withTimezone: true, mode: 'date' }).notNull(),
    lastRunAt: timestamp('last_run_at', { withTimezone: true, mode: 'date' }),
    lastJobId: uuid('last_job_id'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('job_schedules_kind_uq').on(t.tenantId, t.kind),
    // The workers' look for due runs across tenants.
    index('job_schedules_due_idx').on(t.nextRunAt).where(sql`enabled`),
    check('job_schedules_when_check', sql`(time_of_day is not null and time_zone is not null and interval_minutes is null) or (time_of_day is null and time_zone is null and interval_minutes is not null)`),
    check('job_schedules_time_check', sql`time_of_day ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'`),
    check('job_schedules_interval_check', sql`interval_minutes between 1 and 527040`),
    tenantPolicy(),
  ],
).enableRLS();
