// What a service needs to act for someone: the database, the tenant, who is acting and as what.
import type { Database, Queryable, Tx } from '../db/client.ts';
import type { Principal } from './policy/index.ts';
import type { Actor } from './audit/service.ts';

export interface Ctx {
  readonly database: Database;
  readonly tenantId: string;
  readonly principal: Principal;
  readonly actor: Actor;
}

/** One transaction inside the context's tenant (RLS applies). */
export const inTenant = <T>(ctx: Ctx, fn: (tx: Tx) => Promise<T>): Promise<T> =>
  ctx.database.withTenant(ctx.tenantId, fn);

/** Read-only work inside the context's tenant, without a transaction where the driver allows. */
export const readInTenant = <T>(ctx: Ctx, fn: (q: Queryable) => Promise<T>): Promise<T> =>
  ctx.database.readTenant(ctx.tenantId, fn);

/** A context for the system itself (CLI, seed, jobs): an admin acting in the tenant. */
export function systemCtx(database: Database, tenantId: string, label = 'system'): Ctx {
  return {
    database,
    tenantId,
    principal: { userId: '00000000-0000-0000-0000-000000000000', role: 'admin', teamIds: [] },
    actor: { id: null, label },
  };
}
