// The raw-driver limit for bulk creates: the same contact rows as one multi-row INSERT per 1,000,
// straight through the driver, no validation, audit, outbox or search dictionary.
import { getTableColumns, getTableName } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { arrayLiteral } from '../src/db/sql.ts';

export type RunSql = (text: string, params: unknown[]) => Promise<unknown>;

/** Encodes a value the way PostgreSQL reads it from text, for jsonb, arrays and timestamps alike. */
function encode(value: unknown, columnType: string): unknown {
  if (value === null || value === undefined) return null;
  if (columnType === 'PgJsonb' || columnType === 'PgJson') return JSON.stringify(value);
  if (columnType === 'PgArray') return arrayLiteral(value as string[]);
  if (value instanceof Date) return value.toISOString();
  return value;
}

/** INSERT ... VALUES (...), (...) for rows of one table; columns absent from every row are left out. */
export function multiRowInsert<T extends PgTable>(table: T, rows: ReadonlyArray<T['$inferInsert']>): { text: string; params: unknown[] } {
  const columns = Object.entries(getTableColumns(table)).filter(([key]) => rows.some((r) => (r as Record<string, unknown>)[key] !== undefined));
  const params: unknown[] = [];
  const tuples = rows.map((row) => {
    const slots = columns.map(([key, col]) => {
      const v = (row as Record<string, unknown>)[key];
      if (v === undefined) return 'default';
      params.push(encode(v, col.columnType));
      return `$${params.length}`;
    });
    return `(${slots.join(',')})`;
  });
  const names = columns.map(([, col]) => `"${col.name}"`).join(',');
  return { text: `insert into "${getTableName(table)}" (${names}) values ${tuples.join(',')}`, params };
}

/** Inserts rows in statements of `chunk` rows, up to `concurrency` statements at a time. */
export async function insertRaw<T extends PgTable>(run: RunSql, table: T, rows: ReadonlyArray<T['$inferInsert']>, chunk = 1000, concurrency = 1): Promise<void> {
  const chunks: Array<ReadonlyArray<T['$inferInsert']>> = [];
  for (let i = 0; i < rows.length; i += chunk) chunks.push(rows.slice(i, i + chunk));
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      const { text, params } = multiRowInsert(table, chunks[next++]!);
      await run(text, params);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, chunks.length) }, worker));
}
