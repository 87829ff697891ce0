// The matching engine's CRM state: each tenant's trained model, the candidate duplicate pairs the
// dedupe job and the real-time check find (with their waterfall), the labels people's decisions
// make, and merges with everything needed to undo them exactly. No foreign key points at contacts:
// a merge deletes the merged contact, and its pairs and merge rows must outlive it.
import { sql } from 'drizzle-orm';
import { boolean, check, doublePrecision, index, integer, jsonb, pgTable, pgView, primaryKey, text, timestamp, uniqueIndex, uuid, date } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, tenantPolicy, updatedAt } from '../db/columns.ts';
import type { Model } from './engine/model.ts';
import type { Settings } from './engine/settings.ts';
import type { WaterfallStep } from './engine/score.ts';
import type { PostalAddress } from '../contacts/types.ts';

export const matchEntities = ['contact', 'company'] as const;
export type MatchEntity = (typeof matchEntities)[number];
export const candidateStatuses = ['open', 'merged', 'not_duplicate', 'dismissed'] as const;
export type CandidateStatus = (typeof candidateStatuses)[number];

export interface Waterfall { priorWeight: number; steps: WaterfallStep[] }

/** The model the last dedupe job trained; the real-time check scores with it. */
export const matchModels = pgTable(
  'match_models',
  {
    tenantId: tenantId(),
    entity: text('entity').$type<MatchEntity>().notNull(),
    settings: jsonb('settings').$type<Settings>().notNull(),
    model: jsonb('model').$type<Model>().notNull(),
    records: integer('records').notNull(),
    pairs: integer('pairs').notNull(),
    labels: integer('labels').notNull().default(0),
    jobId: uuid('job_id'),
    trainedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.entity] }), tenantPolicy()],
).enableRLS();

/** A suspected duplicate pair, ids in canonical order (left < right). */
export const matchCandidates = pgTable(
  'match_candidates',
  {
    tenantId: tenantId(),
    id: id(),
    entity: text('entity').$type<MatchEntity>().notNull(),
    leftId: uuid('left_id').notNull(),
    rightId: uuid('right_id').notNull(),
    probability: doublePrecision('probability').notNull(),
    matchWeight: doublePrecision('match_weight').notNull(),
    waterfall: jsonb('waterfall').$type<Waterfall>().notNull(),
    status: text('status').$type<CandidateStatus>().notNull().default('open'),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
    jobId: uuid('job_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('match_candidates_pair_uq').on(t.tenantId, t.entity, t.leftId, t.rightId),
    index('match_candidates_right_idx').on(t.tenantId, t.entity, t.rightId),
    index('match_candidates_queue_idx').on(t.tenantId, t.entity, t.status, t.probability),
    check('match_candidates_order', sql`left_id < right_id`),
    check('match_candidates_status', sql`status in ('open', 'merged', 'not_duplicate', 'dismissed')`),
    tenantPolicy(),
  ],
).enableRLS();

/** Known pairs from people's decisions; the next dedupe run trains with them. */
export const matchLabels = pgTable(
  'match_labels',
  {
    tenantId: tenantId(),
    entity: text('entity').$type<MatchEntity>().notNull(),
    leftId: uuid('left_id').notNull(),
    rightId: uuid('right_id').notNull(),
    isMatch: boolean('is_match').notNull(),
    candidateId: uuid('candidate_id'),
    decidedBy: uuid('decided_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.entity, t.leftId, t.rightId] }),
    check('match_labels_order', sql`left_id < right_id`),
    tenantPolicy(),
  ],
).enableRLS();

/** One related row a merge moved to the survivor ('moved') or dropped as redundant ('removed'). */
export interface MovedRow {
  table: string;
  column: string;
  action: 'moved' | 'removed' | 'added' | 'changed';
  row: Record<string, unknown>;
}

export interface Lineage {
  /** Per field: which record gave the survivor's value, and that record's last change before the merge. */
  fields: Record<string, { from: 'survivor' | 'merged' | 'both'; recordId: string; updatedAt: string; /** What chose the value (survivorship.ts; absent on merges made before rules were recorded). */ rule?: string }>;
  /** Related rows moved, by table. */
  moved: Record<string, number>;
}

export const merges = pgTable(
  'merges',
  {
    tenantId: tenantId(),
    id: id(),
    entity: text('entity').$type<MatchEntity>().notNull(),
    survivorId: uuid('survivor_id').notNull(),
    mergedId: uuid('merged_id').notNull(),
    candidateId: uuid('candidate_id'),
    /** The field choices asked for ('survivor' | 'merged'), as given. */
    fields: jsonb('fields').$type<Record<string, 'survivor' | 'merged'>>().notNull().default({}),
    lineage: jsonb('lineage').$type<Lineage>().notNull(),
    /** Complete rows (to_jsonb) as they were just before the merge. */
    mergedRow: jsonb('merged_row').$type<Record<string, unknown>>().notNull(),
    survivorBefore: jsonb('survivor_before').$type<Record<string, unknown>>().notNull(),
    /** The survivor's version the merge left: unmerge refuses once it moved on. */
    survivorVersion: integer('survivor_version').notNull(),
    moved: jsonb('moved').$type<MovedRow[]>().notNull(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    undoneAt: timestamp('undone_at', { withTimezone: true, mode: 'date' }),
    undoneBy: uuid('undone_by'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('merges_survivor_idx').on(t.tenantId, t.survivorId),
    index('merges_merged_idx').on(t.tenantId, t.mergedId),
    tenantPolicy(),
  ],
).enableRLS();

// Blocking for the real-time check compares lower(...) expressions, and under row-level security
// only leakproof operators may use an index (lower() is not). Like search's views, this one reads
// contacts with its owner's rights and filters to the transaction's tenant itself, so the
// expression indexes of migration match_blocking_indexes serve it; it exposes only blocking keys.
const currentTenant = sql`tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid`;

export const contactMatchKeys = pgView('contact_match_keys', {
  tenantId: uuid('tenant_id').notNull(),
  id: uuid('id').notNull(),
  ownerId: uuid('owner_id'),
  teamId: uuid('team_id'),
  givenName: text('given_name'),
  familyName: text('family_name'),
  primaryEmail: text('primary_email'),
  primaryPhone: text('primary_phone'),
  birthDate: date('birth_date', { mode: 'string' }),
  addresses: jsonb('addresses').$type<PostalAddress[]>().notNull(),
}).as(sql`select tenant_id, id, owner_id, team_id, given_name, family_name, primary_email, primary_phone, birth_date, addresses from contacts where ${currentTenant}`);

/** The same for companies (migration match_company_blocking_indexes). */
export const companyMatchKeys = pgView('company_match_keys', {
  tenantId: uuid('tenant_id').notNull(),
  id: uuid('id').notNull(),
  ownerId: uuid('owner_id'),
  teamId: uuid('team_id'),
  name: text('name').notNull(),
  domain: text('domain'),
  phones: jsonb('phones').$type<Array<{ e164: string | null }>>().notNull(),
  addresses: jsonb('addresses').$type<PostalAddress[]>().notNull(),
}).as(sql`select tenant_id, id, owner_id, team_id, name, domain::text as domain, phones, addresses from companies where ${currentTenant}`);
