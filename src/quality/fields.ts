// The quality fields a contact or company list can filter on (filter[completeness][lt]=50,
// filter[qualityIssue][eq]=phone_invalid, filter[confirmedAt][isNull]=true).
import { sql } from 'drizzle-orm';
import type { FieldMap } from '../platform/list.ts';
import type { contacts } from '../contacts/tables.ts';
import type { companies } from '../companies/tables.ts';

export const qualityFieldMap = (t: typeof contacts | typeof companies): FieldMap => ({
  completeness: { column: t.completeness, type: 'number' },
  confirmedAt: { column: t.confirmedAt, type: 'timestamp' },
  qualityIssue: { column: sql`(select array_agg(i->>'code') from jsonb_array_elements(${t.qualityIssues}) i)`, type: 'array' },
});
