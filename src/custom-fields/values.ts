// Where custom values live: each entity's table carries a custom_fields JSON column. These queries
// find values of one key (to guard type and option changes) and strip them when a definition goes.
import { and, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Tx } from '../db/client.ts';
import { textArray, rowsOf } from '../db/sql.ts';
import { contacts } from '../contacts/tables.ts';
import { companies } from '../companies/tables.ts';
import { interactions } from '../interactions/tables.ts';
import type { CustomFieldEntity } from './schemas.ts';

const tables: Record<CustomFieldEntity, PgTable> = { contact: contacts, company: companies, interaction: interactions };

interface ValueColumns { table: PgTable; tenantId: PgColumn; values: PgColumn; version?: PgColumn | undefined; updatedAt?: PgColumn | undefined }

/** The entity's custom value column, or null while its table has none (no values can exist). */
function columnsOf(entity: CustomFieldEntity): ValueColumns | null {
  const table = tables[entity];
  const cols = getTableColumns(table) as Record<string, PgColumn | undefined>;
  if (!cols['customFields'] || !cols['tenantId']) return null;
  return { table, tenantId: cols['tenantId'], values: cols['customFields'], version: cols['version'], updatedAt: cols['updatedAt'] };
}

async function anyRow(tx: Tx, entity: CustomFieldEntity, tenantId: string, condition: (values: PgColumn) => SQL): Promise<boolean> {
  const c = columnsOf(entity);
  if (!c) return false;
  const rows = await tx.select({ one: sql`1` }).from(c.table).where(and(eq(c.tenantId, tenantId), condition(c.values))).limit(1);
  return rows.length > 0;
}

export const hasValues = (tx: Tx, entity: CustomFieldEntity, tenantId: string, key: string) =>
  anyRow(tx, entity, tenantId, (v) => sql`${v} ? ${key}`);

/** Does any record hold one of these options (as its value, or inside its list of values)? */
export const usesOptions = (tx: Tx, entity: CustomFieldEntity, tenantId: string, key: string, options: string[]) =>
  options.length > 0 && anyRow(tx, entity, tenantId, (v) => sql`(${v} ->> ${key} = any(${textArray(options)}) or (jsonb_typeof(${v} -> ${key}) = 'array' and (${v} -> ${key}) ?| ${textArray(options)}))`);

/** Removes a key from every record holding it; those records get a new version. Returns how many. */
export async function stripValues(tx: Tx, entity: CustomFieldEntity, tenantId: string, key: string): Promise<number> {
  const c = columnsOf(entity);
  if (!c) return 0;
  const parts = [sql`${sql.identifier(c.values.name)} = ${c.values} - ${key}::text`];
  if (c.version) parts.push(sql`${sql.identifier(c.version.name)} = ${c.version} + 1`);
  if (c.updatedAt) parts.push(sql`${sql.identifier(c.updatedAt.name)} = ${new Date().toISOString()}::timestamptz`);
  const rows = await rowsOf(tx, sql`update ${c.table} set ${sql.join(parts, sql`, `)} where ${c.tenantId} = ${tenantId} and ${c.values} ? ${key} returning 1`);
  return rows.length;
}
