// The 'outcomes.lapse' background job: lapses pledges still claimed after payload.days, 500 per
// transaction, each batch committed with its checkpoint (queued nightly by each tenant's schedule,
// platform/jobs/schedules.ts, or on demand by POST /outcomes/lapse?async=true).
import { inTenant } from '../platform/context.ts';
import { JobPaused, type JobHandler, type JobRun } from '../platform/jobs/worker.ts';
import { lapseBatch } from './decisions.ts';

export const LAPSE_JOB = 'outcomes.lapse';

interface Checkpoint { lapsed: number }

async function runLapse(run: JobRun<Checkpoint>) {
  const days = Number((run.job.payload as { days?: number }).days ?? 90);
  let cp: Checkpoint = run.checkpoint ?? { lapsed: 0 };
  for (;;) {
    if (run.signal.aborted) throw new JobPaused();
    const n = await inTenant(run.ctx, async (tx) => {
      const ids = await lapseBatch(tx, run.ctx, days);
      cp = { lapsed: cp.lapsed + ids.length };
      await run.save(tx, cp, { done: cp.lapsed, total: null });
      return ids.length;
    });
    if (n < 500) break;
  }
  return { lapsed: cp.lapsed, days };
}

export const outcomeJobs: Record<string, JobHandler> = { [LAPSE_JOB]: runLapse as JobHandler };
