// Suspected duplicates, as pairs the matching engine writes (status 'open' until someone decides);
// the quality summary counts the records in open pairs.
import { index, pgTable, primaryKey, real, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, tenantId, tenantPolicy } from '../db/columns.ts';

export const duplicateSuspects = pgTable(
  'duplicate_suspects',
  {
    tenantId: tenantId(),
    entity: text('entity').notNull().$type<'contact' | 'company'>(),
    recordId: uuid('record_id').notNull(),
    otherId: uuid('other_id').notNull(),
    score: real('score'),
    status: text('status').notNull().default('open').$type<'open' | 'merged' | 'dismissed'>(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.entity, t.recordId, t.otherId] }),
    index('duplicate_suspects_other_idx').on(t.tenantId, t.entity, t.otherId),
    tenantPolicy(),
  ],
).enableRLS();
