// Per-tenant settings as one row per key (tenant_settings): a key absent means its default. The
// keys, their types and defaults are declared once in settings.ts; add a key there to extend them.
import { jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenantId, tenantPolicy } from '../db/columns.ts';

export const tenantSettings = pgTable(
  'tenant_settings',
  {
    tenantId: tenantId(),
    key: text('key').notNull(),
    value: jsonb('value').$type<unknown>().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedBy: uuid('updated_by'),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.key] }), tenantPolicy()],
).enableRLS();
