import { foreignKey, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ownership, tenantId, tenantPolicy, updatedAt, version } from '../db/columns.ts';
import { contacts } from '../contacts/tables.ts';
import { companies } from '../companies/tables.ts';
import { users, teams } from '../users/tables.ts';

export const tasks = pgTable(
  'tasks',
  {
    tenantId: tenantId(),
    id: id(),
    title: text('title').notNull(),
    notes: text('notes'),
    status: text('status').notNull().default('open'),
    dueAt: timestamp('due_at', { withTimezone: true, mode: 'date' }),
    completedAt: timestamp('completed_at', { withTimezone: true, mode: 'date' }),
    assigneeId: uuid('assignee_id'),
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
    foreignKey({ columns: [t.tenantId, t.assigneeId], foreignColumns: [users.tenantId, users.id] }),
    foreignKey({ columns: [t.tenantId, t.ownerId], foreignColumns: [users.tenantId, users.id] }),
    foreignKey({ columns: [t.tenantId, t.teamId], foreignColumns: [teams.tenantId, teams.id] }),
    index('tasks_assignee_idx').on(t.tenantId, t.assigneeId, t.status, t.dueAt),
    index('tasks_contact_idx').on(t.tenantId, t.contactId, t.createdAt),
    index('tasks_company_idx').on(t.tenantId, t.companyId, t.createdAt),
    tenantPolicy(),
  ],
).enableRLS();
