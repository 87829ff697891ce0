// Deal rows in and out of PostgreSQL: list fields and sort keys (nullable sort columns read through
// a sentinel, so the keyset cursor never compares with NULL), and the won deals a campaign ROI counts.
import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { rowsOf } from '../db/sql.ts';
import { ownedFieldMap, type FieldMap } from '../platform/list.ts';
import { deals } from './tables.ts';

export type DealRow = typeof deals.$inferSelect;

export const dealFieldMap: FieldMap = {
  ...ownedFieldMap(deals),
  name: { column: deals.name, type: 'text', sortable: true },
  stage: { column: deals.stage, type: 'text' },
  contactId: { column: deals.contactId, type: 'uuid' },
  companyId: { column: deals.companyId, type: 'uuid' },
  campaignId: { column: deals.campaignId, type: 'uuid' },
  amount: { column: deals.amount, type: 'number' },
  currency: { column: deals.currency, type: 'text' },
  expectedCloseOn: { column: deals.expectedCloseOn, type: 'date' },
  closedAt: { column: deals.closedAt, type: 'timestamp' },
};

/** Stand-ins for "none" in sort keys: no amount sorts first, no dates last. */
const NO_AMOUNT = -1;
const NO_DATE = 'infinity';

export const dealSortMap: FieldMap = {
  ...dealFieldMap,
  amount: { column: sql`coalesce(${deals.amount}, ${NO_AMOUNT})`, type: 'number', sortable: true },
  expectedCloseOn: { column: sql`coalesce(${deals.expectedCloseOn}, ${NO_DATE}::date)`, type: 'date', sortable: true },
  closedAt: { column: sql`coalesce(${deals.closedAt}, ${NO_DATE}::timestamptz)`, type: 'timestamp', sortable: true },
};

/** The value a row has under a sort field, as the cursor carries it. */
export function sortValueOf(field: string, row: DealRow): unknown {
  switch (field) {
    case 'amount':
      return row.amount === null ? NO_AMOUNT : Number(row.amount);
    case 'expectedCloseOn':
      return row.expectedCloseOn ?? NO_DATE;
    case 'closedAt':
      return row.closedAt?.toISOString() ?? NO_DATE;
    default:
      return row[field as keyof DealRow];
  }
}

export interface WonDealRow { id: string; contact_id: string | null; amount: string; month: string }

/** Deals won in [from, to] (UTC days) whose owner is in `scope` (SQL over d.owner_id), with their amounts. */
export const wonDeals = (q: Queryable, tenantId: string, from: string, to: string, scope: SQL) => rowsOf<WonDealRow>(q, sql`
  select d.id, d.contact_id, coalesce(d.amount, 0)::text as amount, to_char(d.closed_at at time zone 'UTC', 'YYYY-MM') as month
  from deals d
  where d.tenant_id = ${tenantId}::uuid and d.stage = 'won'
    and d.closed_at >= (${from}::date)::timestamp at time zone 'UTC' and d.closed_at < (${to}::date + 1)::timestamp at time zone 'UTC'
    and ${scope}
  order by d.closed_at, d.id`);
