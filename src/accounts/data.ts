// Account and transaction rows in and out of PostgreSQL: owners folded into accounts, the
// visibility clause for roles that see only their clients' accounts, and the inflow search that
// evidence suggestion runs (index transactions_account_booked_idx: account, then booked date).
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { inIdOrder, qualified, rowsOf, uuidArray } from '../db/sql.ts';
import { scopedSql } from '../platform/policy/sql.ts';
import type { Principal } from '../platform/policy/index.ts';
import { seesAllAccounts } from '../platform/policy/advisor.ts';
import { contacts } from '../contacts/tables.ts';
import { households } from '../households/tables.ts';
import { accountOwners, accounts, transactions } from './tables.ts';

export type AccountRow = typeof accounts.$inferSelect;
export type TransactionRow = typeof transactions.$inferSelect;
export interface OwnerRow { contactId: string | null; householdId: string | null; role: string }
export type AccountWithOwners = AccountRow & { owners: OwnerRow[] };

const T = qualified(accounts.tenantId);
const ID = qualified(accounts.id);

const ownersColumn = sql<OwnerRow[]>`coalesce((select json_agg(json_build_object('contactId', o.contact_id, 'householdId', o.household_id, 'role', o.role) order by o.id)
  from ${accountOwners} o where o.tenant_id = ${T} and o.account_id = ${ID}), '[]'::json)`;

/**
 * Accounts a principal may see: every account for admins and controllers; for the others, accounts
 * owned by a contact or a household they can see (own, team's or shared, as for the records).
 */
export function accountVisibilitySql(p: Principal): SQL | undefined {
  if (seesAllAccounts(p)) return undefined;
  const user = sql`${p.userId}::uuid`;
  const teams = uuidArray(p.teamIds);
  const contactsSeen = scopedSql(contacts, 'contact', user, teams);
  const householdsSeen = scopedSql(households, 'household', user, teams);
  return sql`exists (select 1 from ${accountOwners} o where o.tenant_id = ${T} and o.account_id = ${ID} and (
    o.contact_id in (select "contacts"."id" from ${contacts} where "contacts"."tenant_id" = ${T} and ${contactsSeen})
    or o.household_id in (select "households"."id" from ${households} where "households"."tenant_id" = ${T} and ${householdsSeen})))`;
}

export async function selectAccounts(q: Queryable, tenantId: string, where: SQL | undefined, limit: number): Promise<AccountWithOwners[]> {
  const rows = await q.select({ a: accounts, owners: ownersColumn }).from(accounts)
    .where(and(eq(accounts.tenantId, tenantId), where)).orderBy(accounts.id).limit(limit);
  return rows.map(({ a, owners }) => ({ ...a, owners }));
}

export async function accountsByIds(q: Queryable, tenantId: string, ids: string[]): Promise<AccountWithOwners[]> {
  if (ids.length === 0) return [];
  return inIdOrder(ids, await selectAccounts(q, tenantId, inArray(accounts.id, ids), ids.length));
}

/**
 * Accounts owned by the contact, directly or through any household it belongs to. A UNION, not an
 * OR: each arm then uses its owner index (an OR with a subquery made PostgreSQL scan every owner).
 */
export const accountsOfContactSql = (tenantId: string, contactId: string) => sql`select o.account_id from ${accountOwners} o
    where o.tenant_id = ${tenantId}::uuid and o.contact_id = ${contactId}::uuid
  union
  select o.account_id from ${accountOwners} o join household_members m on m.tenant_id = o.tenant_id and m.household_id = o.household_id
    where o.tenant_id = ${tenantId}::uuid and m.tenant_id = ${tenantId}::uuid and m.contact_id = ${contactId}::uuid`;

export interface InflowQuery {
  contactId: string;
  currency: string;
  min: number;
  max: number;
  from: string;
  to: string;
  /** Closest amounts first; ties broken by date. */
  target: number;
  limit: number;
}

export interface InflowRow {
  id: string; account_id: string; external_id: string; kind: string; amount: string; currency: string; booked_on: string;
  description: string | null; number_masked: string; custodian: string | null; via_household: boolean;
}

/**
 * Deposits and transfers in on the client's (or its households') accounts matching an amount band
 * and a date window. The account list is computed once (array(...)), so transactions are read by
 * index range (tenant, account, booked_on) per account instead of joined by hash.
 */
export async function findInflows(q: Queryable, tenantId: string, f: InflowQuery): Promise<InflowRow[]> {
  return rowsOf<InflowRow>(q, sql`select t.id, t.account_id, t.external_id, t.kind, t.amount::text as amount, t.currency, t.booked_on::text as booked_on,
      t.description, a.number_masked, a.custodian,
      not exists (select 1 from ${accountOwners} d where d.tenant_id = t.tenant_id and d.account_id = t.account_id and d.contact_id = ${f.contactId}::uuid) as via_household
    from ${transactions} t join ${accounts} a on a.tenant_id = t.tenant_id and a.id = t.account_id
    where t.tenant_id = ${tenantId}::uuid and t.account_id = any(array(${accountsOfContactSql(tenantId, f.contactId)}))
      and t.booked_on between ${f.from}::date and ${f.to}::date
      and t.kind in ('deposit', 'transfer_in') and t.currency = ${f.currency}
      and t.amount between ${f.min.toFixed(2)}::numeric and ${f.max.toFixed(2)}::numeric
    order by abs(t.amount - ${f.target.toFixed(2)}::numeric), t.booked_on, t.id
    limit ${f.limit}`);
}

export async function transactionsByIds(q: Queryable, tenantId: string, ids: string[]): Promise<TransactionRow[]> {
  if (ids.length === 0) return [];
  return q.select().from(transactions).where(and(eq(transactions.tenantId, tenantId), inArray(transactions.id, ids)));
}
