// Interactions (every touch with a customer), their participants and their typed metrics. An
// interaction from an outside system keeps that system's id (source_system, source_external_id).
import { sql } from 'drizzle-orm';
import {
  check, foreignKey, index, integer, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, ownership, tenantId, tenantPolicy, updatedAt, version } from '../db/columns.ts';
import { contacts } from '../contacts/tables.ts';
import { companies } from '../companies/tables.ts';
import { users, teams } from '../users/tables.ts';
import { campaigns } from '../campaigns/tables.ts';

export const interactions = pgTable(
  'interactions',
  {
    tenantId: tenantId(),
    id: id(),
    kind: text('kind').notNull(),
    direction: text('direction'),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull(),
    durationMinutes: integer('duration_minutes'),
    subject: text('subject'),
    notes: text('notes'),
    outcomeCode: text('outcome_code'),
    outcomeText: text('outcome_text'),
    companyId: uuid('company_id'),
    campaignId: uuid('campaign_id'),
    /** The outside system this interaction came from and its id there (imports re-find it by them). */
    sourceSystem: text('source_system'),
    sourceExternalId: text('source_external_id'),
    ...ownership(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.companyId], foreignColumns: [companies.tenantId, companies.id] }).onDelete('set null'),
    foreignKey({ columns: [t.tenantId, t.ownerId], foreignColumns: [users.tenantId, users.id] }),
    foreignKey({ columns: [t.tenantId, t.teamId], foreignColumns: [teams.tenantId, teams.id] }),
    foreignKey({ columns: [t.tenantId, t.campaignId], foreignColumns: [campaigns.tenantId, campaigns.id] }),
    index('interactions_occurred_idx').on(t.tenantId, t.occurredAt, t.id),
    index('interactions_company_idx').on(t.tenantId, t.companyId, t.occurredAt),
    index('interactions_owner_idx').on(t.tenantId, t.ownerId, t.occurredAt),
    index('interactions_campaign_idx').on(t.tenantId, t.campaignId),
    uniqueIndex('interactions_source_uq').on(t.tenantId, t.sourceSystem, t.sourceExternalId),
    check('interactions_source_pair', sql`(source_system is null) = (source_external_id is null)`),
    tenantPolicy(),
  ],
).enableRLS();

export const interactionParticipants = pgTable(
  'interaction_participants',
  {
    tenantId: tenantId(),
    id: id(),
    interactionId: uuid('interaction_id').notNull(),
    contactId: uuid('contact_id'),
    userId: uuid('user_id'),
    role: text('role'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.interactionId], foreignColumns: [interactions.tenantId, interactions.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.contactId], foreignColumns: [contacts.tenantId, contacts.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }),
    index('participants_interaction_idx').on(t.tenantId, t.interactionId),
    index('participants_contact_idx').on(t.tenantId, t.contactId),
    check('participants_one_party', sql`num_nonnulls(contact_id, user_id) = 1`),
    tenantPolicy(),
  ],
).enableRLS();

export const interactionMetrics = pgTable(
  'interaction_metrics',
  {
    tenantId: tenantId(),
    id: id(),
    interactionId: uuid('interaction_id').notNull(),
    kind: text('kind').notNull(),
    amount: numeric('amount', { precision: 18, scale: 2 }).notNull(),
    currency: text('currency'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.interactionId], foreignColumns: [interactions.tenantId, interactions.id] }).onDelete('cascade'),
    index('metrics_interaction_idx').on(t.tenantId, t.interactionId),
    tenantPolicy(),
  ],
).enableRLS();
