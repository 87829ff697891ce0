// Turns a Visibility into SQL for tables that have owner_id and team_id.
import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Visibility } from './index.ts';
import { qualified, uuidArray } from '../../db/sql.ts';

export interface OwnedColumns {
  id: PgColumn;
  ownerId: PgColumn;
  teamId: PgColumn;
}

export function visibilitySql(v: Visibility, t: OwnedColumns, entity: string): SQL | undefined {
  if (v.kind === 'all') return undefined;
  const teams = uuidArray(v.teamIds);
  // The shared ids are one uncorrelated array (computed once), not an EXISTS per row: all three
  // arms are then indexable and the planner can BitmapOr them with the table's own conditions.
  return sql`(${qualified(t.ownerId)} = ${v.userId} or ${qualified(t.teamId)} = any(${teams}) or ${qualified(t.id)} = any(array(
    select s.record_id from record_shares s where s.tenant_id = current_setting('app.tenant_id', true)::uuid
      and s.entity = ${entity} and (s.user_id = ${v.userId} or s.team_id = any(${teams})))))`;
}
