// The import jobs. import.run / import.dry-run stream the stored file and write it in batches; each
// batch's outcomes and the checkpoint (the last row done, running counts) commit in the batch's own
// transaction, so a job resumed after a crash starts exactly after the last committed batch. A dry
// run writes each batch inside a savepoint it rolls back, keeping only the outcomes. import.undo
// walks the outcomes backwards, deleting what the run created and writing back what it overwrote.
import type { Tx } from '../db/client.ts';
import { inTenant, readInTenant, type Ctx } from '../platform/context.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { inBatch } from '../platform/jobs/in-batch.ts';
import { JobPaused, type JobHandler, type JobRun } from '../platform/jobs/worker.ts';
import { deleteContact } from '../contacts/service.ts';
import { deleteCompany } from '../companies/service.ts';
import { deleteInteraction, updateInteraction } from '../interactions/service.ts';
import type { InteractionOut, InteractionPatch } from '../interactions/schemas.ts';
import type { ContactOut } from '../contacts/schemas.ts';
import type { CompanyOut } from '../companies/schemas.ts';
import { clearOutcomes, createdAny, importById, insertOutcomes, outcomesPage, runSoFar, updateImportRow, type Phase } from './data.ts';
import { applyContacts, prepareContactRow, type Outcome } from './apply-contacts.ts';
import { applyCompanies } from './apply-companies.ts';
import { applyInteractions } from './apply-interactions.ts';
import { resourceOf } from './resources.ts';
import { undoUpdate } from './undo-update.ts';
import { sourceRows, type SourceRow } from './source.ts';
import type { ImportCounts } from './tables.ts';
import { queueDedupeAfterImport } from '../matching/dedupe.ts';
import { likelyDuplicatesOf } from '../matching/batch-check.ts';

export const BATCH_ROWS = 1000;

type Preview = Array<ContactOut | CompanyOut | InteractionOut>;
type Entity = Outcome['entity'];
/**
 * A dry run's rows that would create a contact looking like one already stored (contactId) or like
 * another row of the same file (rowNo), by the real-time duplicate check.
 */
export interface RowDuplicates {
  rowNo: number;
  candidates: Array<{ contactId: string | null; rowNo: number | null; displayName: string; probability: number }>;
}
/** Rows listed in a dry run's result; `count` counts them all. */
const DUPLICATE_ROWS = 100;
/**
 * New rows a dry run checks (a few milliseconds each): a bigger file's later rows are left to the
 * duplicate search that runs after the import, and the result says how many were checked.
 */
export const DUPLICATE_CHECK_ROWS = 20_000;
interface RunCheckpoint {
  rowsDone: number; counts: ImportCounts & { unchanged: number }; preview: Preview;
  duplicates?: { count: number; checked: number; rows: RowDuplicates[] };
}

type Applied = { outcomes: Outcome[]; preview: Preview; duplicates?: { checked: number; rows: RowDuplicates[] } };
class RolledBack extends Error {
  constructor(readonly value: Applied) { super('dry run'); }
}

async function loadImport(ctx: Ctx, id: string) {
  const imp = await readInTenant(ctx, (q) => importById(q, ctx.tenantId, id));
  if (!imp) throw notFound('Import');
  return imp;
}

function runHandler(phase: Phase): JobHandler {
  return (async (run: JobRun<RunCheckpoint>) => {
    const { ctx } = run;
    const { importId, batchRows = BATCH_ROWS } = run.job.payload as { importId: string; batchRows?: number };
    const imp = await loadImport(ctx, importId);
    const entity = resourceOf(imp.resource).entity;
    const cp: RunCheckpoint = run.checkpoint ?? await startingPoint(ctx, importId, phase, imp.format === 'csv' ? 1 : 0, entity);
    const total = run.job.progress.total;
    const companyCache = new Map<string, string>();
    // Company names resolved in a dry run's rolled-back savepoint must not outlive it.
    const apply = (c: Ctx, batch: SourceRow[]): Promise<Applied> => (imp.resource === 'companies'
      ? applyCompanies(c, batch)
      : imp.resource === 'interactions'
        ? applyInteractions(c, batch, imp.sourceSystem)
        : applyContacts(c, batch, phase === 'run' ? companyCache : new Map()));

    const flush = async (batch: SourceRow[]) => {
      if (batch.length === 0) return;
      if (run.signal.aborted) throw new JobPaused();
      await inTenant(ctx, async (tx) => {
        let result: Applied;
        if (phase === 'run') result = await apply(inBatch(ctx, tx), batch);
        else {
          try {
            await tx.transaction(async (sp) => {
              const batchCtx = inBatch(ctx, sp as Tx);
              const applied = await apply(batchCtx, batch);
              if (imp.resource === 'contacts' && (cp.duplicates?.checked ?? 0) < DUPLICATE_CHECK_ROWS) {
                applied.duplicates = await duplicatesOfCreated(batchCtx, sp as Tx, applied.outcomes);
              }
              throw new RolledBack(applied);
            });
            throw new Error('unreachable');
          } catch (err) {
            if (!(err instanceof RolledBack)) throw err;
            result = err.value;
          }
        }
        const next = tally(cp, batch, result.outcomes, result.preview, entity, result.duplicates);
        const kept = result.outcomes.filter((o) => (phase === 'run' ? o.action !== 'unchanged' : o.action === 'failed'));
        await insertOutcomes(tx, kept.map((o) => ({ ...o, tenantId: ctx.tenantId, importId, phase })));
        await run.save(tx, next, { done: next.counts.rows, total });
        Object.assign(cp, next);
      });
    };

    // The next batch is read, parsed, mapped and (contacts) checked against the patch schema while
    // the current one is being written.
    const batches = batchesOf(sourceRows(ctx, imp), batchRows, cp.rowsDone, imp.resource === 'contacts' ? prepareContactRow : undefined);
    let next = batches.next();
    try {
      for (;;) {
        const batch = await next;
        if (batch.done) break;
        next = batches.next();
        await flush(batch.value);
      }
    } catch (err) {
      // Let the read-ahead finish before the stream is closed under it.
      await next.catch(() => undefined);
      await batches.return(undefined);
      throw err;
    }
    await inTenant(ctx, async (tx) => {
      await updateImportRow(tx, ctx.tenantId, importId, phase === 'run'
        ? { status: 'imported', counts: cp.counts }
        : { dryRun: { counts: cp.counts, preview: cp.preview, ...(cp.duplicates ? { duplicates: cp.duplicates } : {}), at: new Date().toISOString() } });
      // New or changed contacts or companies may duplicate stored ones: queue a dedupe of that
      // entity (one waiting at a time per tenant and entity).
      if (phase === 'run' && entity !== 'interaction' && cp.counts.created + cp.counts.updated > 0) await queueDedupeAfterImport(tx, ctx, importId, entity);
      // Companies a contact import created (named on the rows, not found) may duplicate stored ones too.
      if (phase === 'run' && entity === 'contact' && await createdAny(tx, ctx.tenantId, importId, 'company')) await queueDedupeAfterImport(tx, ctx, importId, 'company');
    });
    return { ...cp.counts };
  }) as JobHandler;
}

/** Rows in batches, leaving out those committed before a restart. */
async function* batchesOf(rows: AsyncIterable<SourceRow>, size: number, rowsDone: number, prepare?: (row: SourceRow) => void): AsyncGenerator<SourceRow[]> {
  let batch: SourceRow[] = [];
  for await (const row of rows) {
    if (row.rowNo <= rowsDone) continue;
    prepare?.(row);
    batch.push(row);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/**
 * Where a new job starts. A dry run starts over. A run picks up after the last row an earlier job
 * of this import committed (one that was cancelled or failed), so no row is written twice; rows it
 * found unchanged leave no outcome and are simply looked at again.
 */
async function startingPoint(ctx: Ctx, importId: string, phase: Phase, headerRows: number, entity: Entity): Promise<RunCheckpoint> {
  const fresh: RunCheckpoint = { rowsDone: 0, counts: { rows: 0, created: 0, updated: 0, unchanged: 0, failed: 0 }, preview: [] };
  if (phase === 'dry') {
    await inTenant(ctx, (tx) => clearOutcomes(tx, ctx.tenantId, importId, phase));
    return fresh;
  }
  const before = await readInTenant(ctx, (q) => runSoFar(q, ctx.tenantId, importId, entity));
  if (before.lastRow === 0) return fresh;
  const { lastRow, ...counts } = before;
  return { rowsDone: lastRow, counts: { ...counts, unchanged: 0, rows: lastRow - headerRows }, preview: [] };
}

function tally(cp: RunCheckpoint, batch: SourceRow[], outcomes: Outcome[], preview: Preview, entity: Entity, duplicates?: Applied['duplicates']): RunCheckpoint {
  const counts = { ...cp.counts, rows: cp.counts.rows + batch.length };
  for (const o of outcomes) if (o.entity === entity) counts[o.action] += 1;
  const next: RunCheckpoint = { rowsDone: batch[batch.length - 1]!.rowNo, counts, preview: [...cp.preview, ...preview].slice(0, 10) };
  if (duplicates || cp.duplicates) {
    const before = cp.duplicates ?? { count: 0, checked: 0, rows: [] };
    next.duplicates = {
      count: before.count + (duplicates?.rows.length ?? 0), checked: before.checked + (duplicates?.checked ?? 0),
      rows: [...before.rows, ...(duplicates?.rows ?? [])].slice(0, DUPLICATE_ROWS),
    };
  }
  return next;
}

/**
 * The real-time duplicate check over the contacts a dry-run batch created (inside its savepoint,
 * so the batch's other rows are candidates too: those are named by row, since their ids go with the
 * rollback).
 */
async function duplicatesOfCreated(ctx: Ctx, q: Tx, outcomes: Outcome[]): Promise<{ checked: number; rows: RowDuplicates[] }> {
  const created = outcomes.filter((o) => o.entity === 'contact' && o.action === 'created' && o.recordId);
  if (created.length === 0) return { checked: 0, rows: [] };
  const rowOf = new Map(created.map((o) => [o.recordId!, o.rowNo]));
  const found = await likelyDuplicatesOf(ctx, q, [...rowOf.keys()]);
  return { checked: created.length, rows: found.map((f) => ({
    rowNo: rowOf.get(f.id)!,
    candidates: f.candidates.map((c) => {
      const row = rowOf.get(c.contact.id);
      return { contactId: row === undefined ? c.contact.id : null, rowNo: row ?? null, displayName: c.contact.displayName, probability: c.probability };
    }),
  })).sort((a, b) => a.rowNo - b.rowNo) };
}

interface UndoCheckpoint { beforeRow: number; deleted: number; restored: number; skipped: number }

const undoImport = (async (run: JobRun<UndoCheckpoint>) => {
  const { ctx } = run;
  const { importId } = run.job.payload as { importId: string };
  const cp: UndoCheckpoint = run.checkpoint ?? { beforeRow: 2 ** 31 - 1, deleted: 0, restored: 0, skipped: 0 };
  const limit = 500;
  for (;;) {
    if (run.signal.aborted) throw new JobPaused();
    let page = await readInTenant(ctx, (q) => outcomesPage(q, ctx.tenantId, importId, 'run', { beforeRow: cp.beforeRow, limit }));
    if (page.length === 0) break;
    // A row's entries (its contact and a company it created) must fall in one batch.
    if (page.length === limit) page = page.filter((o) => o.rowNo !== page[page.length - 1]!.rowNo);
    await inTenant(ctx, async (tx) => {
      for (const o of page) {
        if (o.action === 'failed' || !o.recordId) continue;
        const id = o.recordId;
        const step = o.action === 'created'
          ? (c: Ctx) => (o.entity === 'company' ? deleteCompany(c, id) : o.entity === 'interaction' ? deleteInteraction(c, id) : deleteContact(c, id))
          : o.entity === 'interaction'
            ? (c: Ctx) => updateInteraction(c, id, (o.before ?? {}) as InteractionPatch).then(() => undefined)
            : (c: Ctx) => undoUpdate(c, importId, o.entity === 'company' ? 'company' : 'contact', id, o.before);
        try {
          await tx.transaction((sp) => step(inBatch(ctx, sp as Tx)));
          if (o.action === 'created') cp.deleted++;
          else cp.restored++;
        } catch (err) {
          // Already deleted by someone else, or no longer writable: leave it and count it.
          if (!(err instanceof AppError)) throw err;
          cp.skipped++;
        }
      }
      cp.beforeRow = page[page.length - 1]!.rowNo;
      await run.save(tx, cp, { done: cp.deleted + cp.restored + cp.skipped, total: run.job.progress.total });
    });
  }
  await inTenant(ctx, (tx) => updateImportRow(tx, ctx.tenantId, importId, { status: 'undone' }));
  return { deleted: cp.deleted, restored: cp.restored, skipped: cp.skipped };
}) as JobHandler;

export const importJobs: Record<string, JobHandler> = {
  'import.run': runHandler('run'),
  'import.dry-run': runHandler('dry'),
  'import.undo': undoImport,
};
