// Statements built once per connection and then executed with new values. On the hottest reads
// Drizzle's query building costs more CPU than the query itself. On PostgreSQL the key is a
// pooled connection's long-lived Drizzle instance, so PostgreSQL also parses and plans the named
// statement once. On PGlite every call brings a fresh transaction, so nothing is kept there.
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
