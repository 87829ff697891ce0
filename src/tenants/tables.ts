// Tenants are the one table without tenant_id: on Citus it is a reference table.
import { customType, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt } from '../db/columns.ts';

export const citext = customType<{ data: string }>({ dataType: () => 'citext' });

export const tenants = pgTable('tenants', {
  id: uuid('id').primaryKey(),
  slug: citext('slug').notNull().unique(),
  name: text('name').notNull(),
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
  createdAt: createdAt(),
});
