// Import use cases: upload a file (streamed into the database in chunks, its encoding, delimiter,
// headers and a mapping suggested), read it back, change and save its mapping, and start its jobs
// (dry run, run, undo). Only those who may create contacts import; an import is its creator's
// (and admins').
import { and, eq, sql } from 'drizzle-orm';
import { inTenant, readInTenant, type Ctx } from '../platform/context.ts';
import { AppError, forbidden, invalid, notFound } from '../platform/errors.ts';
import { uuidv7 } from '../platform/ids.ts';
import { enqueueJob, latestJobFor, presentJob, type JobOut } from '../platform/jobs/service.ts';
import { jobs } from '../platform/jobs/tables.ts';
import { appendChunk, importById, runSoFar, savedMapping, saveMapping, updateImportRow, type ImportRow } from './data.ts';
import { decodeAll, detectEncoding, sniffDelimiter, type Encoding } from './decode.ts';
import { csvRecords } from './csv.ts';
import type { Mapping } from './mapping.ts';
import { mayImport as allowed, resourceOf, type ImportResource } from './resources.ts';
import { imports } from './tables.ts';

export const CHUNK_BYTES = 1 << 20;
export const MAX_IMPORT_BYTES = 2 * 1024 ** 3;
const HEAD_BYTES = 64 * 1024;

export interface UploadOptions {
  resource: ImportResource;
  source: string;
  fileName: string;
  format?: 'csv' | 'vcard' | undefined;
  encoding?: Encoding | undefined;
  delimiter?: string | undefined;
}

export function presentImport(row: ImportRow, job?: JobOut | null) {
  return {
    id: row.id, resource: row.resource, format: row.format as 'csv' | 'vcard', sourceSystem: row.sourceSystem, fileName: row.fileName,
    size: row.size, encoding: row.encoding, delimiter: row.delimiter, headers: row.headers, mapping: row.mapping,
    status: row.status, counts: row.counts, dryRun: row.dryRun, job: job ?? null,
    createdBy: row.createdBy, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString(),
  };
}
export type ImportOut = ReturnType<typeof presentImport>;

const mayImport = (ctx: Ctx, resource: string) => {
  if (!allowed(ctx.principal, resource)) throw forbidden(`Your role may not import ${resource}`);
};

/** Streams `body` into the database and describes the file. */
export async function uploadImport(ctx: Ctx, o: UploadOptions, body: AsyncIterable<Uint8Array>) {
  mayImport(ctx, o.resource);
  const id = uuidv7();
  await inTenant(ctx, (tx) => tx.insert(imports).values({
    tenantId: ctx.tenantId, id, resource: o.resource, format: o.format ?? 'csv', sourceSystem: o.source, fileName: o.fileName,
    encoding: o.encoding ?? 'utf8', createdBy: ctx.actor.id,
  }));
  try {
    let seq = 0;
    let size = 0;
    let newlines = 0;
    let cards = 0;
    let head = Buffer.alloc(0);
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const store = async () => {
      if (pendingBytes === 0) return;
      const chunk = Buffer.concat(pending);
      pending = [];
      pendingBytes = 0;
      await inTenant(ctx, (tx) => appendChunk(tx, ctx.tenantId, id, seq++, chunk));
    };
    for await (const part of body) {
      const buf = Buffer.from(part.buffer, part.byteOffset, part.byteLength);
      size += buf.length;
      if (size > MAX_IMPORT_BYTES) throw new AppError('payload_too_large', 413, `An import file may be at most ${MAX_IMPORT_BYTES} bytes`);
      if (head.length < HEAD_BYTES) head = Buffer.concat([head, buf.subarray(0, HEAD_BYTES - head.length)]);
      for (let i = buf.indexOf(10); i >= 0; i = buf.indexOf(10, i + 1)) newlines++;
      cards += countOf(buf, 'END:VCARD');
      pending.push(buf);
      pendingBytes += buf.length;
      if (pendingBytes >= CHUNK_BYTES) await store();
    }
    await store();
    if (size === 0) throw invalid('body', 'the file is empty');
    const encoding = o.encoding ?? detectEncoding(head);
    const text = decodeAll(head, encoding);
    const format = o.format ?? (/\.(vcf|vcard)$/i.test(o.fileName) || /^\s*BEGIN:VCARD/i.test(text) ? 'vcard' : 'csv');
    let delimiter: string | null = null;
    let headers: string[] = [];
    let sample: string[][] = [];
    if (format === 'csv') {
      delimiter = o.delimiter ?? sniffDelimiter(text);
      const complete = size <= HEAD_BYTES ? text : text.slice(0, Math.max(0, text.lastIndexOf('\n')));
      const records: string[][] = [];
      for await (const r of csvRecords(one(complete), delimiter, () => undefined)) {
        records.push(r);
        if (records.length > 5) break;
      }
      headers = records[0] ?? [];
      if (headers.length === 0) throw invalid('body', 'the file has no header row');
      if (new Set(headers).size !== headers.length) throw invalid('body', 'the header row names a column twice');
      sample = records.slice(1);
    }
    const saved = await readInTenant(ctx, (q) => savedMapping(q, ctx.tenantId, o.resource, o.source));
    if (format === 'vcard' && o.resource !== 'contacts') throw invalid('format', 'only contacts import from vCard');
    const mapping = format === 'csv' ? resourceOf(o.resource).suggest(headers, saved) : {};
    const estimated = format === 'csv' ? Math.max(0, newlines - 1 + (text.endsWith('\n') || size > HEAD_BYTES ? 0 : 1)) : cards;
    await inTenant(ctx, (tx) => updateImportRow(tx, ctx.tenantId, id, {
      format, size, encoding, delimiter, headers, mapping, counts: { rows: estimated, created: 0, updated: 0, failed: 0 },
    }));
    return { import: presentImport((await loadOwn(ctx, id))), sample, savedMapping: saved ?? null, targets: [...resourceOf(o.resource).targets] };
  } catch (err) {
    await inTenant(ctx, (tx) => tx.delete(imports).where(and(eq(imports.tenantId, ctx.tenantId), eq(imports.id, id))));
    throw err;
  }
}

async function* one(text: string) { yield text; }

function countOf(buf: Buffer, word: string): number {
  let n = 0;
  for (let i = buf.indexOf(word); i >= 0; i = buf.indexOf(word, i + word.length)) n++;
  return n;
}

async function loadOwn(ctx: Ctx, id: string): Promise<ImportRow> {
  const row = await readInTenant(ctx, (q) => importById(q, ctx.tenantId, id));
  if (!row || (ctx.principal.role !== 'admin' && row.createdBy !== ctx.principal.userId && row.createdBy !== ctx.actor.id)) throw notFound('Import');
  return row;
}

export async function getImport(ctx: Ctx, id: string): Promise<ImportOut> {
  const row = await loadOwn(ctx, id);
  const job = await readInTenant(ctx, async (q) => {
    const [latest] = await q.select().from(jobs).where(and(eq(jobs.tenantId, ctx.tenantId), sql`${jobs.payload} ->> 'importId' = ${id}`)).orderBy(sql`${jobs.id} desc`).limit(1);
    return latest;
  });
  return presentImport(row, job ? presentJob(job) : null);
}

export async function setMapping(ctx: Ctx, id: string, mapping: Mapping, save: boolean): Promise<ImportOut> {
  const row = await loadOwn(ctx, id);
  mayImport(ctx, row.resource);
  const { isTarget, isOption, targets } = resourceOf(row.resource);
  if (row.status !== 'uploaded') throw new AppError('conflict', 409, `The import is ${row.status}; its mapping can no longer change`);
  for (const [header, target] of Object.entries(mapping)) {
    if (header.startsWith('@')) {
      if (!isOption(header, target)) throw invalid(`mapping.${header}`, `is not a setting of ${row.resource} imports, or ${JSON.stringify(target)} is not a value it takes`);
      continue;
    }
    if (!row.headers.includes(header)) throw invalid(`mapping.${header}`, 'is not a column of the file');
    if (!isTarget(target)) throw invalid(`mapping.${header}`, `unknown field ${target}; use one of ${targets.join(', ')} or customFields.<key>`);
  }
  const merged = { ...row.mapping, ...mapping };
  await inTenant(ctx, async (tx) => {
    await updateImportRow(tx, ctx.tenantId, id, { mapping: merged });
    if (save) await saveMapping(tx, ctx.tenantId, uuidv7(), row.resource, row.sourceSystem, merged, ctx.actor.id);
  });
  return getImport(ctx, id);
}

const kinds = { run: 'import.run', dry: 'import.dry-run', undo: 'import.undo' } as const;

/** Queues a dry run, the run, or the undo of an import (one at a time per import). */
export async function startImportJob(ctx: Ctx, id: string, what: keyof typeof kinds, options: { batchRows?: number } = {}): Promise<JobOut> {
  const row = await loadOwn(ctx, id);
  mayImport(ctx, row.resource);
  return inTenant(ctx, async (tx) => {
    // Lock the import so two requests cannot queue two runs.
    await tx.select({ id: imports.id }).from(imports).where(and(eq(imports.tenantId, ctx.tenantId), eq(imports.id, id))).for('update');
    for (const kind of Object.values(kinds)) {
      const active = await latestJobFor(tx, ctx.tenantId, kind, 'importId', id);
      if (active && (active.status === 'queued' || active.status === 'running')) throw new AppError('conflict', 409, `The import already has a ${kind} job ${active.status}`);
    }
    const current = (await importById(tx, ctx.tenantId, id))!;
    if (what !== 'undo' && current.status !== 'uploaded') throw new AppError('conflict', 409, `The import is ${current.status}; upload the file again to import it again`);
    // An unfinished run (cancelled or failed) can be undone too: its committed batches are recorded.
    const so = await runSoFar(tx, ctx.tenantId, id, resourceOf(current.resource).entity);
    const partial = current.status === 'uploaded' && so.lastRow > 0;
    if (what === 'undo' && current.status !== 'imported' && !partial) throw new AppError('conflict', 409, `Only an import that wrote something can be undone; this one is ${current.status}`);
    const total = what === 'undo' ? so.created + so.updated : (row.counts?.rows ?? null);
    const job = await enqueueJob(tx, ctx, kinds[what], { importId: id, ...(options.batchRows ? { batchRows: options.batchRows } : {}) }, total);
    return presentJob(job);
  });
}
