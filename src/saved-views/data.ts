// Saved view rows. Every query names the tenant; RLS checks it again.
import { and, asc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Queryable, Tx } from '../db/client.ts';
import { teams } from '../users/tables.ts';
import { savedViews } from './tables.ts';

export type ViewRow = typeof savedViews.$inferSelect;
export type NewViewRow = typeof savedViews.$inferInsert;

/** Views a user sees: their own, their teams' shared views and tenant-wide ones. */
export function visibleToSql(userId: string, teamIds: readonly string[]): SQL {
  const team = teamIds.length
    ? and(eq(savedViews.visibility, 'team'), inArray(savedViews.teamId, [...teamIds]))
    : undefined;
  return or(eq(savedViews.ownerId, userId), eq(savedViews.visibility, 'tenant'), team)!;
}

export async function selectViews(q: Queryable, tenantId: string, resource: string, where: SQL | undefined): Promise<ViewRow[]> {
  return q
    .select()
    .from(savedViews)
    .where(and(eq(savedViews.tenantId, tenantId), eq(savedViews.resource, resource), where))
    // Case-insensitive by name, then id: a stable order for a picker.
    .orderBy(sql`lower(${savedViews.name})`, asc(savedViews.id))
    .limit(1000);
}

export async function viewById(tx: Tx, tenantId: string, id: string, lock = false): Promise<ViewRow | undefined> {
  const q = tx.select().from(savedViews).where(and(eq(savedViews.tenantId, tenantId), eq(savedViews.id, id)));
  const [row] = await (lock ? q.for('update') : q);
  return row;
}

export async function teamExists(tx: Tx, tenantId: string, teamId: string): Promise<boolean> {
  const rows = await tx.select({ id: teams.id }).from(teams).where(and(eq(teams.tenantId, tenantId), eq(teams.id, teamId)));
  return rows.length > 0;
}
