// The dedupe jobs ('dedupe.contacts', 'dedupe.companies'): read a tenant's records in keyset batches into the
// engine's columnar shape, runs the engine (blocking, u from random pairs, m by EM with the
// tenant's labels held at their class, scoring, clustering), stores the trained model for the
// real-time check and upserts every pair at or above the lower threshold as a candidate.
// Resumable by repetition: the engine is seeded, so a job resumed after a crash computes the same
// pairs and the upsert makes writing them again harmless; decided pairs are never reopened.
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { inTenant, readInTenant, type Ctx } from '../platform/context.ts';
import { jobs } from '../platform/jobs/tables.ts';
import { forbidden } from '../platform/errors.ts';
import { can, visibilityOf } from '../platform/policy/index.ts';
import { enqueueJob, presentJob, type JobOut } from '../platform/jobs/service.ts';
import { JobPaused, type JobHandler, type JobRun } from '../platform/jobs/worker.ts';
import { appendAudit } from '../platform/audit/service.ts';
import { matchDatasets } from './engine/match.ts';
import type { Dataset } from './engine/prepare.ts';
import type { Settings } from './engine/settings.ts';
import type { Queryable } from '../db/client.ts';
import { contactSettings, LOWER_THRESHOLD, toDataset, type MatchRecord } from './contact-records.ts';
import { companyDataset, companyRecordsPage, companySettings, countCompanies, type CompanyRecord } from './company-records.ts';
import { canonical, contactRecordsPage, countContacts, labelsOf, saveModel, syncSuspects, upsertCandidates, type CandidateInput } from './data.ts';
import type { MatchEntity } from './tables.ts';

export const DEDUPE_CONTACTS = 'dedupe.contacts';
export const DEDUPE_COMPANIES = 'dedupe.companies';

/** Where a dedupe reads its records and how it configures the engine for them. */
interface Source<R extends { id: string }> {
  entity: MatchEntity;
  kind: string;
  count(q: Queryable, tenantId: string): Promise<number>;
  page(q: Queryable, tenantId: string, after: string | null, limit: number): Promise<R[]>;
  dataset(records: readonly R[]): Dataset;
  settings(records: number): Settings;
}

const contactSource: Source<MatchRecord> = { entity: 'contact', kind: DEDUPE_CONTACTS, count: countContacts, page: contactRecordsPage, dataset: toDataset, settings: contactSettings };
const companySource: Source<CompanyRecord> = { entity: 'company', kind: DEDUPE_COMPANIES, count: countCompanies, page: companyRecordsPage, dataset: companyDataset, settings: companySettings };
const sources = { contact: contactSource, company: companySource } as const;
const READ_BATCH = 5000;
const WRITE_BATCH = 1000;

interface Checkpoint { phase: 'read' | 'write'; written: number }

/** Queues a dedupe of the tenant's contacts or companies. It compares every record, so it needs a role that sees them all. */
export async function enqueueDedupe(ctx: Ctx, entity: MatchEntity = 'contact'): Promise<JobOut> {
  if (!can(ctx.principal, 'update', entity) || visibilityOf(ctx.principal, entity)?.kind !== 'all') {
    throw forbidden(`Deduplication compares every ${entity}: it needs a role that sees and may change them all`);
  }
  const source = sources[entity];
  return inTenant(ctx, async (tx) => {
    const total = await source.count(tx, ctx.tenantId);
    const job = await enqueueJob(tx, ctx, source.kind, { entity }, total);
    await appendAudit(tx, ctx.tenantId, ctx.actor, [{ action: 'matching.dedupe_queued', entity: 'job', entityId: job.id, changes: { kind: { before: null, after: source.kind } } }]);
    return presentJob(job);
  });
}

/**
 * Queues a dedupe of the imported entity's records once an import has written its rows (in the
 * import's last transaction), unless one of that entity is already waiting: a burst of imports
 * shares one run. Acts as the import's creator.
 */
export async function queueDedupeAfterImport(tx: Tx, ctx: Ctx, importId: string, entity: MatchEntity): Promise<void> {
  const source = sources[entity];
  const waiting = await tx.select({ id: jobs.id }).from(jobs)
    .where(and(eq(jobs.tenantId, ctx.tenantId), eq(jobs.kind, source.kind), eq(jobs.status, 'queued'))).limit(1);
  if (waiting.length === 0) await enqueueJob(tx, ctx, source.kind, { entity, trigger: 'import', importId }, await source.count(tx, ctx.tenantId));
}

const dedupe = <R extends { id: string }>(source: Source<R>) => (async (run: JobRun<Checkpoint>) => {
  const { ctx } = run;
  const { entity } = source;
  const total = await readInTenant(ctx, (q) => source.count(q, ctx.tenantId));
  // Columns, not record objects: a million contacts stay a few arrays of strings.
  const data: { ids: string[]; columns: Record<string, Array<string | undefined>> } = { ids: [], columns: {} };
  for (let after: string | null = null; ;) {
    if (run.signal.aborted) throw new JobPaused();
    const batch = await readInTenant(ctx, (q) => source.page(q, ctx.tenantId, after, READ_BATCH));
    if (batch.length === 0) break;
    const part = source.dataset(batch);
    for (const id of part.ids) data.ids.push(id);
    for (const [column, values] of Object.entries(part.columns)) {
      const into = (data.columns[column] ??= []);
      for (const v of values) into.push(v);
    }
    after = batch[batch.length - 1]!.id;
    await inTenant(ctx, (tx) => run.save(tx, { phase: 'read', written: 0 }, { done: data.ids.length, total: Math.max(total, data.ids.length) }));
    if (batch.length < READ_BATCH) break;
  }
  const n = data.ids.length;
  if (n < 2) return { entity, records: n, candidatePairs: 0, written: 0 };

  const labels = await readInTenant(ctx, (q) => labelsOf(q, ctx.tenantId, entity));
  const result = await matchDatasets([data], { settings: source.settings(n), labels, seed: 1 });
  const pairs: CandidateInput[] = [];
  for (let p = 0; p < result.count; p++) {
    const probability = result.probability(p);
    if (probability < LOWER_THRESHOLD) continue;
    const e = result.explain(p);
    const [leftId, rightId] = canonical(data.ids[result.left[p]!]!, data.ids[result.right[p]!]!);
    pairs.push({ leftId, rightId, probability, matchWeight: e.matchWeight, waterfall: { priorWeight: e.priorWeight, steps: e.steps } });
  }
  const sizes = new Map<number, number>();
  for (const c of result.clusters.clusterOf) sizes.set(c, (sizes.get(c) ?? 0) + 1);
  const clusters = [...sizes.values()].filter((s) => s > 1).length;

  await inTenant(ctx, (tx) => saveModel(tx, {
    tenantId: ctx.tenantId, entity, settings: result.settings, model: result.model,
    records: n, pairs: result.count, labels: labels.length, jobId: run.job.id,
  }));
  let written = 0;
  for (let i = 0; i < pairs.length; i += WRITE_BATCH) {
    if (run.signal.aborted) throw new JobPaused();
    await inTenant(ctx, async (tx) => {
      written += await upsertCandidates(tx, ctx.tenantId, entity, run.job.id, pairs.slice(i, i + WRITE_BATCH));
      await run.save(tx, { phase: 'write', written }, { done: n, total: n });
    });
  }
  await inTenant(ctx, (tx) => syncSuspects(tx, ctx.tenantId, entity, null));
  return {
    entity, records: n, candidatePairs: result.count, aboveThreshold: pairs.length, written, labels: labels.length,
    clusters, largestCluster: result.clusters.largest, timings: result.timings,
    blocking: result.blocking.map((b) => ({ rule: b.rule, pairs: b.pairs, oversizeBlocks: b.oversizeBlocks })),
  };
}) as JobHandler;

export const matchingJobs: Record<string, JobHandler> = { [DEDUPE_CONTACTS]: dedupe(contactSource), [DEDUPE_COMPANIES]: dedupe(companySource) };
