// Recurring jobs: default schedules per tenant, a due run queued exactly once (also by workers
// racing), nothing from a disabled schedule, one catch-up run after downtime, local times in the
// schedule's zone (daylight saving included), no pile-up behind a run still queued, the admin API
// (validation, audit), and a scheduled cadence evaluation and pledge lapse run to the end.
import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { forEachDatabase, type Harness, type TestTenant } from '../../../test/harness.ts';
import { rowsOf } from '../../db/sql.ts';
import { enqueueDueSchedules, ensureDefaultSchedules } from './schedules.ts';
import { createWorker } from './worker.ts';
import { cadenceJobs } from '../../cadence/jobs.ts';
import { outcomeJobs } from '../../outcomes/jobs.ts';

interface Sched { id: string; kind: string; timeOfDay: string | null; timeZone: string | null; intervalMinutes: number | null; enabled: boolean; nextRunAt: string; lastJobId: string | null; version: number }

async function schedules(t: TestTenant): Promise<Sched[]> {
  const res = await t.request('GET', '/api/v1/job-schedules', t.admin);
  expect(res.statusCode).toBe(200);
  return res.json().data;
}
const scheduleOf = async (t: TestTenant, kind: string) => (await schedules(t)).find((s) => s.kind === kind)!;

/** Moves a schedule's next run (owner connection: what downtime or the clock would do). */
async function dueAt(h: Harness, t: TestTenant, kind: string, at: string) {
  await h.database.db.execute(sql`update job_schedules set next_run_at = ${at}::timestamptz where tenant_id = ${t.id}::uuid and kind = ${kind}`);
}

async function jobsOf(h: Harness, t: TestTenant, kind: string) {
  return rowsOf<{ id: string; status: string; payload: Record<string, unknown> }>(h.database.db, sql`
    select id, status, payload from jobs where tenant_id = ${t.id}::uuid and kind = ${kind} order by created_at`);
}

/** Local wall-clock time of an instant in a zone, as HH:MM. */
const localTime = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));

forEachDatabase('job schedules', (h) => {
  it('gives every tenant a nightly cadence evaluation and pledge lapse, listed for admins only', async () => {
    const t = await h.tenant();
    const list = await schedules(t);
    expect(list.map((s) => [s.kind, s.timeOfDay, s.timeZone, s.intervalMinutes, s.enabled])).toEqual([
      ['cadence.evaluate', '02:00', 'UTC', null, true],
      ['outcomes.lapse', '03:00', 'UTC', null, true],
    ]);
    for (const s of list) {
      const next = new Date(s.nextRunAt).getTime();
      expect(next).toBeGreaterThan(Date.now());
      expect(next - Date.now()).toBeLessThanOrEqual(24 * 3600_000);
      expect(localTime(s.nextRunAt, 'UTC')).toBe(s.timeOfDay);
    }
    const manager = await t.user('manager');
    expect((await t.request('GET', '/api/v1/job-schedules', manager.token)).statusCode).toBe(403);
    expect((await t.request('PATCH', `/api/v1/job-schedules/${list[0]!.id}`, manager.token, { enabled: false })).statusCode).toBe(403);
    // Another tenant's schedule is not found from here.
    const other = await h.tenant();
    expect((await other.request('PATCH', `/api/v1/job-schedules/${list[0]!.id}`, other.admin, { enabled: false })).statusCode).toBe(404);
    // Made again (as for tenants older than schedules): in the tenant's own zone, and only once.
    await h.database.db.execute(sql`update tenants set settings = settings || '{"timeZone": "Asia/Tokyo"}'::jsonb where id = ${other.id}::uuid`);
    await h.database.db.execute(sql`delete from job_schedules where tenant_id = ${other.id}::uuid`);
    expect(await ensureDefaultSchedules(h.database.db, other.id)).toBe(2);
    expect(await ensureDefaultSchedules(h.database.db, other.id)).toBe(0);
    const tokyo = await schedules(other);
    expect(tokyo.map((s) => s.timeZone)).toEqual(['Asia/Tokyo', 'Asia/Tokyo']);
    expect(localTime(tokyo[0]!.nextRunAt, 'Asia/Tokyo')).toBe('02:00');
  });

  it('queues a due run once and moves the schedule to its next time', async () => {
    const t = await h.tenant();
    await dueAt(h, t, 'cadence.evaluate', new Date(Date.now() - 60_000).toISOString());
    const queued = await enqueueDueSchedules(h.database, { tenantIds: [t.id] });
    expect(queued).toEqual([expect.objectContaining({ tenantId: t.id, kind: 'cadence.evaluate', jobId: expect.any(String) })]);
    const jobs = await jobsOf(h, t, 'cadence.evaluate');
    expect(jobs.map((j) => j.id)).toEqual([queued[0]!.jobId]);
    expect(jobs[0]!.payload).toMatchObject({ scheduleId: queued[0]!.scheduleId, runAs: { label: 'scheduler', principal: { role: 'admin' } } });
    const s = await scheduleOf(t, 'cadence.evaluate');
    expect(s.lastJobId).toBe(queued[0]!.jobId);
    expect(new Date(s.nextRunAt).getTime()).toBeGreaterThan(Date.now());
    expect(localTime(s.nextRunAt, 'UTC')).toBe('02:00');
    // Not due any more: a second look queues nothing; the lapse schedule was never due.
    expect(await enqueueDueSchedules(h.database, { tenantIds: [t.id] })).toEqual([]);
    expect(await jobsOf(h, t, 'cadence.evaluate')).toHaveLength(1);
    expect(await jobsOf(h, t, 'outcomes.lapse')).toHaveLength(0);
  });

  it('queues one run when several workers look at the same due schedule at once', async () => {
    const t = await h.tenant();
    for (let round = 1; round <= 3; round++) {
      await h.database.db.execute(sql`update jobs set status = 'succeeded' where tenant_id = ${t.id}::uuid`); // the last run finished
      await dueAt(h, t, 'outcomes.lapse', new Date(Date.now() - 60_000).toISOString());
      const results = await Promise.all(Array.from({ length: 4 }, () => enqueueDueSchedules(h.database, { tenantIds: [t.id] })));
      expect(results.flat().filter((r) => r.jobId)).toHaveLength(1);
      expect(await jobsOf(h, t, 'outcomes.lapse')).toHaveLength(round);
    }
  });

  it('does nothing for a disabled schedule, and re-enabling does not run what was missed', async () => {
    const t = await h.tenant();
    const s = await scheduleOf(t, 'cadence.evaluate');
    const off = await t.request('PATCH', `/api/v1/job-schedules/${s.id}`, t.admin, { enabled: false });
    expect(off.statusCode).toBe(200);
    expect(off.json()).toMatchObject({ enabled: false, version: 2 });
    await dueAt(h, t, 'cadence.evaluate', new Date(Date.now() - 3 * 86_400_000).toISOString());
    expect(await enqueueDueSchedules(h.database, { tenantIds: [t.id] })).toEqual([]);
    expect(await jobsOf(h, t, 'cadence.evaluate')).toHaveLength(0);
    const on = await t.request('PATCH', `/api/v1/job-schedules/${s.id}`, t.admin, { enabled: true });
    expect(new Date(on.json().nextRunAt).getTime()).toBeGreaterThan(Date.now());
    expect(await enqueueDueSchedules(h.database, { tenantIds: [t.id] })).toEqual([]);
    const audit = (await t.request('GET', `/api/v1/audit?entityId=${s.id}`, t.admin)).json().data;
    expect(audit.map((e: { action: string; changes: Record<string, unknown> }) => [e.action, e.changes.enabled])).toEqual([
      ['job_schedule.changed', { before: false, after: true }],
      ['job_schedule.changed', { before: true, after: false }],
    ]);
  });

  it('runs a schedule missed during downtime once, not once per missed day or interval', async () => {
    const t = await h.tenant();
    await dueAt(h, t, 'cadence.evaluate', new Date(Date.now() - 5 * 86_400_000).toISOString());
    const s = await scheduleOf(t, 'outcomes.lapse');
    const every = await t.request('PATCH', `/api/v1/job-schedules/${s.id}`, t.admin, { intervalMinutes: 60 });
    expect(every.json()).toMatchObject({ intervalMinutes: 60, timeOfDay: null, timeZone: null });
    const missed = new Date(Date.now() - 10 * 3600_000 - 20 * 60_000); // 10 h 20 min ago: ten runs missed
    await dueAt(h, t, 'outcomes.lapse', missed.toISOString());
    const queued = await enqueueDueSchedules(h.database, { tenantIds: [t.id] });
    expect(queued.map((q) => q.kind).sort()).toEqual(['cadence.evaluate', 'outcomes.lapse']);
    expect(await jobsOf(h, t, 'cadence.evaluate')).toHaveLength(1);
    expect(await jobsOf(h, t, 'outcomes.lapse')).toHaveLength(1);
    // The interval keeps its phase: next run 11 h after the missed one, 40 minutes from now.
    const lapse = queued.find((q) => q.kind === 'outcomes.lapse')!;
    expect(new Date(lapse.nextRunAt).getTime()).toBe(missed.getTime() + 11 * 3600_000);
    expect(await enqueueDueSchedules(h.database, { tenantIds: [t.id] })).toEqual([]);
  });

  it("keeps the daily time local to the schedule's zone, across daylight-saving changes", async () => {
    const t = await h.tenant();
    const s = await scheduleOf(t, 'cadence.evaluate');
    const bad = await t.request('PATCH', `/api/v1/job-schedules/${s.id}`, t.admin, { timeZone: 'Mars/Olympus' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors).toEqual([expect.objectContaining({ field: 'timeZone' })]);
    const badTime = await t.request('PATCH', `/api/v1/job-schedules/${s.id}`, t.admin, { timeOfDay: '24:30' });
    expect(badTime.json().errors).toEqual([expect.objectContaining({ field: 'timeOfDay' })]);
    const both = await t.request('PATCH', `/api/v1/job-schedules/${s.id}`, t.admin, { timeOfDay: '01:00', intervalMinutes: 5 });
    expect(both.json().errors).toEqual([expect.objectContaining({ field: 'intervalMinutes' })]);

    const paris = await t.request('PATCH', `/api/v1/job-schedules/${s.id}`, t.admin, { timeOfDay: '02:30', timeZone: 'Europe/Paris' }, { 'if-match': 'W/"1"' });
    expect(paris.statusCode).toBe(200);
    expect(paris.headers.etag).toBe('W/"2"');
    expect(localTime(paris.json().nextRunAt, 'Europe/Paris')).toBe('02:30');
    expect((await t.request('PATCH', `/api/v1/job-schedules/${s.id}`, t.admin, { enabled: false }, { 'if-match': 'W/"1"' })).statusCode).toBe(412);

    // Winter (UTC+1) and summer (UTC+2): the same local time is a different UTC instant.
    await dueAt(h, t, 'cadence.evaluate', '2026-01-10T00:00:00Z');
    const [winter] = await enqueueDueSchedules(h.database, { tenantIds: [t.id], now: new Date('2026-01-10T12:00:00Z') });
    expect(winter!.nextRunAt).toBe('2026-01-11T01:30:00.000Z');
    await dueAt(h, t, 'cadence.evaluate', '2026-07-10T00:00:00Z');
    const [summer] = await enqueueDueSchedules(h.database, { tenantIds: [t.id], now: new Date('2026-07-10T12:00:00Z') });
    expect(summer!.nextRunAt).toBe('2026-07-11T00:30:00.000Z');
    // New York falls back on 1 November 2026: 02:00 that night is EST (UTC-5), the day before EDT.
    await t.request('PATCH', `/api/v1/job-schedules/${s.id}`, t.admin, { timeOfDay: '02:00', timeZone: 'America/New_York' });
    await dueAt(h, t, 'cadence.evaluate', '2026-10-30T00:00:00Z');
    const [before] = await enqueueDueSchedules(h.database, { tenantIds: [t.id], now: new Date('2026-10-30T12:00:00Z') });
    expect(before!.nextRunAt).toBe('2026-10-31T06:00:00.000Z');
    await dueAt(h, t, 'cadence.evaluate', '2026-10-31T00:00:00Z');
    const [after] = await enqueueDueSchedules(h.database, { tenantIds: [t.id], now: new Date('2026-10-31T12:00:00Z') });
    expect(after!.nextRunAt).toBe('2026-11-01T07:00:00.000Z');
  });

  it('queues no second run while the previous one is still waiting, and scheduled jobs run to the end', async () => {
    const t = await h.tenant();
    await dueAt(h, t, 'cadence.evaluate', new Date(Date.now() - 60_000).toISOString());
    await dueAt(h, t, 'outcomes.lapse', new Date(Date.now() - 60_000).toISOString());
    const first = await enqueueDueSchedules(h.database, { tenantIds: [t.id] });
    expect(first.every((q) => q.jobId)).toBe(true);
    await dueAt(h, t, 'cadence.evaluate', new Date(Date.now() - 30_000).toISOString());
    const second = await enqueueDueSchedules(h.database, { tenantIds: [t.id] });
    expect(second).toEqual([expect.objectContaining({ kind: 'cadence.evaluate', jobId: null })]);
    expect(await jobsOf(h, t, 'cadence.evaluate')).toHaveLength(1);

    const worker = createWorker(h.database, { ...cadenceJobs, ...outcomeJobs }, { id: `sched-${t.id}` });
    for (const q of first) await worker.runOnce(q.jobId!);
    const done = (await Promise.all(first.map((q) => t.request('GET', `/api/v1/jobs/${q.jobId}`, t.admin)))).map((r) => r.json());
    expect(done.map((j) => [j.kind, j.status]).sort()).toEqual([['cadence.evaluate', 'succeeded'], ['outcomes.lapse', 'succeeded']]);
    expect(done.find((j) => j.kind === 'outcomes.lapse').result).toEqual({ lapsed: 0, days: 90 });
    const runs = (await t.request('GET', '/api/v1/cadence/runs', t.admin)).json().data;
    expect(runs).toHaveLength(1);
    expect(runs[0].id).toBe(done.find((j) => j.kind === 'cadence.evaluate').result.runId);
  });

  it('a worker started with schedules queues and runs the due nightly evaluation by itself', async () => {
    const t = await h.tenant();
    await dueAt(h, t, 'cadence.evaluate', new Date(Date.now() - 60_000).toISOString());
    const worker = createWorker(h.database, cadenceJobs, { id: `tick-${t.id}`, pollMs: 50, schedules: { everyMs: 50 } });
    worker.start();
    try {
      const deadline = Date.now() + 60_000;
      let runs: unknown[] = [];
      while (Date.now() < deadline) {
        runs = (await t.request('GET', '/api/v1/cadence/runs', t.admin)).json().data;
        if (runs.length) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(runs).toHaveLength(1);
    } finally {
      await worker.stop();
    }
    expect(await jobsOf(h, t, 'cadence.evaluate')).toEqual([expect.objectContaining({ status: 'succeeded' })]);
    expect(new Date((await scheduleOf(t, 'cadence.evaluate')).nextRunAt).getTime()).toBeGreaterThan(Date.now());
  });
});
