// Source records: what each outside system (or Rapport itself, system "rapport" for edits typed by
// users) has said about a contact or company. One row per (system, external id): the raw payload as
// last received, the field values it claims with when each was received, and which of them the
// golden record currently takes from it (`provides`). The golden record itself is the contact or
// company row (see golden.ts and service.ts).
import { sql } from 'drizzle-orm';
import { check, foreignKey, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, tenantPolicy } from '../db/columns.ts';
import { contacts } from '../contacts/tables.ts';
import { companies } from '../companies/tables.ts';
import type { Claim } from './golden.ts';

export const sourceRecords = pgTable(
  'source_records',
  {
    tenantId: tenantId(),
    id: id(),
    contactId: uuid('contact_id'),
    companyId: uuid('company_id'),
    system: text('system').notNull(),
    /** The outside system's id; for a source without one (and for "rapport"), the record's own id. */
    externalId: text('external_id').notNull(),
    /** The last payload as received (CSV cells under their headers, the vCard text, the API body). */
    payload: jsonb('payload'),
    /** field -> { value, at }: the values this source claims, each with the time it was received. */
    fields: jsonb('fields').$type<Record<string, Claim>>().notNull().default({}),
    /** The golden fields whose value currently comes from this source. */
    provides: text('provides').array().notNull().default(sql`'{}'::text[]`),
    receivedAt: timestamp('received_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** The import that last wrote it (none for API writes). */
    importId: uuid('import_id'),
    /** The user who last wrote it (an import's: the user who ran it). */
    writtenBy: uuid('written_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.contactId], foreignColumns: [contacts.tenantId, contacts.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.companyId], foreignColumns: [companies.tenantId, companies.id] }).onDelete('cascade'),
    uniqueIndex('source_records_uq').on(t.tenantId, t.system, t.externalId),
    index('source_records_contact_idx').on(t.tenantId, t.contactId),
    index('source_records_company_idx').on(t.tenantId, t.companyId),
    check('source_records_one_owner', sql`num_nonnulls(contact_id, company_id) = 1`),
    tenantPolicy(),
  ],
).enableRLS();

/** The tenant's survivorship settings (golden.ts); no row means the defaults. */
export const survivorshipSettingsTable = pgTable(
  'survivorship_settings',
  {
    tenantId: tenantId(),
    trustedSystems: text('trusted_systems').array().notNull().default(sql`'{}'::text[]`),
    rules: text('rules').array().notNull(),
    fieldRules: jsonb('field_rules').$type<Record<string, string[]>>().notNull().default({}),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedBy: uuid('updated_by'),
  },
  (t) => [primaryKey({ columns: [t.tenantId] }), tenantPolicy()],
).enableRLS();
