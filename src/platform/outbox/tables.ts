// The transactional outbox: domain events written in the same transaction as the change they
// describe, for webhooks and streams to publish later.
import { index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { createdAt, id, tenantId, tenantPolicy } from '../../db/columns.ts';

const sqlUnpublished = sql`published_at IS NULL`;

export const outboxEvents = pgTable(
  'outbox_events',
  {
    tenantId: tenantId(),
    id: id(),
    type: text('type').notNull(),
    entity: text('entity').notNull(),
    entityId: uuid('entity_id').notNull(),
    actorId: uuid('actor_id'),
    payload: jsonb('payload').notNull(),
    createdAt: createdAt(),
    publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('outbox_unpublished_idx').on(t.tenantId, t.id).where(sqlUnpublished),
    tenantPolicy(),
  ],
).enableRLS();
