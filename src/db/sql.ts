// Small SQL helpers shared by data layers.
import { getTableName, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

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
