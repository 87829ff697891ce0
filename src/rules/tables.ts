// Categorisation rules: a condition over a record's fields (data, never code) and the actions
// taken when it holds (add a category, add a tag, set the tier). Applied on every contact or
// company write and re-run on demand over existing records.
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, tenantPolicy, updatedAt, version } from '../db/columns.ts';
import type { Condition, RuleAction } from './engine.ts';

export const rules = pgTable(
  'rules',
  {
    tenantId: tenantId(),
    id: id(),
    name: text('name').notNull(),
    entity: text('entity').notNull().$type<'contact' | 'company'>(),
    condition: jsonb('condition').$type<Condition>().notNull(),
    actions: jsonb('actions').$type<RuleAction[]>().notNull(),
    enabled: boolean('enabled').notNull().default(true),
    /** Rules apply in this order (then by id); a later setTier wins. */
    position: integer('position').notNull().default(0),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('rules_entity_idx').on(t.tenantId, t.entity, t.position),
    tenantPolicy(),
  ],
).enableRLS();
