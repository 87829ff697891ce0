// A context whose database is one open transaction. Domain services open their own transaction with
// inTenant(ctx, ...); a job that must commit a batch of service calls together with its checkpoint
// (so a resumed job neither repeats nor skips work) passes this context, and every inTenant and
// readInTenant inside joins the batch's transaction instead of starting another.
import type { Database, Tx } from '../../db/client.ts';
import { rowsOf } from '../../db/sql.ts';
import { sql } from 'drizzle-orm';
import type { Ctx } from '../context.ts';

export function inBatch(ctx: Ctx, tx: Tx): Ctx {
  const join = <T>(tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T> => {
    if (tenantId !== ctx.tenantId) throw new Error('inBatch: a batch runs in one tenant');
    return fn(tx);
  };
  const database: Database = {
    kind: ctx.database.kind,
    db: ctx.database.db,
    withTenant: join,
    readTenant: join,
    withConnection: (fn) => ctx.database.withConnection(fn),
    query: <R>(text: string, params: unknown[] = []) => {
      if (params.length) throw new Error('inBatch: query() with parameters is not supported; use the transaction');
      return rowsOf<R>(tx, sql.raw(text));
    },
    close: () => Promise.reject(new Error('inBatch: the batch does not own the database')),
  };
  return { ...ctx, database };
}
