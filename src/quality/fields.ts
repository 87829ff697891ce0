// The quality fields a contact or company list can filter on (filter[completeness][lt]=50,
// filter[qualityIssue][eq]=phone_invalid, filter[confirmedAt][isNull]=true, filter[stale][eq]=true).
// Staleness depends on the clock and the tenant's staleMonths setting, so it is worked out in the
// query ('stale' among the record's issue codes, and the stale flag), never stored.
import { sql, type SQL } from 'drizzle-orm';
import type { FieldMap } from '../platform/list.ts';
import { numericSettingSql } from '../tenants/settings.ts';
import type { contacts } from '../contacts/tables.ts';
import type { companies } from '../companies/tables.ts';

/**
 * True when the record was not confirmed (or, never confirmed, created) within the tenant's
 * staleMonths. The setting is read once per query (uncorrelated: RLS has set app.tenant_id).
 */
export const staleSql = (t: typeof contacts | typeof companies) =>
  sql`(coalesce(${t.confirmedAt}, ${t.createdAt}) < now() - make_interval(months => ${numericSettingSql(sql`current_setting('app.tenant_id', true)::uuid`, 'staleMonths')}))`;

/**
 * The record's stored quality issues with the 'stale' issue added when staleSql holds: what
 * presentQuality shows for a row read with its `stale` flag (the message says since when).
 */
export const issuesWithStaleSql = (t: typeof contacts | typeof companies, stale: SQL) => sql`case when ${stale}
  then ${t.qualityIssues} || jsonb_build_array(jsonb_build_object('code', 'stale', 'field', 'confirmedAt',
    'message', 'not confirmed since ' || to_char(coalesce(${t.confirmedAt}, ${t.createdAt}) at time zone 'UTC', 'YYYY-MM-DD')))
  else ${t.qualityIssues} end`;

export const qualityFieldMap = (t: typeof contacts | typeof companies): FieldMap => ({
  completeness: { column: t.completeness, type: 'number' },
  confirmedAt: { column: t.confirmedAt, type: 'timestamp' },
  qualityIssue: {
    column: sql`(select array_agg(c) from (select i->>'code' as c from jsonb_array_elements(${t.qualityIssues}) i union all select 'stale' where ${staleSql(t)}) x)`,
    type: 'array',
  },
  stale: { column: staleSql(t), type: 'boolean' },
});
