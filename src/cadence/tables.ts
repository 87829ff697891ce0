// Cadence policies (how often a tier, segment or relationship stage should be contacted) and the
// status of every client under every policy as the last evaluation left it, with the follow-up task
// it opened. Statuses are rewritten set-based by evaluate.ts; rows of clients that left a policy's
// scope are kept as 'inactive' so the link to their follow-up task survives a round trip.
import { sql } from 'drizzle-orm';
import {
  boolean, check, date, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, tenantPolicy, updatedAt, version } from '../db/columns.ts';
import { contacts } from '../contacts/tables.ts';

export const cadenceScopeKinds = ['all', 'tier', 'segment', 'relationship'] as const;
export type CadenceScopeKind = (typeof cadenceScopeKinds)[number];
export const cadenceStates = ['ok', 'overdue', 'over_contacted', 'inactive'] as const;
export type CadenceState = (typeof cadenceStates)[number];

export const cadencePolicies = pgTable(
  'cadence_policies',
  {
    tenantId: tenantId(),
    id: id(),
    name: text('name').notNull(),
    active: boolean('active').notNull().default(true),
    /** tier: contacts.tier; relationship: contacts.lifecycle_stage; segment: a category id; all: every contact. */
    scopeKind: text('scope_kind').$type<CadenceScopeKind>().notNull(),
    scopeValue: text('scope_value'),
    /** Interaction kinds that count as a contact; null counts every kind. */
    kinds: text('kinds').array(),
    minIntervalDays: integer('min_interval_days'),
    maxIntervalDays: integer('max_interval_days'),
    /** The max-interval clock never starts before this: a new policy does not make a book overdue at once. */
    effectiveFrom: timestamp('effective_from', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    check('cadence_policies_scope', sql`scope_kind in ('all', 'tier', 'segment', 'relationship') and (scope_kind = 'all') = (scope_value is null)`),
    check('cadence_policies_interval', sql`num_nonnulls(min_interval_days, max_interval_days) > 0
      and coalesce(min_interval_days, 1) >= 1 and coalesce(max_interval_days, 1) >= 1
      and (min_interval_days is null or max_interval_days is null or min_interval_days <= max_interval_days)`),
    tenantPolicy(),
  ],
).enableRLS();

export const cadenceStatuses = pgTable(
  'cadence_statuses',
  {
    tenantId: tenantId(),
    policyId: uuid('policy_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    /** The contact's owner and team when evaluated: compliance is counted per book. */
    ownerId: uuid('owner_id'),
    teamId: uuid('team_id'),
    status: text('status').$type<CadenceState>().notNull(),
    timeZone: text('time_zone').notNull(),
    lastContactAt: timestamp('last_contact_at', { withTimezone: true, mode: 'date' }),
    /** Contacts inside the minimum interval up to the evaluation (2 or more: over-contacted). */
    recentContacts: integer('recent_contacts').notNull().default(0),
    /** Last local day a contact keeps the client inside the maximum interval. */
    dueOn: date('due_on', { mode: 'string' }),
    /** The follow-up task the evaluation opened for this client and policy (no FK: tasks come and go). */
    taskId: uuid('task_id'),
    runId: uuid('run_id').notNull(),
    evaluatedAt: timestamp('evaluated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.policyId, t.contactId] }),
    foreignKey({ columns: [t.tenantId, t.policyId], foreignColumns: [cadencePolicies.tenantId, cadencePolicies.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.contactId], foreignColumns: [contacts.tenantId, contacts.id] }).onDelete('cascade'),
    index('cadence_statuses_contact_idx').on(t.tenantId, t.contactId),
    index('cadence_statuses_owner_idx').on(t.tenantId, t.ownerId, t.status),
    check('cadence_statuses_status', sql`status in ('ok', 'overdue', 'over_contacted', 'inactive')`),
    tenantPolicy(),
  ],
).enableRLS();

/** One row per evaluation run: when, as of when, by whom and what it found (compliance says "as of"). */
export const cadenceRuns = pgTable(
  'cadence_runs',
  {
    tenantId: tenantId(),
    id: id(),
    asOf: timestamp('as_of', { withTimezone: true, mode: 'date' }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }).notNull(),
    counts: jsonb('counts').$type<Record<string, number>>().notNull(),
    createdBy: uuid('created_by'),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('cadence_runs_finished_idx').on(t.tenantId, t.finishedAt), tenantPolicy()],
).enableRLS();
