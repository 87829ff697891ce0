// Campaigns (marketing efforts grouped under a parent programme), their cost lines and the
// explicit touches (invited, attended, responded) that attribution windows start from. Touches
// also come from interactions logged with a campaign_id (see attribution.ts).
import { sql } from 'drizzle-orm';
import {
  check, date, foreignKey, index, integer, numeric, pgTable, primaryKey, text, timestamp, uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, ownership, tenantId, tenantPolicy, updatedAt, version } from '../db/columns.ts';
import { contacts } from '../contacts/tables.ts';
import { users, teams } from '../users/tables.ts';

export const campaignTypes = ['programme', 'sponsorship', 'event', 'advertising', 'email', 'direct_mail', 'referral_programme'] as const;
export type CampaignType = (typeof campaignTypes)[number];
export const touchKinds = ['invited', 'attended', 'responded', 'referred', 'clicked', 'mailed'] as const;
export type TouchKind = (typeof touchKinds)[number];

export const campaigns = pgTable(
  'campaigns',
  {
    tenantId: tenantId(),
    id: id(),
    name: text('name').notNull(),
    type: text('type').$type<CampaignType>().notNull(),
    parentId: uuid('parent_id'),
    description: text('description'),
    startsOn: date('starts_on', { mode: 'string' }),
    endsOn: date('ends_on', { mode: 'string' }),
    budget: numeric('budget', { precision: 18, scale: 2 }),
    currency: text('currency'),
    /** Days after a touch during which an outcome is credited to this campaign. */
    attributionWindowDays: integer('attribution_window_days').notNull().default(90),
    ...ownership(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.parentId], foreignColumns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.ownerId], foreignColumns: [users.tenantId, users.id] }),
    foreignKey({ columns: [t.tenantId, t.teamId], foreignColumns: [teams.tenantId, teams.id] }),
    index('campaigns_parent_idx').on(t.tenantId, t.parentId),
    index('campaigns_starts_idx').on(t.tenantId, t.startsOn, t.id),
    check('campaigns_type_check', sql`type in ('programme', 'sponsorship', 'event', 'advertising', 'email', 'direct_mail', 'referral_programme')`),
    check('campaigns_window_check', sql`attribution_window_days between 0 and 3650`),
    check('campaigns_dates_check', sql`ends_on is null or starts_on is null or ends_on >= starts_on`),
    tenantPolicy(),
  ],
).enableRLS();

export const campaignCosts = pgTable(
  'campaign_costs',
  {
    tenantId: tenantId(),
    id: id(),
    campaignId: uuid('campaign_id').notNull(),
    description: text('description').notNull(),
    amount: numeric('amount', { precision: 18, scale: 2 }).notNull(),
    currency: text('currency').notNull(),
    incurredOn: date('incurred_on', { mode: 'string' }),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.campaignId], foreignColumns: [campaigns.tenantId, campaigns.id] }).onDelete('cascade'),
    index('campaign_costs_campaign_idx').on(t.tenantId, t.campaignId),
    tenantPolicy(),
  ],
).enableRLS();

export const campaignTouches = pgTable(
  'campaign_touches',
  {
    tenantId: tenantId(),
    id: id(),
    campaignId: uuid('campaign_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    kind: text('kind').$type<TouchKind>().notNull(),
    touchedAt: timestamp('touched_at', { withTimezone: true, mode: 'date' }).notNull(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.campaignId], foreignColumns: [campaigns.tenantId, campaigns.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.contactId], foreignColumns: [contacts.tenantId, contacts.id] }).onDelete('cascade'),
    index('campaign_touches_contact_idx').on(t.tenantId, t.contactId, t.touchedAt),
    index('campaign_touches_campaign_idx').on(t.tenantId, t.campaignId),
    check('campaign_touches_kind_check', sql`kind in ('invited', 'attended', 'responded', 'referred', 'clicked', 'mailed')`),
    tenantPolicy(),
  ],
).enableRLS();
