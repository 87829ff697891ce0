// Financial accounts and their transactions, loaded from the system of record (custodian feeds,
// core banking). The account number is never stored in clear: a mask for people and a keyed hash
// (HMAC-SHA-256 with the tenant's key in account_keys) for matching a feed's rows to accounts.
import { sql } from 'drizzle-orm';
import {
  check, date, foreignKey, index, numeric, pgTable, primaryKey, text, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, tenantPolicy, updatedAt, version } from '../db/columns.ts';
import { contacts } from '../contacts/tables.ts';
import { households } from '../households/tables.ts';

export const transactionKinds = ['deposit', 'withdrawal', 'transfer_in', 'transfer_out'] as const;
export type TransactionKind = (typeof transactionKinds)[number];

/** One secret per tenant for account-number hashes; insert-only for the app role. */
export const accountKeys = pgTable(
  'account_keys',
  {
    tenantId: tenantId(),
    key: text('key').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId] }), tenantPolicy()],
).enableRLS();

export const accounts = pgTable(
  'accounts',
  {
    tenantId: tenantId(),
    id: id(),
    externalId: text('external_id').notNull(),
    numberMasked: text('number_masked').notNull(),
    numberHash: text('number_hash').notNull(),
    name: text('name'),
    kind: text('kind'),
    custodian: text('custodian'),
    currency: text('currency'),
    openedOn: date('opened_on', { mode: 'string' }),
    closedOn: date('closed_on', { mode: 'string' }),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('accounts_external_uq').on(t.tenantId, t.externalId),
    index('accounts_hash_idx').on(t.tenantId, t.numberHash),
    tenantPolicy(),
  ],
).enableRLS();

/** Who owns an account: a contact or a household (joint and family accounts). */
export const accountOwners = pgTable(
  'account_owners',
  {
    tenantId: tenantId(),
    id: id(),
    accountId: uuid('account_id').notNull(),
    contactId: uuid('contact_id'),
    householdId: uuid('household_id'),
    role: text('role').notNull().default('owner'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.accountId], foreignColumns: [accounts.tenantId, accounts.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.contactId], foreignColumns: [contacts.tenantId, contacts.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.householdId], foreignColumns: [households.tenantId, households.id] }).onDelete('cascade'),
    index('account_owners_account_idx').on(t.tenantId, t.accountId),
    index('account_owners_contact_idx').on(t.tenantId, t.contactId),
    index('account_owners_household_idx').on(t.tenantId, t.householdId),
    check('account_owners_one_party', sql`num_nonnulls(contact_id, household_id) = 1`),
    tenantPolicy(),
  ],
).enableRLS();

export const transactions = pgTable(
  'transactions',
  {
    tenantId: tenantId(),
    id: id(),
    accountId: uuid('account_id').notNull(),
    externalId: text('external_id').notNull(),
    kind: text('kind').$type<TransactionKind>().notNull(),
    amount: numeric('amount', { precision: 18, scale: 2 }).notNull(),
    currency: text('currency').notNull(),
    bookedOn: date('booked_on', { mode: 'string' }).notNull(),
    description: text('description'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.accountId], foreignColumns: [accounts.tenantId, accounts.id] }).onDelete('cascade'),
    uniqueIndex('transactions_external_uq').on(t.tenantId, t.externalId),
    // Evidence suggestion: one account's inflows inside a date window.
    index('transactions_account_booked_idx').on(t.tenantId, t.accountId, t.bookedOn),
    check('transactions_kind_check', sql`kind in ('deposit', 'withdrawal', 'transfer_in', 'transfer_out')`),
    check('transactions_amount_check', sql`amount > 0`),
    tenantPolicy(),
  ],
).enableRLS();
