// Import rows in and out of PostgreSQL: the import record, its file chunks, the per-row outcomes and
// saved mappings. Every query names the tenant; RLS checks it again.
import { and, asc, desc, eq, gt, lt, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../db/client.ts';
import { insertUnnest, rowsOf, textArray } from '../db/sql.ts';
import { importChunks, importMappings, importRows, imports } from './tables.ts';

export type ImportRow = typeof imports.$inferSelect;
export type ImportRowOutcome = typeof importRows.$inferInsert;
export type Phase = 'dry' | 'run';

export async function importById(q: Queryable, tenantId: string, id: string): Promise<ImportRow | undefined> {
  const [row] = await q.select().from(imports).where(and(eq(imports.tenantId, tenantId), eq(imports.id, id)));
  return row;
}

export async function updateImportRow(tx: Tx, tenantId: string, id: string, set: Partial<typeof imports.$inferInsert>) {
  await tx.update(imports).set({ ...set, updatedAt: new Date() }).where(and(eq(imports.tenantId, tenantId), eq(imports.id, id)));
}

export async function appendChunk(tx: Tx, tenantId: string, importId: string, seq: number, data: Buffer) {
  await tx.insert(importChunks).values({ tenantId, importId, seq, data });
}

export async function chunkAt(q: Queryable, tenantId: string, importId: string, seq: number): Promise<Uint8Array | undefined> {
  const [row] = await q.select({ data: importChunks.data }).from(importChunks)
    .where(and(eq(importChunks.tenantId, tenantId), eq(importChunks.importId, importId), eq(importChunks.seq, seq)));
  return row?.data;
}

export async function insertOutcomes(tx: Tx, rows: ImportRowOutcome[]) {
  // Every row carries every key, as insertUnnest wants (a typed array per column: several times
  // faster for PostgreSQL than json_populate_recordset's text round trip of every value).
  await insertUnnest(tx, importRows, rows.map((r) => ({ recordId: null, before: null, raw: null, error: null, ...r })));
}

export async function clearOutcomes(tx: Tx, tenantId: string, importId: string, phase: Phase) {
  await tx.delete(importRows).where(and(eq(importRows.tenantId, tenantId), eq(importRows.importId, importId), eq(importRows.phase, phase)));
}

/** Outcomes in row order (after `afterRow`), or reverse row order (before `beforeRow`) for undo. */
export async function outcomesPage(q: Queryable, tenantId: string, importId: string, phase: Phase, o: { afterRow?: number; beforeRow?: number; failedOnly?: boolean; limit: number }) {
  return q.select().from(importRows).where(and(
    eq(importRows.tenantId, tenantId), eq(importRows.importId, importId), eq(importRows.phase, phase),
    o.afterRow !== undefined ? gt(importRows.rowNo, o.afterRow) : undefined,
    o.beforeRow !== undefined ? lt(importRows.rowNo, o.beforeRow) : undefined,
    o.failedOnly ? eq(importRows.action, 'failed') : undefined,
  )).orderBy(o.beforeRow !== undefined ? desc(importRows.rowNo) : asc(importRows.rowNo), desc(importRows.entity)).limit(o.limit);
}

/** What earlier, unfinished runs of an import committed: the last row and the outcomes per action. */
export async function runSoFar(q: Queryable, tenantId: string, importId: string, entity: 'contact' | 'company' | 'interaction' = 'contact') {
  const rows = await rowsOf<{ action: string; n: string; last: number | null }>(q, sql`
    select action, count(*)::text as n, max(row_no) as last from import_rows
    where tenant_id = ${tenantId} and import_id = ${importId} and phase = 'run' and entity = ${entity} group by action`);
  const count = (a: string) => Number(rows.find((r) => r.action === a)?.n ?? 0);
  return {
    lastRow: Math.max(0, ...rows.map((r) => r.last ?? 0)),
    created: count('created'), updated: count('updated'), failed: count('failed'),
  };
}

/** Did the run of an import create any record of this entity (a contact import creates companies)? */
export async function createdAny(q: Queryable, tenantId: string, importId: string, entity: 'contact' | 'company'): Promise<boolean> {
  const rows = await rowsOf<{ one: number }>(q, sql`
    select 1 as one from import_rows
    where tenant_id = ${tenantId} and import_id = ${importId} and phase = 'run' and entity = ${entity} and action = 'created' limit 1`);
  return rows.length > 0;
}

export async function savedMapping(q: Queryable, tenantId: string, resource: string, source: string): Promise<Record<string, string> | undefined> {
  const [row] = await q.select({ mapping: importMappings.mapping }).from(importMappings)
    .where(and(eq(importMappings.tenantId, tenantId), eq(importMappings.resource, resource), eq(importMappings.sourceSystem, source)));
  return row?.mapping;
}

export async function saveMapping(tx: Tx, tenantId: string, id: string, resource: string, source: string, mapping: Record<string, string>, userId: string | null) {
  await tx.insert(importMappings).values({ tenantId, id, resource, sourceSystem: source, mapping, createdBy: userId })
    .onConflictDoUpdate({ target: [importMappings.tenantId, importMappings.resource, importMappings.sourceSystem], set: { mapping, updatedAt: new Date() } });
}

/**
 * The contact (or company) each (system, external id) pair belongs to. Reads source_identifiers
 * directly: the contacts and companies services have no lookup by source identifier yet.
 */
export async function recordsBySource(q: Queryable, tenantId: string, entity: 'contact' | 'company', pairs: Array<{ system: string; externalId: string }>): Promise<Map<string, string>> {
  if (pairs.length === 0) return new Map();
  const column = sql.raw(entity === 'contact' ? 'contact_id' : 'company_id');
  const rows = await rowsOf<{ system: string; external_id: string; record_id: string }>(q, sql`
    select system, external_id, ${column} as record_id from source_identifiers
    where tenant_id = ${tenantId} and ${column} is not null
      and (system, external_id) in (select * from unnest(${textArray(pairs.map((p) => p.system))}, ${textArray(pairs.map((p) => p.externalId))}))`);
  return new Map(rows.map((r) => [sourceKey(r.system, r.external_id), r.record_id]));
}

export const sourceKey = (system: string, externalId: string) => `${system}\u0000${externalId}`;
