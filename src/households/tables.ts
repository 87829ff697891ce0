// Households group contacts who share finances or an address; relationships link two contacts.
import { foreignKey, index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ownership, tenantId, tenantPolicy, updatedAt, version } from '../db/columns.ts';
import { contacts } from '../contacts/tables.ts';
import { users, teams } from '../users/tables.ts';

export const households = pgTable(
  'households',
  {
    tenantId: tenantId(),
    id: id(),
    name: text('name').notNull(),
    ...ownership(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.ownerId], foreignColumns: [users.tenantId, users.id] }),
    foreignKey({ columns: [t.tenantId, t.teamId], foreignColumns: [teams.tenantId, teams.id] }),
    tenantPolicy(),
  ],
).enableRLS();

export const householdMembers = pgTable(
  'household_members',
  {
    tenantId: tenantId(),
    householdId: uuid('household_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    role: text('role').notNull().default('member'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.householdId, t.contactId] }),
    foreignKey({ columns: [t.tenantId, t.householdId], foreignColumns: [households.tenantId, households.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.contactId], foreignColumns: [contacts.tenantId, contacts.id] }).onDelete('cascade'),
    index('household_members_contact_idx').on(t.tenantId, t.contactId),
    tenantPolicy(),
  ],
).enableRLS();

export const relationships = pgTable(
  'relationships',
  {
    tenantId: tenantId(),
    id: id(),
    fromContactId: uuid('from_contact_id').notNull(),
    toContactId: uuid('to_contact_id').notNull(),
    kind: text('kind').notNull(),
    notes: text('notes'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.fromContactId], foreignColumns: [contacts.tenantId, contacts.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.toContactId], foreignColumns: [contacts.tenantId, contacts.id] }).onDelete('cascade'),
    index('relationships_from_idx').on(t.tenantId, t.fromContactId),
    index('relationships_to_idx').on(t.tenantId, t.toContactId),
    tenantPolicy(),
  ],
).enableRLS();
