// Cross-cutting per-tenant tables: idempotency keys for POST, and explicit record shares.
import { index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, tenantPolicy } from '../../db/columns.ts';

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    tenantId: tenantId(),
    userId: uuid('user_id').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    status: integer('status').notNull(),
    response: jsonb('response').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.userId, t.key] }), tenantPolicy()],
).enableRLS();

/** A record shared with a user or a whole team, beyond what ownership grants. */
export const recordShares = pgTable(
  'record_shares',
  {
    tenantId: tenantId(),
    id: id(),
    entity: text('entity').notNull(),
    recordId: uuid('record_id').notNull(),
    userId: uuid('user_id'),
    teamId: uuid('team_id'),
    access: text('access').notNull().default('read'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('record_shares_record_idx').on(t.tenantId, t.recordId),
    index('record_shares_user_idx').on(t.tenantId, t.userId),
    tenantPolicy(),
  ],
).enableRLS();
