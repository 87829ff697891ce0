// The 'sources.recompute' job: after the tenant's survivorship settings change, every contact, then
// every company, with source records gets its golden record recomputed from those records under the
// new settings, 500 contacts (or 100 companies) per transaction in id order, each batch committed
// with its checkpoint (a resumed job neither repeats nor skips records). A record whose golden
// values come out the same is not written; one that changes is written like any update (version,
// audit entry, event). Contacts go through updateContactsBatch; companies, far fewer, one by one.
import { and, asc, eq, gt, isNotNull, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { rowsOf } from '../db/sql.ts';
import { inTenant, type Ctx } from '../platform/context.ts';
import { enqueueJob } from '../platform/jobs/service.ts';
import { inBatch } from '../platform/jobs/in-batch.ts';
import { JobPaused, type JobHandler, type JobRun } from '../platform/jobs/worker.ts';
import { updateContactsBatch } from '../contacts/update-batch.ts';
import { recomputeCompanyGolden } from '../companies/service.ts';
import { sourceRecords } from './tables.ts';

const BATCH = { contacts: 500, companies: 100 };

/** Queues the recompute in the transaction that changed the settings. */
export async function queueRecompute(tx: Tx, ctx: Ctx) {
  const [n] = await rowsOf<{ n: string }>(tx, sql`select (count(distinct contact_id) + count(distinct company_id))::text as n
    from source_records where tenant_id = ${ctx.tenantId}`);
  return enqueueJob(tx, ctx, 'sources.recompute', {}, Number(n?.n ?? 0));
}

// A checkpoint written before companies were recomputed has no phase and no company counts.
interface Checkpoint { phase?: 'contacts' | 'companies'; after: string | null; done: number; changed: number; companies?: number; companiesChanged?: number }

async function recompute(run: JobRun<Checkpoint>) {
  const { ctx } = run;
  const cp: Required<Checkpoint> = { phase: 'contacts', companies: 0, companiesChanged: 0, ...(run.checkpoint ?? { after: null, done: 0, changed: 0 }) };
  for (;;) {
    if (run.signal.aborted) throw new JobPaused();
    const more = await inTenant(ctx, async (tx) => {
      const owner = cp.phase === 'contacts' ? sourceRecords.contactId : sourceRecords.companyId;
      const ids = (await tx.selectDistinct({ id: owner }).from(sourceRecords)
        .where(and(eq(sourceRecords.tenantId, ctx.tenantId), isNotNull(owner), cp.after ? gt(owner, cp.after) : undefined))
        .orderBy(asc(owner)).limit(BATCH[cp.phase])).map((r) => r.id!);
      if (cp.phase === 'contacts') {
        const results = ids.length ? await updateContactsBatch(inBatch(ctx, tx), ids.map((id) => ({ id, patch: {} })), { recompute: true }) : [];
        cp.done += ids.length;
        cp.changed += results.filter((r) => r.status === 200).length;
      } else {
        for (const id of ids) if (await recomputeCompanyGolden(tx, ctx, id)) cp.companiesChanged += 1;
        cp.companies += ids.length;
      }
      const full = ids.length === BATCH[cp.phase];
      const more = full || cp.phase === 'contacts';
      if (full) cp.after = ids[ids.length - 1]!;
      else if (cp.phase === 'contacts') Object.assign(cp, { phase: 'companies', after: null });
      await run.save(tx, cp, { done: cp.done + cp.companies, total: run.job.progress.total });
      return more;
    });
    if (!more) break;
  }
  return { contacts: cp.done, changed: cp.changed, companies: cp.companies, companiesChanged: cp.companiesChanged };
}

export const sourceJobs: Record<string, JobHandler> = { 'sources.recompute': recompute as JobHandler };
