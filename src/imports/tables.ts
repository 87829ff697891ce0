// Imports: an uploaded file (kept in the database in chunks, so a job resumed on another server
// finds it), what each of its rows did (for undo and the error report), and column mappings saved
// per source system.
import { sql } from 'drizzle-orm';
import { bigint, customType, foreignKey, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, tenantPolicy, updatedAt } from '../db/columns.ts';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

export type ImportCounts = { rows: number; created: number; updated: number; failed: number };

export const imports = pgTable(
  'imports',
  {
    tenantId: tenantId(),
    id: id(),
    resource: text('resource').notNull(),
    format: text('format').notNull(),
    sourceSystem: text('source_system').notNull(),
    fileName: text('file_name').notNull(),
    size: bigint('size', { mode: 'number' }).notNull().default(0),
    encoding: text('encoding').notNull(),
    delimiter: text('delimiter'),
    headers: text('headers').array().notNull().default(sql`'{}'::text[]`),
    mapping: jsonb('mapping').$type<Record<string, string>>().notNull().default({}),
    /** uploaded -> imported (a run finished) -> undone */
    status: text('status').notNull().default('uploaded'),
    counts: jsonb('counts').$type<ImportCounts | null>(),
    dryRun: jsonb('dry_run').$type<Record<string, unknown> | null>(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), tenantPolicy()],
).enableRLS();

export const importChunks = pgTable(
  'import_chunks',
  {
    tenantId: tenantId(),
    importId: uuid('import_id').notNull(),
    seq: integer('seq').notNull(),
    data: bytea('data').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.importId, t.seq] }),
    foreignKey({ columns: [t.tenantId, t.importId], foreignColumns: [imports.tenantId, imports.id] }).onDelete('cascade'),
    tenantPolicy(),
  ],
).enableRLS();

/**
 * One row per source row and entity touched: created (undo deletes it), updated (undo restores
 * `before`), failed (the error report: the original cells and the reason). phase is 'dry' for a dry
 * run's problems, 'run' for the real one.
 */
export const importRows = pgTable(
  'import_rows',
  {
    tenantId: tenantId(),
    importId: uuid('import_id').notNull(),
    phase: text('phase').notNull(),
    rowNo: integer('row_no').notNull(),
    entity: text('entity').notNull(),
    action: text('action').notNull(),
    recordId: uuid('record_id'),
    before: jsonb('before').$type<Record<string, unknown> | null>(),
    raw: jsonb('raw').$type<string[] | null>(),
    error: text('error'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.importId, t.phase, t.rowNo, t.entity] }),
    foreignKey({ columns: [t.tenantId, t.importId], foreignColumns: [imports.tenantId, imports.id] }).onDelete('cascade'),
    tenantPolicy(),
  ],
).enableRLS();

export const importMappings = pgTable(
  'import_mappings',
  {
    tenantId: tenantId(),
    id: id(),
    resource: text('resource').notNull(),
    sourceSystem: text('source_system').notNull(),
    mapping: jsonb('mapping').$type<Record<string, string>>().notNull(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('import_mappings_source_uq').on(t.tenantId, t.resource, t.sourceSystem),
    tenantPolicy(),
  ],
).enableRLS();
