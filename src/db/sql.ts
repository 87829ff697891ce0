// Small SQL helpers shared by data layers.
import { getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';

/** A PostgreSQL array literal, quoted element by element, bound as one parameter. */
export const arrayLiteral = (values: readonly string[]) => `{${values.map((v) => `"${v.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;

export const textArray = (values: readonly string[]): SQL => sql`${arrayLiteral(values)}::text[]`;
export const uuidArray = (values: readonly string[]): SQL => sql`${arrayLiteral(values)}::uuid[]`;

/**
 * A column named with its table. Drizzle leaves columns unqualified in single-table selects, which
 * inside a correlated subquery would bind to the subquery's own table: always qualify there.
 */
export const qualified = (column: PgColumn): SQL => sql.raw(`"${getTableName(column.table)}"."${column.name}"`);

/** Rows of a raw query on a database or transaction (both drivers answer { rows }). */
export async function rowsOf<R>(q: { execute(query: SQL): PromiseLike<unknown> }, query: SQL): Promise<R[]> {
  const res = (await q.execute(query)) as { rows: R[] };
  return res.rows;
}

/**
 * Inserts many rows as one JSON parameter expanded by json_populate_recordset. Drizzle's
 * multi-row VALUES builder spends milliseconds per hundred rows checking every value; this costs
 * one JSON.stringify. Every row must carry the same keys (property names of the Drizzle table);
 * columns left out take their defaults.
 */
export async function insertMany(tx: { execute(query: SQL): PromiseLike<unknown> }, table: PgTable, rows: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  if (rows.length === 0) return;
  const columns = getTableColumns(table);
  const keys = Object.keys(rows[0]!).filter((k) => rows[0]![k] !== undefined && columns[k]);
  for (const row of rows) {
    for (const k of keys) if (row[k] === undefined) throw new Error(`insertMany: row lacks ${k}`);
  }
  const names = keys.map((k) => columns[k]!.name);
  const records = rows.map((row) => {
    const out: Record<string, unknown> = {};
    keys.forEach((k, i) => {
      const v = row[k];
      out[names[i]!] = v instanceof Date ? v.toISOString() : v;
    });
    return out;
  });
  const list = sql.raw(names.map((n) => `"${n}"`).join(', '));
  for (let i = 0; i < records.length; i += 5000) {
    const chunk = JSON.stringify(records.slice(i, i + 5000));
    await tx.execute(sql`insert into ${table} (${list}) select ${list} from json_populate_recordset(null::${table}, ${chunk}::json)`);
  }
}

/** Rows in the order of `ids`, leaving out ids with no row (a batch read by id answers unordered). */
export function inIdOrder<R extends { id: string }>(ids: readonly string[], rows: readonly R[]): R[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
