// The append-only audit trail, hash-chained per tenant. audit_heads holds each chain's tip and is
// the lock that serialises appends within a tenant.
import { bigint, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenantId, tenantPolicy } from '../../db/columns.ts';

export interface FieldChange {
  before?: unknown;
  after?: unknown;
}

export const auditLog = pgTable(
  'audit_log',
  {
    tenantId: tenantId(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'string', precision: 3 }).notNull(),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label').notNull(),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: uuid('entity_id'),
    changes: jsonb('changes').$type<Record<string, FieldChange>>().notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.seq] }),
    index('audit_log_entity_idx').on(t.tenantId, t.entityId, t.seq),
    tenantPolicy(),
  ],
).enableRLS();

export const auditHeads = pgTable(
  'audit_heads',
  {
    tenantId: tenantId().primaryKey(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    hash: text('hash').notNull(),
  },
  () => [tenantPolicy()],
).enableRLS();
