// The 'cadence.evaluate' background job: the nightly evaluation (queued by each tenant's schedule,
// see platform/jobs/schedules.ts) as one run of evaluateCadence. It is one transaction, so a run cut
// short leaves nothing half-done and the next attempt simply evaluates again (never a second task).
import type { JobHandler, JobRun } from '../platform/jobs/worker.ts';
import { evaluateCadence } from './service.ts';

export const CADENCE_JOB = 'cadence.evaluate';

async function runEvaluate(run: JobRun) {
  const asOf = (run.job.payload as { asOf?: string }).asOf;
  return { ...(await evaluateCadence(run.ctx, asOf ? new Date(asOf) : undefined)) };
}

export const cadenceJobs: Record<string, JobHandler> = { [CADENCE_JOB]: runEvaluate as JobHandler };
