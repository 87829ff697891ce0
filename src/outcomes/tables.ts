// Outcomes a rep claims on an interaction (assets pledged or deposited, an account opened, an
// investment-banking engagement, revenue) and the append-only decisions on them. The first decision
// is the claim itself; an outcome's status is always its latest decision (highest seq). Nobody
// updates or deletes a decision (a trigger refuses it): a correction is a new decision naming the
// one it corrects. The transactions a controller accepted as evidence hang off the decision.
import { sql } from 'drizzle-orm';
import {
  check, foreignKey, index, integer, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, ownership, tenantId, tenantPolicy } from '../db/columns.ts';
import { interactions } from '../interactions/tables.ts';
import { campaigns } from '../campaigns/tables.ts';
import { accounts, transactions } from '../accounts/tables.ts';
import { users } from '../users/tables.ts';

export const outcomeKinds = ['assets_pledged', 'assets_deposited', 'account_opened', 'ib_engagement', 'revenue'] as const;
export type OutcomeKind = (typeof outcomeKinds)[number];
export const outcomeStatuses = ['claimed', 'verified', 'partially_verified', 'rejected', 'lapsed'] as const;
export type OutcomeStatus = (typeof outcomeStatuses)[number];

export const outcomes = pgTable(
  'outcomes',
  {
    tenantId: tenantId(),
    id: id(),
    interactionId: uuid('interaction_id').notNull(),
    kind: text('kind').$type<OutcomeKind>().notNull(),
    // The client. No foreign key: a contact merge deletes the merged contact and the claim must
    // survive it (the interaction it was made on is the durable link).
    contactId: uuid('contact_id').notNull(),
    amount: numeric('amount', { precision: 18, scale: 2 }),
    currency: text('currency'),
    targetAccountId: uuid('target_account_id'),
    /** A deposit that fulfils an earlier pledge names it; the pledge then does not lapse. */
    pledgeId: uuid('pledge_id'),
    ibType: text('ib_type'),
    expectedFee: numeric('expected_fee', { precision: 18, scale: 2 }),
    campaignId: uuid('campaign_id'),
    notes: text('notes'),
    claimedBy: uuid('claimed_by').notNull(),
    claimedAt: timestamp('claimed_at', { withTimezone: true, mode: 'date' }).notNull(),
    // Copied from the interaction so outcome lists use the same visibility rules.
    ...ownership(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.interactionId], foreignColumns: [interactions.tenantId, interactions.id] }),
    foreignKey({ columns: [t.tenantId, t.targetAccountId], foreignColumns: [accounts.tenantId, accounts.id] }),
    foreignKey({ columns: [t.tenantId, t.pledgeId], foreignColumns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.campaignId], foreignColumns: [campaigns.tenantId, campaigns.id] }),
    foreignKey({ columns: [t.tenantId, t.claimedBy], foreignColumns: [users.tenantId, users.id] }),
    index('outcomes_interaction_idx').on(t.tenantId, t.interactionId),
    index('outcomes_contact_idx').on(t.tenantId, t.contactId),
    index('outcomes_claimed_idx').on(t.tenantId, t.claimedAt, t.id),
    index('outcomes_pledge_idx').on(t.tenantId, t.pledgeId),
    index('outcomes_campaign_idx').on(t.tenantId, t.campaignId),
    check('outcomes_kind_check', sql`kind in ('assets_pledged', 'assets_deposited', 'account_opened', 'ib_engagement', 'revenue')`),
    check('outcomes_amount_check', sql`amount is null or amount > 0`),
    tenantPolicy(),
  ],
).enableRLS();

export const outcomeDecisions = pgTable(
  'outcome_decisions',
  {
    tenantId: tenantId(),
    id: id(),
    outcomeId: uuid('outcome_id').notNull(),
    seq: integer('seq').notNull(),
    status: text('status').$type<OutcomeStatus>().notNull(),
    /** What was actually received (partial verification) or confirmed (verification). */
    amountVerified: numeric('amount_verified', { precision: 18, scale: 2 }),
    reason: text('reason'),
    evidence: text('evidence'),
    correctsId: uuid('corrects_id'),
    /** Null when the system decided (a pledge lapsing). */
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.outcomeId], foreignColumns: [outcomes.tenantId, outcomes.id] }),
    foreignKey({ columns: [t.tenantId, t.correctsId], foreignColumns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.decidedBy], foreignColumns: [users.tenantId, users.id] }),
    uniqueIndex('outcome_decisions_seq_uq').on(t.tenantId, t.outcomeId, t.seq),
    check('outcome_decisions_status_check', sql`status in ('claimed', 'verified', 'partially_verified', 'rejected', 'lapsed')`),
    check('outcome_decisions_reason_check', sql`status <> 'rejected' or reason is not null`),
    check('outcome_decisions_partial_check', sql`status <> 'partially_verified' or amount_verified is not null`),
    tenantPolicy(),
  ],
).enableRLS();

/** Transactions a decision accepted as evidence. Append-only like the decisions. */
export const decisionTransactions = pgTable(
  'outcome_decision_transactions',
  {
    tenantId: tenantId(),
    decisionId: uuid('decision_id').notNull(),
    transactionId: uuid('transaction_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.decisionId, t.transactionId] }),
    foreignKey({ columns: [t.tenantId, t.decisionId], foreignColumns: [outcomeDecisions.tenantId, outcomeDecisions.id] }),
    foreignKey({ columns: [t.tenantId, t.transactionId], foreignColumns: [transactions.tenantId, transactions.id] }),
    index('decision_transactions_tx_idx').on(t.tenantId, t.transactionId),
    tenantPolicy(),
  ],
).enableRLS();
