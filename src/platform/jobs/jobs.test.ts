import { expect, it } from 'vitest';
import { forEachDatabase } from '../../../test/harness.ts';
import { inTenant } from '../context.ts';
import { enqueueJob } from './service.ts';
import { createWorker, JobPaused, type JobHandler, type JobRun } from './worker.ts';

// A job that counts to `total` in batches of `batch`, remembering which worker did which batch.
function counter(log: Array<{ worker: string; from: number }>, workerId: string): JobHandler {
  return (async (run: JobRun<{ next: number }>) => {
    const { total, batch } = run.job.payload as { total: number; batch: number };
    let next = run.checkpoint?.next ?? 0;
    while (next < total) {
      if (run.signal.aborted) throw new JobPaused();
      const from = next;
      next = Math.min(total, next + batch);
      await inTenant(run.ctx, (tx) => run.save(tx, { next }, { done: next, total }));
      log.push({ worker: workerId, from });
    }
    return { counted: next };
  }) as JobHandler;
}

forEachDatabase('jobs', (h) => {
  it('a worker that dies loses its lease and another resumes from the checkpoint', async () => {
    const t = await h.tenant();
    const job = await inTenant(t.ctx, (tx) => enqueueJob(tx, t.ctx, 'test.count', { total: 50, batch: 10 }, 50));
    const log: Array<{ worker: string; from: number }> = [];
    const a = createWorker(h.database, { 'test.count': counter(log, 'a') }, {
      id: 'worker-a', leaseMs: 60_000,
      onProgress: (_job, p) => { if (p.done >= 20) a.kill(); },
    });
    await a.runOnce(job.id);
    // The third batch's save was refused once the worker was killed: two batches are committed.
    const mid = await t.request('GET', `/api/v1/jobs/${job.id}`, t.admin);
    expect(mid.json()).toMatchObject({ status: 'running', progress: { done: 20, total: 50 }, attempts: 1 });
    expect(log.map((l) => l.from)).toEqual([0, 10]);

    // Another worker cannot take it while the lease holds...
    const b = createWorker(h.database, { 'test.count': counter(log, 'b') }, { id: 'worker-b' });
    expect(await b.runOnce(job.id)).toBe(false);
    // ...and can once it has run out.
    await h.database.query(`update jobs set locked_until = now() - interval '1 second' where id = $1`, [job.id]);
    expect(await b.runOnce(job.id)).toBe(true);
    expect(log).toEqual([
      { worker: 'a', from: 0 }, { worker: 'a', from: 10 },
      { worker: 'b', from: 20 }, { worker: 'b', from: 30 }, { worker: 'b', from: 40 },
    ]);
    const done = await t.request('GET', `/api/v1/jobs/${job.id}`, t.admin);
    expect(done.json()).toMatchObject({ status: 'succeeded', attempts: 2, progress: { done: 50, total: 50, eta: 0 }, result: { counted: 50 } });
    expect(done.json().payload).toEqual({ total: 50, batch: 10 });
  });

  it('stop() hands a running job back to the queue; cancel stops it at the next checkpoint', async () => {
    const t = await h.tenant();
    const job = await inTenant(t.ctx, (tx) => enqueueJob(tx, t.ctx, 'test.count', { total: 40, batch: 10 }, 40));
    const log: Array<{ worker: string; from: number }> = [];
    const a = createWorker(h.database, { 'test.count': counter(log, 'a') }, {
      id: 'worker-stop', pollMs: 20,
      onProgress: (_job, p) => { if (p.done === 10) void a.stop(); },
    });
    a.start();
    await a.stop();
    const [row] = await h.database.query<{ status: string; locked_by: string | null }>(`select status, locked_by from jobs where id = $1`, [job.id]);
    expect(row).toEqual({ status: 'queued', locked_by: null });

    const cancel = await t.request('POST', `/api/v1/jobs/${job.id}/cancel`, t.admin);
    expect(cancel.statusCode).toBe(200);
    expect(cancel.json().status).toBe('cancelled');
    const again = await t.request('POST', `/api/v1/jobs/${job.id}/cancel`, t.admin);
    expect(again.statusCode).toBe(409);
    const b = createWorker(h.database, { 'test.count': counter(log, 'b') });
    expect(await b.runOnce(job.id)).toBe(false);
  });

  it('lists only the jobs a user queued unless they are an admin', async () => {
    const t = await h.tenant();
    const rep = await t.user('rep');
    await inTenant(t.ctx, (tx) => enqueueJob(tx, t.ctx, 'test.count', { total: 1, batch: 1 }));
    const repCtx = { ...t.ctx, principal: { userId: rep.id, role: 'rep' as const, teamIds: [] }, actor: { id: rep.id, label: rep.email } };
    const own = await inTenant(repCtx, (tx) => enqueueJob(tx, repCtx, 'test.count', { total: 1, batch: 1 }));
    const asRep = await t.request('GET', '/api/v1/jobs', rep.token);
    expect(asRep.json().data.map((j: { id: string }) => j.id)).toEqual([own.id]);
    const asAdmin = await t.request('GET', '/api/v1/jobs', t.admin);
    expect(asAdmin.json().data).toHaveLength(2);
    // Jobs of other tenants are invisible even to the owner of a job id.
    const other = await h.tenant();
    expect((await other.request('GET', `/api/v1/jobs/${own.id}`, other.admin)).statusCode).toBe(404);
  });
});
