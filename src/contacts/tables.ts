// Contacts and what hangs directly off them: company roles, categories, source identifiers.
import { sql } from 'drizzle-orm';
import {
  boolean, check, date, foreignKey, index, jsonb, numeric, pgTable, primaryKey, text, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';
import { qualityColumns } from '../quality/columns.ts';
import { createdAt, id, ownership, tenantId, tenantPolicy, updatedAt, version } from '../db/columns.ts';
import { users, teams } from '../users/tables.ts';
import { companies } from '../companies/tables.ts';
import { categories } from '../categories/tables.ts';
import type {
  AccountNumber, ChannelConsent, ContractDocument, EmailAddress, PhoneNumber, PostalAddress,
} from './types.ts';

export const contacts = pgTable(
  'contacts',
  {
    tenantId: tenantId(),
    id: id(),
    prefix: text('prefix'),
    givenName: text('given_name'),
    middleName: text('middle_name'),
    familyName: text('family_name'),
    suffix: text('suffix'),
    displayName: text('display_name').notNull(),
    jobTitle: text('job_title'),
    lifecycleStage: text('lifecycle_stage').notNull().default('lead'),
    tier: text('tier'),
    emails: jsonb('emails').$type<EmailAddress[]>().notNull().default([]),
    phones: jsonb('phones').$type<PhoneNumber[]>().notNull().default([]),
    addresses: jsonb('addresses').$type<PostalAddress[]>().notNull().default([]),
    primaryEmail: text('primary_email'),
    primaryPhone: text('primary_phone'),
    birthDate: date('birth_date', { mode: 'string' }),
    netWorth: numeric('net_worth', { precision: 18, scale: 2 }),
    netWorthCurrency: text('net_worth_currency'),
    accountNumbers: jsonb('account_numbers').$type<AccountNumber[]>().notNull().default([]),
    contractDocuments: jsonb('contract_documents').$type<ContractDocument[]>().notNull().default([]),
    consent: jsonb('consent').$type<Record<string, ChannelConsent>>().notNull().default({}),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    customFields: jsonb('custom_fields').$type<Record<string, unknown>>().notNull().default({}),
    searchTokens: text('search_tokens').array().notNull().default(sql`'{}'::text[]`),
    ...qualityColumns(),
    ...ownership(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.ownerId], foreignColumns: [users.tenantId, users.id] }),
    foreignKey({ columns: [t.tenantId, t.teamId], foreignColumns: [teams.tenantId, teams.id] }),
    index('contacts_family_idx').on(t.tenantId, t.familyName, t.id),
    index('contacts_display_idx').on(t.tenantId, t.displayName, t.id),
    index('contacts_created_idx').on(t.tenantId, t.createdAt, t.id),
    index('contacts_owner_idx').on(t.tenantId, t.ownerId, t.id),
    index('contacts_team_idx').on(t.tenantId, t.teamId),
    index('contacts_email_idx').on(t.tenantId, t.primaryEmail),
    index('contacts_phone_idx').on(t.tenantId, t.primaryPhone),
    index('contacts_search_idx').using('gin', t.searchTokens).with({ gin_pending_list_limit: 64 }),
    tenantPolicy(),
  ],
).enableRLS();

export const contactCompanies = pgTable(
  'contact_companies',
  {
    tenantId: tenantId(),
    contactId: uuid('contact_id').notNull(),
    companyId: uuid('company_id').notNull(),
    role: text('role'),
    isPrimary: boolean('is_primary').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.contactId, t.companyId] }),
    foreignKey({ columns: [t.tenantId, t.contactId], foreignColumns: [contacts.tenantId, contacts.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.companyId], foreignColumns: [companies.tenantId, companies.id] }).onDelete('cascade'),
    index('contact_companies_company_idx').on(t.tenantId, t.companyId),
    tenantPolicy(),
  ],
).enableRLS();

export const contactCategories = pgTable(
  'contact_categories',
  {
    tenantId: tenantId(),
    contactId: uuid('contact_id').notNull(),
    categoryId: uuid('category_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.contactId, t.categoryId] }),
    foreignKey({ columns: [t.tenantId, t.contactId], foreignColumns: [contacts.tenantId, contacts.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.categoryId], foreignColumns: [categories.tenantId, categories.id] }).onDelete('cascade'),
    index('contact_categories_category_idx').on(t.tenantId, t.categoryId),
    tenantPolicy(),
  ],
).enableRLS();

/** (system, external id) pairs that cross-index a contact or company to every outside system. */
export const sourceIdentifiers = pgTable(
  'source_identifiers',
  {
    tenantId: tenantId(),
    id: id(),
    system: text('system').notNull(),
    externalId: text('external_id').notNull(),
    contactId: uuid('contact_id'),
    companyId: uuid('company_id'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.contactId], foreignColumns: [contacts.tenantId, contacts.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.companyId], foreignColumns: [companies.tenantId, companies.id] }).onDelete('cascade'),
    uniqueIndex('source_identifiers_uq').on(t.tenantId, t.system, t.externalId),
    index('source_identifiers_contact_idx').on(t.tenantId, t.contactId),
    index('source_identifiers_company_idx').on(t.tenantId, t.companyId),
    check('source_identifiers_one_owner', sql`num_nonnulls(contact_id, company_id) = 1`),
    tenantPolicy(),
  ],
).enableRLS();

/**
 * Blocking keys of the real-time duplicate check (matching/blocking-keys.ts: family name skeletons and
 * sound codes with initials or birth years, every email and phone, postcodes), one row per key,
 * rewritten with every contact write. No foreign key: keys are derived from the contact's row, and
 * a merge must not move them (matching/references.ts follows foreign keys); a trigger drops a
 * deleted contact's keys (migration match_blocking_keys).
 */
export const contactBlockingKeys = pgTable(
  'contact_blocking_keys',
  {
    tenantId: tenantId(),
    contactId: uuid('contact_id').notNull(),
    key: text('key').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.contactId, t.key] }),
    index('contact_blocking_keys_key_idx').on(t.tenantId, t.key, t.contactId),
    tenantPolicy(),
  ],
).enableRLS();
