// Loading one owned record for an action: 404 when the caller cannot see it (so another tenant's
// or another team's ids reveal nothing), 403 when it can see but not do, 412 on a stale version.
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Queryable } from '../db/client.ts';
import { readInTenant, type Ctx } from './context.ts';
import { AppError, forbidden, notFound } from './errors.ts';
import { canOnRecord, visibilityOf, type Action, type OwnedResource, type Principal, type Visibility } from './policy/index.ts';
import { recordShares } from './tenancy/tables.ts';

export interface OwnedTable {
  tenantId: PgColumn;
  id: PgColumn;
  ownerId: PgColumn;
  teamId: PgColumn;
  version?: PgColumn;
}

/** The strongest share the principal holds on a record, directly or through a team. */
export async function shareAccess(tx: Queryable, tenantId: string, p: Principal, entity: string, recordId: string): Promise<'read' | 'write' | null> {
  const who = p.teamIds.length
    ? or(eq(recordShares.userId, p.userId), inArray(recordShares.teamId, [...p.teamIds]))
    : eq(recordShares.userId, p.userId);
  const rows = await tx
    .select({ access: recordShares.access })
    .from(recordShares)
    .where(and(eq(recordShares.tenantId, tenantId), eq(recordShares.entity, entity), eq(recordShares.recordId, recordId), who));
  if (rows.some((r) => r.access === 'write')) return 'write';
  return rows.length ? 'read' : null;
}

export async function loadForAction<T extends { ownerId: string | null; teamId: string | null; version?: number }>(
  tx: Queryable,
  ctx: Ctx,
  resource: OwnedResource,
  table: PgTable & OwnedTable,
  id: string,
  action: Action,
  opts: { lock?: boolean; ifMatch?: number | undefined } = {},
): Promise<T> {
  const q = tx.select().from(table as PgTable).where(and(eq(table.tenantId, ctx.tenantId), eq(table.id, id)));
  const [row] = (await (opts.lock ? q.for('update') : q)) as unknown as T[];
  const label = resource.charAt(0).toUpperCase() + resource.slice(1);
  if (!row) throw notFound(label);
  const needsShare = !canOnRecord(ctx.principal, 'read', resource, { ownerId: row.ownerId, teamId: row.teamId, shared: null })
    || (action !== 'read' && !canOnRecord(ctx.principal, action, resource, { ownerId: row.ownerId, teamId: row.teamId, shared: null }));
  const shared = needsShare ? await shareAccess(tx, ctx.tenantId, ctx.principal, resource, id) : null;
  const rel = { ownerId: row.ownerId, teamId: row.teamId, shared };
  if (!canOnRecord(ctx.principal, 'read', resource, rel)) throw notFound(label);
  if (action !== 'read' && !canOnRecord(ctx.principal, action, resource, rel)) throw forbidden(`You may not ${action} this ${resource}`);
  if (opts.ifMatch !== undefined && row.version !== opts.ifMatch) {
    throw new AppError('stale_write', 412, `${label} was changed by someone else (now version ${row.version}); reload and retry`);
  }
  return row;
}

/**
 * One record read by `read` in a single query scoped to what the caller may see (`v`, as SQL:
 * policy/sql.ts), without a transaction: 404 when the role sees none of the kind and when the
 * record is absent, another tenant's or not visible, as loadForAction answers a read.
 */
export async function readVisible<T>(ctx: Ctx, resource: OwnedResource, read: (q: Queryable, v: Visibility) => Promise<T | undefined>): Promise<T> {
  const label = resource.charAt(0).toUpperCase() + resource.slice(1);
  const visibility = visibilityOf(ctx.principal, resource);
  if (!visibility) throw notFound(label);
  const row = await readInTenant(ctx, (q) => read(q, visibility));
  if (!row) throw notFound(label);
  return row;
}

type TenantTable = PgTable & { tenantId: PgColumn; id: PgColumn };

/** Ids among `ids` that name a row of this tenant in `table` (one query for a whole batch). */
export async function existingIds(tx: Queryable, tenantId: string, table: TenantTable, ids: Iterable<string>): Promise<Set<string>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Set();
  const rows = (await tx.select({ id: table.id }).from(table as PgTable).where(and(eq(table.tenantId, tenantId), inArray(table.id, wanted)))) as Array<{ id: string }>;
  return new Set(rows.map((r) => r.id));
}

/** Parses If-Match: W/"3" or "3" -> 3. Absent means no precondition. */
export function parseIfMatch(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const v = Array.isArray(header) ? header[0] : header;
  const m = /^(?:W\/)?"(\d+)"$/.exec((v ?? '').trim());
  if (!m) throw new AppError('validation_failed', 422, 'If-Match: expected an ETag this API issued, like W/"3"', [{ field: 'If-Match', message: 'expected an ETag like W/"3"' }]);
  return Number(m[1]);
}

export const etagOf = (version: number) => `W/"${version}"`;

/** Checks the caller may set ownerId / teamId to these values. */
export function checkAssignment(ctx: Ctx, ownerId: string | null | undefined, teamId: string | null | undefined) {
  const { role, userId, teamIds } = ctx.principal;
  if (role === 'admin') return;
  if (ownerId && ownerId !== userId && role !== 'manager') throw new AppError('forbidden', 403, 'ownerId: only managers and admins assign records to others', [{ field: 'ownerId', message: 'you may only assign records to yourself' }]);
  if (teamId && !teamIds.includes(teamId)) throw new AppError('forbidden', 403, 'teamId: you are not in this team', [{ field: 'teamId', message: 'you are not in this team' }]);
}

export const nowSql = sql`now()`;
