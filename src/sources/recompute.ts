// The 'sources.recompute' job: after the tenant's survivorship settings change, every contact with
// source records gets its golden record recomputed from those records under the new settings, 500
// contacts per transaction in id order, each batch committed with its checkpoint (a resumed job
// neither repeats nor skips contacts). A contact whose golden values come out the same is not
// written; one that changes is written like any update (version, audit entry, event). Companies
// keep their golden record until their next write.
import { and, asc, eq, gt, isNotNull, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { rowsOf } from '../db/sql.ts';
import { inTenant, type Ctx } from '../platform/context.ts';
import { enqueueJob } from '../platform/jobs/service.ts';
import { inBatch } from '../platform/jobs/in-batch.ts';
import { JobPaused, type JobHandler, type JobRun } from '../platform/jobs/worker.ts';
import { updateContactsBatch } from '../contacts/update-batch.ts';
import { sourceRecords } from './tables.ts';

const BATCH = 500;

/** Queues the recompute in the transaction that changed the settings. */
export async function queueRecompute(tx: Tx, ctx: Ctx) {
  const [n] = await rowsOf<{ n: string }>(tx, sql`select count(distinct contact_id)::text as n from source_records where tenant_id = ${ctx.tenantId} and contact_id is not null`);
  return enqueueJob(tx, ctx, 'sources.recompute', {}, Number(n?.n ?? 0));
}

interface Checkpoint { after: string | null; done: number; changed: number }

async function recompute(run: JobRun<Checkpoint>) {
  const { ctx } = run;
  const cp: Checkpoint = run.checkpoint ?? { after: null, done: 0, changed: 0 };
  for (;;) {
    if (run.signal.aborted) throw new JobPaused();
    const more = await inTenant(ctx, async (tx) => {
      const ids = (await tx.selectDistinct({ id: sourceRecords.contactId }).from(sourceRecords)
        .where(and(eq(sourceRecords.tenantId, ctx.tenantId), isNotNull(sourceRecords.contactId), cp.after ? gt(sourceRecords.contactId, cp.after) : undefined))
        .orderBy(asc(sourceRecords.contactId)).limit(BATCH)).map((r) => r.id!);
      if (ids.length === 0) return false;
      const results = await updateContactsBatch(inBatch(ctx, tx), ids.map((id) => ({ id, patch: {} })), { recompute: true });
      cp.after = ids[ids.length - 1]!;
      cp.done += ids.length;
      cp.changed += results.filter((r) => r.status === 200).length;
      await run.save(tx, cp, { done: cp.done, total: run.job.progress.total });
      return ids.length === BATCH;
    });
    if (!more) break;
  }
  return { contacts: cp.done, changed: cp.changed };
}

export const sourceJobs: Record<string, JobHandler> = { 'sources.recompute': recompute as JobHandler };
