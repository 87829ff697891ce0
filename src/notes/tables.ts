import { foreignKey, index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ownership, tenantId, tenantPolicy, updatedAt, version } from '../db/columns.ts';
import { contacts } from '../contacts/tables.ts';
import { companies } from '../companies/tables.ts';
import { users, teams } from '../users/tables.ts';

export const notes = pgTable(
  'notes',
  {
    tenantId: tenantId(),
    id: id(),
    body: text('body').notNull(),
    contactId: uuid('contact_id'),
    companyId: uuid('company_id'),
    ...ownership(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.contactId], foreignColumns: [contacts.tenantId, contacts.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.companyId], foreignColumns: [companies.tenantId, companies.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.ownerId], foreignColumns: [users.tenantId, users.id] }),
    foreignKey({ columns: [t.tenantId, t.teamId], foreignColumns: [teams.tenantId, teams.id] }),
    index('notes_contact_idx').on(t.tenantId, t.contactId, t.createdAt),
    index('notes_company_idx').on(t.tenantId, t.companyId, t.createdAt),
    tenantPolicy(),
  ],
).enableRLS();
