// Backfill: recomputes quality issues, completeness and enrichment of every contact and company
// of a tenant as the 'quality.recompute' job, 1,000 rows per transaction in id order, each batch
// committed with its checkpoint (a resumed job neither repeats nor skips rows). Derived columns
// only, so not audited; rows whose values come out the same are not rewritten, so a repeat run
// writes almost nothing.
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { rowsOf } from '../db/sql.ts';
import { inTenant, type Ctx } from '../platform/context.ts';
import { forbidden } from '../platform/errors.ts';
import { canOnRecord } from '../platform/policy/index.ts';
import { enqueueJob } from '../platform/jobs/service.ts';
import { JobPaused, type JobHandler, type JobRun } from '../platform/jobs/worker.ts';
import { contacts } from '../contacts/tables.ts';
import { companies } from '../companies/tables.ts';
import { deriveCompany, deriveContact } from './derive.ts';

const BATCH = 1000;
const order = ['contacts', 'companies'] as const;
type Kind = (typeof order)[number];

/** Derives one batch after `after` (an id); answers how many rows it read and the last id. */
async function recomputeBatch(tx: Tx, tenantId: string, kind: Kind, after: string | null): Promise<{ read: number; last: string | null }> {
  const now = new Date();
  let values: Array<{ id: string }>;
  if (kind === 'contacts') {
    const rows = await tx.select().from(contacts).where(and(eq(contacts.tenantId, tenantId), after ? gt(contacts.id, after) : undefined)).orderBy(asc(contacts.id)).limit(BATCH);
    values = rows.map((r) => ({ id: r.id, ...deriveContact(r, r.enrichment, now) }));
  } else {
    const rows = await tx.select().from(companies).where(and(eq(companies.tenantId, tenantId), after ? gt(companies.id, after) : undefined)).orderBy(asc(companies.id)).limit(BATCH);
    values = rows.map((r) => ({ id: r.id, ...deriveCompany(r, r.enrichment, now) }));
  }
  if (values.length === 0) return { read: 0, last: null };
  const table = kind === 'contacts' ? contacts : companies;
  await tx.execute(sql`update ${table} t set quality_issues = v."qualityIssues", completeness = v.completeness, enrichment = v.enrichment
    from jsonb_to_recordset(${JSON.stringify(values)}::jsonb) as v(id uuid, "qualityIssues" jsonb, completeness smallint, enrichment jsonb)
    where t.tenant_id = ${tenantId} and t.id = v.id
      and (t.quality_issues, t.completeness, t.enrichment) is distinct from (v."qualityIssues", v.completeness, v.enrichment)`);
  return { read: values.length, last: values.length === BATCH ? values[values.length - 1]!.id : null };
}

/**
 * Queues the recompute. It rewrites every record, so only a role that may update every contact
 * and company may start it (canOnRecord for a record owned by nobody holds only for reach 'all').
 */
export async function startRecompute(ctx: Ctx): Promise<{ jobId: string }> {
  const nobody = { ownerId: null, teamId: null, shared: null };
  if (!canOnRecord(ctx.principal, 'update', 'contact', nobody) || !canOnRecord(ctx.principal, 'update', 'company', nobody)) {
    throw forbidden('Recomputing quality changes every record; your role may not');
  }
  return inTenant(ctx, async (tx) => {
    const [n] = await rowsOf<{ n: number }>(tx, sql`select (select count(*) from contacts where tenant_id = ${ctx.tenantId})
      + (select count(*) from companies where tenant_id = ${ctx.tenantId}) as n`);
    const job = await enqueueJob(tx, ctx, 'quality.recompute', {}, Number(n?.n ?? 0));
    return { jobId: job.id };
  });
}

interface Checkpoint { kind: Kind; after: string | null; contacts: number; companies: number; batches: number }

async function recompute(run: JobRun<Checkpoint>) {
  let cp: Checkpoint = run.checkpoint ?? { kind: 'contacts', after: null, contacts: 0, companies: 0, batches: 0 };
  for (;;) {
    if (run.signal.aborted) throw new JobPaused();
    const more = await inTenant(run.ctx, async (tx) => {
      const { read, last } = await recomputeBatch(tx, run.ctx.tenantId, cp.kind, cp.after);
      const next = last ? cp.kind : order[order.indexOf(cp.kind) + 1];
      cp = { ...cp, [cp.kind]: cp[cp.kind] + read, batches: cp.batches + (read ? 1 : 0), kind: next ?? cp.kind, after: last };
      await run.save(tx, cp, { done: cp.contacts + cp.companies, total: run.job.progress.total });
      return next !== undefined;
    });
    if (!more) break;
  }
  return { contacts: cp.contacts, companies: cp.companies, batches: cp.batches };
}

export const qualityJobs: Record<string, JobHandler> = { 'quality.recompute': recompute as JobHandler };
