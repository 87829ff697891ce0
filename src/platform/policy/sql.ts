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
  return sql`(${qualified(t.ownerId)} = ${v.userId} or ${qualified(t.teamId)} = any(${teams}) or exists (
    select 1 from record_shares s where s.tenant_id = current_setting('app.tenant_id', true)::uuid
      and s.entity = ${entity} and s.record_id = ${qualified(t.id)}
      and (s.user_id = ${v.userId} or s.team_id = any(${teams}))))`;
}
