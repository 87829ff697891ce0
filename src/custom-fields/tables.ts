// Tenant-defined custom fields; values live in each record's custom_fields JSON and are validated
// against these definitions on every write.
import { boolean, jsonb, pgTable, primaryKey, text, unique } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, tenantPolicy } from '../db/columns.ts';

export const customFieldDefinitions = pgTable(
  'custom_field_definitions',
  {
    tenantId: tenantId(),
    id: id(),
    entity: text('entity').notNull(),
    key: text('key').notNull(),
    label: text('label').notNull(),
    type: text('type').notNull(),
    options: jsonb('options').$type<string[]>().notNull().default([]),
    required: boolean('required').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), unique('custom_field_key_uq').on(t.tenantId, t.entity, t.key), tenantPolicy()],
).enableRLS();
