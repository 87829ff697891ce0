// Deals: sales opportunities with a contact and/or a company, an owner (visibility like every owned
// record), a pipeline stage (open stages, then won or lost), an amount, an expected close date, the
// moment it closed, and optionally the campaign it is explicitly credited to. Won deals are revenue
// in campaign ROI (reports/) with explicit, first- and last-touch credit (campaigns/attribution.ts).
import { sql } from 'drizzle-orm';
import { check, date, foreignKey, index, numeric, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ownership, tenantId, tenantPolicy, updatedAt, version } from '../db/columns.ts';
import { contacts } from '../contacts/tables.ts';
import { companies } from '../companies/tables.ts';
import { campaigns } from '../campaigns/tables.ts';
import { users, teams } from '../users/tables.ts';

/** Open pipeline stages in order, then the two closed ones. */
export const openStages = ['lead', 'qualified', 'proposal', 'negotiation'] as const;
export const dealStages = [...openStages, 'won', 'lost'] as const;
export type DealStage = (typeof dealStages)[number];
export const isClosed = (s: DealStage) => s === 'won' || s === 'lost';

export const deals = pgTable(
  'deals',
  {
    tenantId: tenantId(),
    id: id(),
    name: text('name').notNull(),
    contactId: uuid('contact_id'),
    companyId: uuid('company_id'),
    stage: text('stage').$type<DealStage>().notNull().default('lead'),
    amount: numeric('amount', { precision: 18, scale: 2 }),
    currency: text('currency'),
    expectedCloseOn: date('expected_close_on', { mode: 'string' }),
    /** Set when the deal is won or lost, cleared when it is reopened. */
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'date' }),
    lostReason: text('lost_reason'),
    description: text('description'),
    campaignId: uuid('campaign_id'),
    ...ownership(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    // A deal goes with its contact or company, like tasks; a contact merge moves it (foreign keys
    // are how matching/references.ts finds what to move).
    foreignKey({ columns: [t.tenantId, t.contactId], foreignColumns: [contacts.tenantId, contacts.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.companyId], foreignColumns: [companies.tenantId, companies.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.campaignId], foreignColumns: [campaigns.tenantId, campaigns.id] }),
    foreignKey({ columns: [t.tenantId, t.ownerId], foreignColumns: [users.tenantId, users.id] }),
    foreignKey({ columns: [t.tenantId, t.teamId], foreignColumns: [teams.tenantId, teams.id] }),
    index('deals_name_idx').on(t.tenantId, t.name, t.id),
    index('deals_owner_idx').on(t.tenantId, t.ownerId),
    index('deals_contact_idx').on(t.tenantId, t.contactId),
    index('deals_company_idx').on(t.tenantId, t.companyId),
    index('deals_campaign_idx').on(t.tenantId, t.campaignId),
    // ROI reads won deals closed in a period.
    index('deals_stage_closed_idx').on(t.tenantId, t.stage, t.closedAt),
    index('deals_expected_idx').on(t.tenantId, t.expectedCloseOn, t.id),
    check('deals_stage_check', sql`stage in ('lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost')`),
    check('deals_party_check', sql`num_nonnulls(contact_id, company_id) >= 1`),
    check('deals_amount_check', sql`amount is null or (amount >= 0 and currency is not null)`),
    check('deals_closed_check', sql`(stage in ('won', 'lost')) = (closed_at is not null)`),
    tenantPolicy(),
  ],
).enableRLS();
