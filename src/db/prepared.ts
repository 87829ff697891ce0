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
