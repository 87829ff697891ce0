// Turns a Visibility into SQL for tables that have owner_id and team_id.
import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Visibility } from './index.ts';
import { arrayLiteral, qualified, uuidArray } from '../../db/sql.ts';

export interface OwnedColumns {
  id: PgColumn;
  ownerId: PgColumn;
  teamId: PgColumn;
}

export function visibilitySql(v: Visibility, t: OwnedColumns, entity: string): SQL | undefined {
  if (v.kind === 'all') return undefined;
  return scopedSql(t, entity, sql`${v.userId}::uuid`, uuidArray(v.teamIds));
}

/**
 * Own, team's or shared with me, for a user and team array given as SQL: values, or placeholders
 * of a prepared statement. The shared ids are one uncorrelated array (computed once), not an
 * EXISTS per row: all three arms are then indexable and the planner can BitmapOr them.
 */
export function scopedSql(t: OwnedColumns, entity: string, userId: SQL, teams: SQL): SQL {
  return sql`(${qualified(t.ownerId)} = ${userId} or ${qualified(t.teamId)} = any(${teams}) or ${qualified(t.id)} = any(array(
    select s.record_id from record_shares s where s.tenant_id = current_setting('app.tenant_id', true)::uuid
      and s.entity = ${entity} and (s.user_id = ${userId} or s.team_id = any(${teams})))))`;
}

/** visibilitySql for a prepared statement: placeholders userId and teams (see visibilityValues). */
export function visibilityPlaceholderSql(v: Visibility, t: OwnedColumns, entity: string): SQL | undefined {
  if (v.kind === 'all') return undefined;
  return scopedSql(t, entity, sql`${sql.placeholder('userId')}::uuid`, sql`${sql.placeholder('teams')}::uuid[]`);
}

/** The placeholder values visibilityPlaceholderSql needs. */
export function visibilityValues(v: Visibility): Record<string, unknown> {
  return v.kind === 'scoped' ? { userId: v.userId, teams: arrayLiteral(v.teamIds) } : {};
}
