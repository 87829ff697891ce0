// Statements built once per connection and then executed with new values. On the hottest reads
// Drizzle's query building costs more CPU than the query itself. On PostgreSQL the key is a
// pooled connection's long-lived Drizzle instance, so PostgreSQL also parses and plans the named
// statement once. On PGlite every call brings a fresh transaction, so nothing is kept there.
import { fillPlaceholders, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from './client.ts';

export interface Executable<R> {
  execute(values: Record<string, unknown>): Promise<R[]>;
}

const statements = new WeakMap<object, Map<string, Executable<unknown>>>();

/** The statement `name` on this connection; `build(name)` must give the same SQL text every time. */
export function preparedOnce<R>(q: Queryable, name: string, build: (name: string) => Executable<R>): Executable<R> {
  let byName = statements.get(q);
  if (!byName) statements.set(q, (byName = new Map()));
  let statement = byName.get(name) as Executable<R> | undefined;
  if (!statement) {
    statement = build(name);
    byName.set(name, statement as Executable<unknown>);
  }
  return statement;
}

/** Shapes given a statement name so far, per family (process-wide: a name stands for one SQL text). */
const shapeNames = new Map<string, Map<string, string>>();
/** Past this many shapes a family builds its queries per request instead (filters are open-ended). */
export const MAX_SHAPES = 200;

/**
 * The statement of `family` for one query shape (`key` names everything that changes its SQL
 * text), prepared once per connection like preparedOnce; undefined once the family has MAX_SHAPES
 * shapes and this is a new one, so a client sending ever new filter shapes cannot grow every
 * connection's statements without bound: the caller then builds the query per request.
 */
export function preparedShape<R>(q: Queryable, family: string, key: string, build: (name: string) => Executable<R>): Executable<R> | undefined {
  let names = shapeNames.get(family);
  if (!names) shapeNames.set(family, (names = new Map()));
  let name = names.get(key);
  if (!name) {
    if (names.size >= MAX_SHAPES) return undefined;
    name = `${family}_${names.size}`;
    names.set(key, name);
  }
  return preparedOnce(q, name, build);
}

/** How a shaped query's values reach its SQL: placeholders (prepared) or bound in place. */
export type Bind = (name: string, value: unknown) => SQL;
const texts = new Map<string, { name: string; text: string; params: unknown[] }>();

/**
 * Rows of a raw SQL query whose text depends only on `key` (its shape), with its values passed
 * through `bind`. On a PostgreSQL connection the text is built once per process and sent as a
 * named statement, which node-postgres parses once per connection; elsewhere (PGlite, a
 * transaction object) the query is built per call with its values bound in place. Rows come with
 * node-postgres's default parsing either way (as rowsOf gives them).
 */
export async function shapedRows<R>(q: Queryable, family: string, key: string, build: (bind: Bind) => SQL, values: Record<string, unknown>): Promise<R[]> {
  const client = (q as { $client?: { query?: unknown; connection?: unknown } }).$client;
  const named = client && typeof client.query === 'function' && client.connection !== undefined;
  if (named) {
    const full = `${family}|${key}`;
    let entry = texts.get(full);
    if (!entry && texts.size < MAX_SHAPES * 4) {
      const query = (q as unknown as { dialect: { sqlToQuery(s: SQL): { sql: string; params: unknown[] } } }).dialect
        .sqlToQuery(build((name) => sql.placeholder(name) as unknown as SQL));
      entry = { name: `${family}_s${texts.size}`, text: query.sql, params: query.params };
      texts.set(full, entry);
    }
    if (entry) {
      const res = await (client as unknown as { query(c: { name: string; text: string; values: unknown[] }): Promise<{ rows: R[] }> })
        .query({ name: entry.name, text: entry.text, values: fillPlaceholders(entry.params, values) });
      return res.rows;
    }
  }
  const res = (await q.execute(build((name) => sql`${values[name]}`))) as unknown as { rows: R[] };
  return res.rows;
}
