// The 'rules.run' background job: re-applies one rule to every record of its entity, 1,000 per
// transaction in id order, each batch committed with its checkpoint (a resumed job neither
// repeats nor skips records). Each changed record gets an audit entry and an outbox event.
import { and, asc, eq, gt } from 'drizzle-orm';
import { inTenant } from '../platform/context.ts';
import { appendAudit, diff } from '../platform/audit/service.ts';
import { emitEvents } from '../platform/outbox/service.ts';
import { JobPaused, type JobHandler, type JobRun } from '../platform/jobs/worker.ts';
import { contacts } from '../contacts/tables.ts';
import { companies } from '../companies/tables.ts';
import { applyRules } from './apply.ts';
import { rules } from './tables.ts';

const BATCH = 1000;

interface Checkpoint { after: string | null; processed: number; changed: number; batches: number }

async function runRule(run: JobRun<Checkpoint>) {
  const { ruleId } = run.job.payload as { ruleId: string };
  const ctx = run.ctx;
  let cp: Checkpoint = run.checkpoint ?? { after: null, processed: 0, changed: 0, batches: 0 };
  for (;;) {
    if (run.signal.aborted) throw new JobPaused();
    const more = await inTenant(ctx, async (tx) => {
      const [rule] = await tx.select().from(rules).where(and(eq(rules.tenantId, ctx.tenantId), eq(rules.id, ruleId)));
      if (!rule) return false; // deleted since it was queued: nothing more to do
      const table = rule.entity === 'contact' ? contacts : companies;
      const ids = (await tx.select({ id: table.id }).from(table)
        .where(and(eq(table.tenantId, ctx.tenantId), cp.after ? gt(table.id, cp.after) : undefined)).orderBy(asc(table.id)).limit(BATCH)).map((r) => r.id);
      if (ids.length === 0) return false;
      const changes = await applyRules(tx, ctx.tenantId, rule.entity, ids, { ruleSet: [rule], bump: true });
      await appendAudit(tx, ctx.tenantId, ctx.actor, changes.map((c) => ({ action: `${rule.entity}.updated`, entity: rule.entity, entityId: c.id, changes: diff(c.before, c.after) })));
      await emitEvents(tx, ctx.tenantId, ctx.actor.id, changes.map((c) => ({ type: `${rule.entity}.updated`, entity: rule.entity, entityId: c.id, payload: { id: c.id, ruleId, ...c.after } })));
      cp = { after: ids[ids.length - 1]!, processed: cp.processed + ids.length, changed: cp.changed + changes.length, batches: cp.batches + 1 };
      await run.save(tx, cp, { done: cp.processed, total: run.job.progress.total });
      return ids.length === BATCH;
    });
    if (!more) break;
  }
  return { processed: cp.processed, changed: cp.changed, batches: cp.batches };
}

export const ruleJobs: Record<string, JobHandler> = { 'rules.run': runRule as JobHandler };
