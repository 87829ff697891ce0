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

/** JSON already serialised, for a jsonb column of insertUnnest (written as is, not stringified again). */
export class JsonText {
  constructor(readonly text: string) {}
}

/** An array literal of scalars for one bound parameter: NULL for null, every other value quoted. */
function scalarArrayLiteral(values: readonly unknown[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i) out += ',';
    if (v === null || v === undefined) out += 'NULL';
    else {
      const s = v instanceof Date ? v.toISOString() : typeof v === 'boolean' ? (v ? 't' : 'f') : String(v);
      out += `"${s.replace(/[\\"]/g, '\\$&')}"`;
    }
  }
  return out + '}';
}

/**
 * The row source of insertUnnest and updateUnnest for `keys` of `rows`: each scalar column one typed
 * array (unnest), each jsonb or array column one JSON array (json_array_elements), to be zipped by
 * ROWS FROM (...) AS u(aliases); `selects[i]` turns alias c<i> back into the column's type.
 */
export function unnestColumns(columns: Record<string, PgColumn>, keys: readonly string[], rows: ReadonlyArray<Record<string, unknown>>): { sources: SQL[]; selects: string[]; aliases: SQL } {
  const sources: SQL[] = [];
  const selects: string[] = [];
  keys.forEach((k, i) => {
    const column = columns[k]!;
    const type = column.getSQLType();
    const values = rows.map((r) => r[k]);
    if (type === 'jsonb' || type === 'json') {
      const json = values.some((v) => v instanceof JsonText)
        ? `[${values.map((v) => (v instanceof JsonText ? v.text : JSON.stringify(v ?? null))).join(',')}]`
        : JSON.stringify(values);
      sources.push(sql`json_array_elements(${json}::json)`);
      selects.push(`nullif(c${i}::text, 'null')::${type}`);
    } else if (type.endsWith('[]')) {
      sources.push(sql`json_array_elements(${JSON.stringify(values)}::json)`);
      selects.push(`case when json_typeof(c${i}) = 'array' then array(select json_array_elements_text(c${i}))::${type} end`);
    } else {
      sources.push(sql`unnest(${scalarArrayLiteral(values)}::${sql.raw(type.replace(/\(.*?\)/, ''))}[])`);
      selects.push(`c${i}`);
    }
  });
  return { sources, selects, aliases: sql.raw(keys.map((_, i) => `c${i}`).join(', ')) };
}

/**
 * Inserts many rows as one statement with a handful of parameters: each scalar column is one typed
 * array (unnest), each jsonb or array column one JSON array (json_array_elements), zipped by ROWS
 * FROM. PostgreSQL parses this several times faster than json_populate_recordset (which converts
 * every nested value through text) and far faster than a VALUES list of thousands of parameters;
 * it works the same on PGlite. Rows must carry the same keys (property names of the Drizzle table);
 * columns left out take their defaults.
 */
export async function insertUnnest(tx: { execute(query: SQL): PromiseLike<unknown> }, table: PgTable, rows: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  if (rows.length === 0) return;
  const columns = getTableColumns(table);
  const keys = Object.keys(rows[0]!).filter((k) => rows[0]![k] !== undefined && columns[k]);
  for (const row of rows) {
    for (const k of keys) if (row[k] === undefined) throw new Error(`insertUnnest: row lacks ${k}`);
  }
  for (let start = 0; start < rows.length; start += 5000) {
    const chunk = rows.slice(start, start + 5000);
    const { sources, selects, aliases } = unnestColumns(columns, keys, chunk);
    const names = sql.raw(keys.map((k) => `"${columns[k]!.name}"`).join(', '));
    await tx.execute(sql`insert into ${table} (${names}) select ${sql.raw(selects.join(', '))}
      from rows from (${sql.join(sources, sql`, `)}) as u(${aliases})`);
  }
}
