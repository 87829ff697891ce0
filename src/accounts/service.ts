// Account and transaction reads (by role: every account for admins and controllers, their clients'
// accounts for managers and reps), the CSV entry points, and the inflow search other domains use
// for evidence. Loads live in load.ts, CSV mapping in csv.ts.
import { and, asc, eq, gt, gte, lte, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { readInTenant, type Ctx } from '../platform/context.ts';
import { forbidden, notFound } from '../platform/errors.ts';
import { canAdvisor, type AdvisorResource } from '../platform/policy/advisor.ts';
import { accounts, transactions } from './tables.ts';
import { accountsOfContactSql, accountVisibilitySql, findInflows, selectAccounts, type InflowQuery, type InflowRow } from './data.ts';
import { presentAccount, presentTransaction } from './presenter.ts';
import { importAccountsCsv, importTransactionsCsv } from './csv.ts';
import type { AccountOut, TransactionOut } from './schemas.ts';

export { loadAccounts, loadTransactions } from './load.ts';

function allowRead(ctx: Ctx, resource: AdvisorResource) {
  if (!canAdvisor(ctx.principal, 'read', resource)) throw forbidden(`Your role may not read ${resource}s`);
}

export async function listAccounts(ctx: Ctx, q: { limit: number; cursor?: string | undefined; contactId?: string | undefined; householdId?: string | undefined }) {
  allowRead(ctx, 'account');
  const rows = await readInTenant(ctx, (db) => selectAccounts(db, ctx.tenantId, and(
    accountVisibilitySql(ctx.principal),
    q.contactId ? sql`${accounts.id} in (${accountsOfContactSql(ctx.tenantId, q.contactId)})` : undefined,
    q.householdId ? sql`${accounts.id} in (select o.account_id from account_owners o where o.tenant_id = ${ctx.tenantId}::uuid and o.household_id = ${q.householdId}::uuid)` : undefined,
    q.cursor ? gt(accounts.id, q.cursor) : undefined,
  ), q.limit + 1));
  const data = rows.slice(0, q.limit).map(presentAccount);
  return { data, nextCursor: rows.length > q.limit ? data[data.length - 1]!.id : null };
}

async function visibleAccount(db: Queryable, ctx: Ctx, id: string) {
  const [row] = await selectAccounts(db, ctx.tenantId, and(eq(accounts.id, id), accountVisibilitySql(ctx.principal)), 1);
  if (!row) throw notFound('Account');
  return row;
}

export async function getAccount(ctx: Ctx, id: string): Promise<AccountOut> {
  allowRead(ctx, 'account');
  return presentAccount(await readInTenant(ctx, (db) => visibleAccount(db, ctx, id)));
}

export async function listTransactions(ctx: Ctx, accountId: string, q: { limit: number; cursor?: string | undefined; from?: string | undefined; to?: string | undefined }) {
  allowRead(ctx, 'transaction');
  return readInTenant(ctx, async (db) => {
    await visibleAccount(db, ctx, accountId);
    const rows = await db.select().from(transactions).where(and(
      eq(transactions.tenantId, ctx.tenantId), eq(transactions.accountId, accountId),
      q.from ? gte(transactions.bookedOn, q.from) : undefined, q.to ? lte(transactions.bookedOn, q.to) : undefined,
      q.cursor ? gt(transactions.id, q.cursor) : undefined,
    )).orderBy(asc(transactions.id)).limit(q.limit + 1);
    const data: TransactionOut[] = rows.slice(0, q.limit).map(presentTransaction);
    return { data, nextCursor: rows.length > q.limit ? data[data.length - 1]!.id : null };
  });
}

export async function importAccounts(ctx: Ctx, bytes: Buffer) {
  if (!canAdvisor(ctx.principal, 'import', 'account')) throw forbidden('Only admins load accounts from the system of record');
  return importAccountsCsv(ctx, bytes);
}

export async function importTransactions(ctx: Ctx, bytes: Buffer) {
  if (!canAdvisor(ctx.principal, 'import', 'transaction')) throw forbidden('Only admins load transactions from the system of record');
  return importTransactionsCsv(ctx, bytes);
}

/** For evidence suggestion: the caller has already decided the principal may see this claim. */
export const inflowsFor = (db: Queryable, tenantId: string, f: InflowQuery): Promise<InflowRow[]> => findInflows(db, tenantId, f);
export type { InflowRow };
