// Recurring jobs: each tenant's schedules (job_schedules), the defaults every tenant gets (the nightly
// cadence evaluation and pledge lapse), and the tick every worker runs to queue due runs. The tick
// claims due schedule rows with FOR UPDATE SKIP LOCKED on the owner connection and, in the same
// transaction, queues the job and moves next_run_at to the first occurrence after now: a run is
// queued exactly once however many servers tick, and a schedule missed for days (servers down)
// runs once on return, not once per missed day. Daily times are local times in the schedule's
// zone, worked out by PostgreSQL (so daylight-saving changes move the UTC instant, not the local
// time). Admins list schedules and change their timing or switch them off (audited).
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Database, Queryable } from '../../db/client.ts';
import { rowsOf } from '../../db/sql.ts';
import { inTenant, readInTenant, type Ctx } from '../context.ts';
import { AppError, forbidden, invalid, notFound } from '../errors.ts';
import { uuidv7 } from '../ids.ts';
import { appendAudit, diff } from '../audit/service.ts';
import { jobs, jobSchedules } from './tables.ts';
import type { RunAs } from './service.ts';

export type ScheduleRow = typeof jobSchedules.$inferSelect;

/** What every tenant gets (created with the tenant, and by the first worker tick for older tenants). */
export const defaultSchedules: ReadonlyArray<{ kind: string; timeOfDay: string; payload: Record<string, unknown> }> = [
  { kind: 'cadence.evaluate', timeOfDay: '02:00', payload: {} },
  { kind: 'outcomes.lapse', timeOfDay: '03:00', payload: { days: 90 } },
];

/** Scheduled runs act as the system: an admin principal no user holds. */
export const schedulerRunAs: RunAs = {
  principal: { userId: '00000000-0000-0000-0000-000000000000', role: 'admin', teamIds: [] },
  label: 'scheduler',
};

/** The first local time_of_day in time_zone strictly after `now` (SQL over a job_schedules row). */
const nextDailySql = (now: SQL, timeOfDay: SQL, timeZone: SQL) => sql`(select min(c) from (values
    ((((${now}) at time zone ${timeZone})::date + (${timeOfDay})::time) at time zone ${timeZone}),
    ((((${now}) at time zone ${timeZone})::date + 1 + (${timeOfDay})::time) at time zone ${timeZone})
  ) v(c) where c > ${now})`;

/**
 * The next run after `now` of a due row: the next daily time, or the first interval step after now
 * counted from the missed next_run_at (so an interval keeps its phase and skips what it missed).
 */
const advanceSql = (now: SQL) => sql`case when interval_minutes is not null
    then next_run_at + make_interval(mins => interval_minutes * (floor(extract(epoch from (${now} - next_run_at)) / 60 / interval_minutes)::int + 1))
    else ${nextDailySql(now, sql`time_of_day`, sql`time_zone`)} end`;

/** A time zone PostgreSQL knows (the evaluation would fail on any other). */
async function knownZone(q: Queryable, zone: string): Promise<boolean> {
  const [row] = await rowsOf<{ ok: boolean }>(q, sql`select exists (select 1 from pg_timezone_names where name = ${zone}) as ok`);
  return row?.ok === true;
}

/**
 * Creates the default schedules a tenant lacks (all tenants when tenantId is null), in the tenant's
 * time zone (tenants.settings.timeZone when PostgreSQL knows it, else UTC). Owner connection.
 */
export async function ensureDefaultSchedules(q: Queryable, tenantId: string | null): Promise<number> {
  const defaults = defaultSchedules.map((d) => ({ kind: d.kind, time: d.timeOfDay, payload: d.payload }));
  const rows = await rowsOf<{ id: string }>(q, sql`
    with d as (select * from json_to_recordset(${JSON.stringify(defaults)}::json) as (kind text, time text, payload jsonb)),
    t as (
      -- (pg_timezone_names is slow to read: only asked when the tenant names a zone)
      select tn.id, case when tn.settings ->> 'timeZone' is null then 'UTC'
        when exists (select 1 from pg_timezone_names z where z.name = tn.settings ->> 'timeZone') then tn.settings ->> 'timeZone' else 'UTC' end as zone
      from tenants tn ${tenantId ? sql`where tn.id = ${tenantId}::uuid` : sql``})
    insert into job_schedules (tenant_id, id, kind, payload, time_of_day, time_zone, next_run_at)
    select t.id, gen_random_uuid(), d.kind, d.payload, d.time, t.zone,
      ${nextDailySql(sql`now()`, sql`d.time`, sql`t.zone`)}
    from t cross join d
    where not exists (select 1 from job_schedules s where s.tenant_id = t.id and s.kind = d.kind)
    on conflict do nothing
    returning id`);
  return rows.length;
}

export interface QueuedRun {
  tenantId: string;
  scheduleId: string;
  kind: string;
  /** null when the previous run of this schedule was still queued or running (no pile-up). */
  jobId: string | null;
  dueAt: string;
  nextRunAt: string;
}

/**
 * Queues every due run (up to `limit` schedules) and moves each schedule past `now`, in one
 * transaction on the owner connection. Schedules another worker is handling are skipped.
 */
export async function enqueueDueSchedules(
  database: Database,
  options: { now?: Date; limit?: number; /** Only these tenants' schedules (tests, tools). */ tenantIds?: string[] } = {},
): Promise<QueuedRun[]> {
  const now = sql`${(options.now ?? new Date()).toISOString()}::timestamptz`;
  const limit = options.limit ?? 50;
  return database.db.transaction(async (tx) => {
    const due = await rowsOf<{ tenant_id: string; id: string; kind: string; payload: Record<string, unknown>; next_run_at: string; busy: boolean }>(tx, sql`
      select s.tenant_id, s.id, s.kind, s.payload, s.next_run_at,
        exists (select 1 from jobs j where j.tenant_id = s.tenant_id and j.id = s.last_job_id and j.status in ('queued', 'running')) as busy
      from job_schedules s
      where s.enabled and s.next_run_at <= ${now}
        ${options.tenantIds ? sql`and s.tenant_id = any(${`{${options.tenantIds.join(',')}}`}::uuid[])` : sql``}
      order by s.next_run_at limit ${limit}
      for update of s skip locked`);
    const out: QueuedRun[] = [];
    for (const s of due) {
      let jobId: string | null = null;
      if (!s.busy) {
        jobId = uuidv7();
        await tx.insert(jobs).values({
          tenantId: s.tenant_id, id: jobId, kind: s.kind,
          payload: { ...s.payload, scheduleId: s.id, runAs: schedulerRunAs }, createdBy: null,
        });
      }
      const [moved] = await rowsOf<{ next_run_at: string }>(tx, sql`
        update job_schedules set next_run_at = ${advanceSql(now)}, last_run_at = ${now},
          last_job_id = coalesce(${jobId}::uuid, last_job_id), updated_at = now()
        where tenant_id = ${s.tenant_id}::uuid and id = ${s.id}::uuid
        returning next_run_at`);
      out.push({
        tenantId: s.tenant_id, scheduleId: s.id, kind: s.kind, jobId,
        dueAt: new Date(s.next_run_at).toISOString(), nextRunAt: new Date(moved!.next_run_at).toISOString(),
      });
    }
    return out;
  });
}

export interface ScheduleOut {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  timeOfDay: string | null;
  timeZone: string | null;
  intervalMinutes: number | null;
  enabled: boolean;
  nextRunAt: string;
  lastRunAt: string | null;
  lastJobId: string | null;
  version: number;
  updatedAt: string;
}

export function presentSchedule(r: ScheduleRow): ScheduleOut {
  return {
    id: r.id, kind: r.kind, payload: r.payload, timeOfDay: r.timeOfDay, timeZone: r.timeZone, intervalMinutes: r.intervalMinutes,
    enabled: r.enabled, nextRunAt: r.nextRunAt.toISOString(), lastRunAt: r.lastRunAt?.toISOString() ?? null, lastJobId: r.lastJobId,
    version: r.version, updatedAt: r.updatedAt.toISOString(),
  };
}

const adminOnly = (ctx: Ctx) => {
  if (ctx.principal.role !== 'admin') throw forbidden('Only admins manage job schedules');
};

export async function listSchedules(ctx: Ctx): Promise<ScheduleOut[]> {
  adminOnly(ctx);
  const rows = await readInTenant(ctx, (q) => q.select().from(jobSchedules).where(eq(jobSchedules.tenantId, ctx.tenantId)).orderBy(asc(jobSchedules.kind)));
  return rows.map(presentSchedule);
}

export interface SchedulePatch {
  timeOfDay?: string | undefined;
  timeZone?: string | undefined;
  intervalMinutes?: number | undefined;
  enabled?: boolean | undefined;
}

/**
 * Changes a schedule's timing or switches it on or off (admin; audited as job_schedule.changed).
 * A daily time and an interval exclude each other: setting one clears the other. A new timing,
 * or switching back on, sets the next run to the first occurrence after now (no burst of old runs).
 */
export async function updateSchedule(ctx: Ctx, id: string, patch: SchedulePatch, expectedVersion?: number): Promise<ScheduleOut> {
  adminOnly(ctx);
  if (patch.intervalMinutes !== undefined && (patch.timeOfDay !== undefined || patch.timeZone !== undefined)) {
    throw new AppError('validation_failed', 422, 'A schedule runs at a daily time or every interval, not both', [
      { field: 'intervalMinutes', message: 'cannot be set together with timeOfDay or timeZone' },
    ]);
  }
  return inTenant(ctx, async (tx) => {
    const [row] = await tx.select().from(jobSchedules).where(and(eq(jobSchedules.tenantId, ctx.tenantId), eq(jobSchedules.id, id))).for('update');
    if (!row) throw notFound('Job schedule');
    if (expectedVersion !== undefined && expectedVersion !== row.version) {
      throw new AppError('stale_write', 412, `Job schedule was changed by someone else (now version ${row.version}); reload and retry`);
    }
    let timing: Pick<ScheduleRow, 'timeOfDay' | 'timeZone' | 'intervalMinutes'> = { timeOfDay: row.timeOfDay, timeZone: row.timeZone, intervalMinutes: row.intervalMinutes };
    if (patch.intervalMinutes !== undefined) timing = { timeOfDay: null, timeZone: null, intervalMinutes: patch.intervalMinutes };
    else if (patch.timeOfDay !== undefined || patch.timeZone !== undefined) {
      const timeOfDay = patch.timeOfDay ?? row.timeOfDay;
      if (!timeOfDay) throw invalid('timeOfDay', 'is required to switch an interval schedule to a daily time');
      timing = { timeOfDay, timeZone: patch.timeZone ?? row.timeZone ?? 'UTC', intervalMinutes: null };
    }
    if (patch.timeZone !== undefined && !(await knownZone(tx, patch.timeZone))) throw invalid('timeZone', `"${patch.timeZone}" is not a time zone PostgreSQL knows (IANA name, e.g. Europe/Paris)`);
    const enabled = patch.enabled ?? row.enabled;
    const retimed = timing.timeOfDay !== row.timeOfDay || timing.timeZone !== row.timeZone || timing.intervalMinutes !== row.intervalMinutes;
    const before = { timeOfDay: row.timeOfDay, timeZone: row.timeZone, intervalMinutes: row.intervalMinutes, enabled: row.enabled };
    const after = { ...timing, enabled };
    const changes = diff(before, after);
    if (Object.keys(changes).length === 0) return presentSchedule(row);
    let nextRunAt = row.nextRunAt;
    if (retimed || (enabled && !row.enabled)) {
      const [n] = await rowsOf<{ at: string }>(tx, timing.intervalMinutes !== null
        ? sql`select now() + make_interval(mins => ${timing.intervalMinutes}::int) as at`
        : sql`select ${nextDailySql(sql`now()`, sql`${timing.timeOfDay}::text`, sql`${timing.timeZone}::text`)} as at`);
      nextRunAt = new Date(n!.at);
    }
    if (nextRunAt.getTime() !== row.nextRunAt.getTime()) changes.nextRunAt = { before: row.nextRunAt.toISOString(), after: nextRunAt.toISOString() };
    const [updated] = await tx.update(jobSchedules)
      .set({ ...timing, enabled, nextRunAt, version: row.version + 1, updatedAt: new Date() })
      .where(and(eq(jobSchedules.tenantId, ctx.tenantId), eq(jobSchedules.id, id))).returning();
    await appendAudit(tx, ctx.tenantId, ctx.actor, [{ action: 'job_schedule.changed', entity: 'job_schedule', entityId: id, changes }]);
    return presentSchedule(updated!);
  });
}
