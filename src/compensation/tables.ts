// Compensation plans (one per period, optionally for one team, the rules held as a JSON document the
// pure engine reads: never code) and the managers' scores of each rep for a plan's period, the
// subjective component's input. Statements are computed from these and the verified outcomes.
import { sql } from 'drizzle-orm';
import { check, date, foreignKey, index, jsonb, pgTable, primaryKey, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, tenantPolicy, updatedAt, version } from '../db/columns.ts';
import { teams, users } from '../users/tables.ts';
import type { Plan } from './engine.ts';

export const compensationPlans = pgTable(
  'compensation_plans',
  {
    tenantId: tenantId(),
    id: id(),
    name: text('name').notNull(),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    /** Inclusive. */
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    /** The team whose members the plan covers; null: every rep and manager. */
    teamId: uuid('team_id'),
    rules: jsonb('rules').$type<Plan>().notNull(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.teamId], foreignColumns: [teams.tenantId, teams.id] }).onDelete('cascade'),
    index('compensation_plans_period_idx').on(t.tenantId, t.periodStart),
    check('compensation_plans_period', sql`period_end >= period_start`),
    tenantPolicy(),
  ],
).enableRLS();

export const compensationScores = pgTable(
  'compensation_scores',
  {
    tenantId: tenantId(),
    planId: uuid('plan_id').notNull(),
    userId: uuid('user_id').notNull(),
    score: smallint('score').notNull(),
    note: text('note'),
    scoredBy: uuid('scored_by'),
    scoredAt: timestamp('scored_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.planId, t.userId] }),
    foreignKey({ columns: [t.tenantId, t.planId], foreignColumns: [compensationPlans.tenantId, compensationPlans.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete('cascade'),
    check('compensation_scores_range', sql`score between 0 and 100`),
    tenantPolicy(),
  ],
).enableRLS();
