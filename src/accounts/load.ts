// Loading accounts and transactions from the system of record, up to 1,000 rows per call, in one
// transaction. Idempotent by external id: an account sent again is updated (or left unchanged), a
// transaction sent again is skipped. atomic: any bad row refuses the batch; perRow: bad rows are
// reported with their fields and the rest is written. Nothing is dropped without a row result.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { inTenant, type Ctx } from '../platform/context.ts';
import { forbidden, type FieldError } from '../platform/errors.ts';
import { uuidv7 } from '../platform/ids.ts';
import { appendAudit, diff } from '../platform/audit/service.ts';
import { emitEvents } from '../platform/outbox/service.ts';
import { canAdvisor } from '../platform/policy/advisor.ts';
import { existingIds } from '../platform/records.ts';
import { rowProblem, prefixed } from '../platform/bulk.ts';
import { rowsOf } from '../db/sql.ts';
import { contacts } from '../contacts/tables.ts';
import { households } from '../households/tables.ts';
import { accountOwners, accounts, transactions } from './tables.ts';
import { accountsByIds } from './data.ts';
import { hashNumber, maskNumber, tenantKey } from './hash.ts';
import { auditView, presentTransaction } from './presenter.ts';
import type { AccountIn, LoadOut, RowResult, TransactionIn } from './schemas.ts';

export type LoadMode = 'atomic' | 'perRow';

function summarise(results: RowResult[]): LoadOut {
  const count = (s: RowResult['status']) => results.filter((r) => r.status === s).length;
  return { created: count('created'), updated: count('updated'), unchanged: count('unchanged'), skipped: count('skipped'), failed: count('failed'), results };
}

function refuseIfAtomic(mode: LoadMode, problems: FieldError[][], prefix: (i: number) => string) {
  if (mode !== 'atomic' || !problems.some((p) => p.length)) return;
  throw rowProblem(422, problems.flatMap((errors, i) => prefixed(errors, prefix(i))));
}

const ownersKey = (owners: Array<{ contactId?: string | null | undefined; householdId?: string | null | undefined; role?: string | null | undefined }>) =>
  JSON.stringify(owners.map((o) => [o.contactId ?? null, o.householdId ?? null, o.role ?? 'owner']).sort());

export async function loadAccounts(ctx: Ctx, items: AccountIn[], mode: LoadMode, prefix = (i: number) => `items.${i}.`): Promise<LoadOut> {
  if (!canAdvisor(ctx.principal, 'import', 'account')) throw forbidden('Only admins load accounts from the system of record');
  return inTenant(ctx, async (tx) => {
    const key = await tenantKey(tx, ctx.tenantId);
    const okContacts = await existingIds(tx, ctx.tenantId, contacts, items.flatMap((i) => i.owners.flatMap((o) => (o.contactId ? [o.contactId] : []))));
    const okHouseholds = await existingIds(tx, ctx.tenantId, households, items.flatMap((i) => i.owners.flatMap((o) => (o.householdId ? [o.householdId] : []))));
    const existingRows = await tx.select({ id: accounts.id, externalId: accounts.externalId }).from(accounts)
      .where(and(eq(accounts.tenantId, ctx.tenantId), inArray(accounts.externalId, items.map((i) => i.externalId))));
    const existing = new Map((await accountsByIds(tx, ctx.tenantId, existingRows.map((r) => r.id))).map((a) => [a.externalId, a]));
    const seen = new Set<string>();
    const problems = items.map((item) => {
      const errors: FieldError[] = [];
      if (seen.has(item.externalId)) errors.push({ field: 'externalId', message: 'appears twice in this batch' });
      seen.add(item.externalId);
      item.owners.forEach((o, j) => {
        if (o.contactId && !okContacts.has(o.contactId)) errors.push({ field: `owners.${j}.contactId`, message: 'no such contact' });
        if (o.householdId && !okHouseholds.has(o.householdId)) errors.push({ field: `owners.${j}.householdId`, message: 'no such household' });
      });
      if (item.openedOn && item.closedOn && item.closedOn < item.openedOn) errors.push({ field: 'closedOn', message: 'is before openedOn' });
      return errors;
    });
    refuseIfAtomic(mode, problems, prefix);
    const results: RowResult[] = [];
    const touched: Array<{ id: string; before: ReturnType<typeof auditView> | null }> = [];
    const now = new Date();
    for (const [index, item] of items.entries()) {
      if (problems[index]!.length) { results.push({ index, status: 'failed', errors: problems[index]! }); continue; }
      const columns = {
        numberMasked: maskNumber(item.number), numberHash: hashNumber(key, item.number), name: item.name ?? null, kind: item.kind ?? null,
        custodian: item.custodian ?? null, currency: item.currency ?? null, openedOn: item.openedOn ?? null, closedOn: item.closedOn ?? null,
      };
      const before = existing.get(item.externalId);
      const id = before?.id ?? uuidv7();
      if (before) {
        const same = (Object.keys(columns) as Array<keyof typeof columns>).every((k) => before[k] === columns[k]) && ownersKey(before.owners) === ownersKey(item.owners);
        if (same) { results.push({ index, status: 'unchanged', id }); continue; }
        await tx.update(accounts).set({ ...columns, updatedAt: now, version: before.version + 1 }).where(and(eq(accounts.tenantId, ctx.tenantId), eq(accounts.id, id)));
        await tx.delete(accountOwners).where(and(eq(accountOwners.tenantId, ctx.tenantId), eq(accountOwners.accountId, id)));
      } else {
        await tx.insert(accounts).values({ tenantId: ctx.tenantId, id, externalId: item.externalId, ...columns, createdBy: ctx.actor.id, createdAt: now, updatedAt: now });
      }
      if (item.owners.length) {
        await tx.insert(accountOwners).values(item.owners.map((o) => ({
          tenantId: ctx.tenantId, id: uuidv7(), accountId: id, contactId: o.contactId ?? null, householdId: o.householdId ?? null, role: o.role ?? 'owner',
        })));
      }
      results.push({ index, status: before ? 'updated' : 'created', id });
      touched.push({ id, before: before ? auditView(before) : null });
    }
    const after = new Map((await accountsByIds(tx, ctx.tenantId, touched.map((t) => t.id))).map((a) => [a.id, a]));
    await appendAudit(tx, ctx.tenantId, ctx.actor, touched.map((t) => ({
      action: t.before ? 'account.updated' : 'account.created', entity: 'account', entityId: t.id, changes: diff(t.before, auditView(after.get(t.id)!)),
    })));
    await emitEvents(tx, ctx.tenantId, ctx.actor.id, touched.map((t) => ({
      type: t.before ? 'account.updated' : 'account.created', entity: 'account', entityId: t.id, payload: { id: t.id, externalId: after.get(t.id)!.externalId },
    })));
    return summarise(results);
  });
}

/** Inserts transactions, leaving out external ids already loaded; answers the ids written. */
async function insertNew(tx: Tx, rows: Array<typeof transactions.$inferInsert>): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const json = JSON.stringify(rows.map((r) => ({
    tenant_id: r.tenantId, id: r.id, account_id: r.accountId, external_id: r.externalId, kind: r.kind, amount: r.amount,
    currency: r.currency, booked_on: r.bookedOn, description: r.description, created_at: r.createdAt!.toISOString(),
  })));
  const cols = sql.raw('tenant_id, id, account_id, external_id, kind, amount, currency, booked_on, description, created_at');
  const written = await rowsOf<{ id: string }>(tx, sql`insert into ${transactions} (${cols})
    select ${cols} from json_populate_recordset(null::${transactions}, ${json}::json)
    on conflict (tenant_id, external_id) do nothing returning id`);
  return new Set(written.map((r) => r.id));
}

/** Account ids for the transactions' account references (by external id, or by number through its hash). */
async function resolveAccounts(tx: Tx, tenantId: string, items: TransactionIn[]) {
  const byExternal = new Map<string, string>();
  const byHash = new Map<string, string[]>();
  const externals = [...new Set(items.flatMap((i) => (i.accountExternalId ? [i.accountExternalId] : [])))];
  if (externals.length) {
    for (const r of await tx.select({ id: accounts.id, externalId: accounts.externalId }).from(accounts)
      .where(and(eq(accounts.tenantId, tenantId), inArray(accounts.externalId, externals)))) byExternal.set(r.externalId, r.id);
  }
  const numbers = items.flatMap((i) => (i.accountNumber ? [i.accountNumber] : []));
  const key = numbers.length ? await tenantKey(tx, tenantId) : null;
  if (key) {
    const hashes = [...new Set(numbers.map((n) => hashNumber(key, n)))];
    for (const r of await tx.select({ id: accounts.id, hash: accounts.numberHash }).from(accounts)
      .where(and(eq(accounts.tenantId, tenantId), inArray(accounts.numberHash, hashes)))) byHash.set(r.hash, [...(byHash.get(r.hash) ?? []), r.id]);
  }
  return (item: TransactionIn): { id?: string; error?: FieldError } => {
    if (item.accountExternalId) {
      const id = byExternal.get(item.accountExternalId);
      return id ? { id } : { error: { field: 'accountExternalId', message: 'no such account' } };
    }
    const ids = byHash.get(hashNumber(key!, item.accountNumber!)) ?? [];
    if (ids.length === 1) return { id: ids[0]! };
    return { error: { field: 'accountNumber', message: ids.length ? 'matches several accounts; give accountExternalId' : 'no such account' } };
  };
}

export async function loadTransactions(ctx: Ctx, items: TransactionIn[], mode: LoadMode, prefix = (i: number) => `items.${i}.`): Promise<LoadOut> {
  if (!canAdvisor(ctx.principal, 'import', 'transaction')) throw forbidden('Only admins load transactions from the system of record');
  return inTenant(ctx, async (tx) => {
    const accountOf = await resolveAccounts(tx, ctx.tenantId, items);
    const already = new Set((await tx.select({ externalId: transactions.externalId }).from(transactions)
      .where(and(eq(transactions.tenantId, ctx.tenantId), inArray(transactions.externalId, items.map((i) => i.externalId))))).map((r) => r.externalId));
    const seen = new Set<string>();
    const resolved = items.map((item) => accountOf(item));
    const problems = items.map((item, i) => {
      const errors: FieldError[] = [];
      if (resolved[i]!.error) errors.push(resolved[i]!.error!);
      if (seen.has(item.externalId)) errors.push({ field: 'externalId', message: 'appears twice in this batch' });
      seen.add(item.externalId);
      return errors;
    });
    refuseIfAtomic(mode, problems, prefix);
    const results: RowResult[] = [];
    const rows: Array<typeof transactions.$inferInsert> = [];
    items.forEach((item, index) => {
      if (problems[index]!.length) return results.push({ index, status: 'failed', errors: problems[index]! });
      if (already.has(item.externalId)) return results.push({ index, status: 'skipped' });
      const id = uuidv7();
      rows.push({
        tenantId: ctx.tenantId, id, accountId: resolved[index]!.id!, externalId: item.externalId, kind: item.kind,
        amount: item.amount.toFixed(2), currency: item.currency, bookedOn: item.bookedOn, description: item.description?.trim() || null, createdAt: new Date(),
      });
      return results.push({ index, status: 'created', id });
    });
    // A concurrent load of the same feed may have written some since we looked: those are skipped too.
    const written = await insertNew(tx, rows);
    for (const r of results) if (r.status === 'created' && !written.has(r.id!)) { r.status = 'skipped'; delete r.id; }
    rows.splice(0, rows.length, ...rows.filter((r) => written.has(r.id)));
    const perAccount = new Map<string, number>();
    for (const r of rows) perAccount.set(r.accountId, (perAccount.get(r.accountId) ?? 0) + 1);
    await appendAudit(tx, ctx.tenantId, ctx.actor, [...perAccount].map(([accountId, n]) => ({
      action: 'account.transactions_loaded', entity: 'account', entityId: accountId, changes: { transactions: { before: null, after: n } },
    })));
    await emitEvents(tx, ctx.tenantId, ctx.actor.id, rows.map((r) => ({
      type: 'transaction.booked', entity: 'transaction', entityId: r.id, payload: presentTransaction({ ...r, description: r.description ?? null, createdAt: r.createdAt! }),
    })));
    return summarise(results);
  });
}
