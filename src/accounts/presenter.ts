// Account and transaction rows into their API shapes (the hash stays inside).
import type { AccountWithOwners, TransactionRow } from './data.ts';
import type { AccountOut, TransactionOut } from './schemas.ts';

export const presentAccount = (r: AccountWithOwners): AccountOut => ({
  id: r.id, externalId: r.externalId, numberMasked: r.numberMasked, name: r.name, kind: r.kind, custodian: r.custodian,
  currency: r.currency, openedOn: r.openedOn, closedOn: r.closedOn, owners: r.owners,
  createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(), version: r.version,
});

export const presentTransaction = (r: TransactionRow): TransactionOut => ({
  id: r.id, accountId: r.accountId, externalId: r.externalId, kind: r.kind, amount: Number(r.amount), currency: r.currency,
  bookedOn: r.bookedOn, description: r.description, createdAt: r.createdAt.toISOString(),
});

/** The audited view: what a person may see of the account, plus whether its number changed. */
export function auditView(r: AccountWithOwners): Record<string, unknown> {
  const { createdAt: _c, updatedAt: _u, version: _v, ...rest } = presentAccount(r);
  return { ...rest, numberHash: r.numberHash.slice(0, 12) };
}
