// The matching.keys job: works out the blocking keys (blocking-keys.ts) of a tenant's stored
// contacts in keyset pages, each page in its own transaction with its checkpoint. Migration
// match_blocking_keys queues one per tenant for the contacts stored before the keys existed;
// running it again is harmless (a page's keys are replaced, not added).
import { sql } from 'drizzle-orm';
import { rowsOf } from '../db/sql.ts';
import { inTenant } from '../platform/context.ts';
import { JobPaused, type JobHandler, type JobRun } from '../platform/jobs/worker.ts';
import { refreshContactKeys } from './blocking-keys.ts';

export const KEYS_JOB = 'matching.keys';
const PAGE = 2000;

const keyContacts = (async (run: JobRun<{ after: string | null; done: number }>) => {
  const { ctx } = run;
  let after = run.checkpoint?.after ?? null;
  let done = run.checkpoint?.done ?? 0;
  for (;;) {
    if (run.signal.aborted) throw new JobPaused();
    const n = await inTenant(ctx, async (tx) => {
      const ids = (await rowsOf<{ id: string }>(tx, sql`select id from contacts where tenant_id = ${ctx.tenantId}::uuid
        ${after ? sql`and id > ${after}::uuid` : sql``} order by id limit ${PAGE}`)).map((r) => r.id);
      if (ids.length === 0) return 0;
      await refreshContactKeys(tx, ctx.tenantId, ids);
      after = ids[ids.length - 1]!;
      done += ids.length;
      await run.save(tx, { after, done }, { done, total: null });
      return ids.length;
    });
    if (n < PAGE) break;
  }
  return { contacts: done };
}) as JobHandler;

export const keyJobs: Record<string, JobHandler> = { [KEYS_JOB]: keyContacts };
