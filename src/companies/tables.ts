import { sql } from 'drizzle-orm';
import { foreignKey, index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { qualityColumns } from '../quality/columns.ts';
import { createdAt, id, ownership, tenantId, tenantPolicy, updatedAt, version } from '../db/columns.ts';
import { citext } from '../tenants/tables.ts';
import { users, teams } from '../users/tables.ts';
import type { PostalAddress, PhoneNumber } from '../contacts/types.ts';

export const companies = pgTable(
  'companies',
  {
    tenantId: tenantId(),
    id: id(),
    name: text('name').notNull(),
    domain: citext('domain'),
    website: text('website'),
    industry: text('industry'),
    size: integer('size'),
    description: text('description'),
    phones: jsonb('phones').$type<PhoneNumber[]>().notNull().default([]),
    addresses: jsonb('addresses').$type<PostalAddress[]>().notNull().default([]),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    customFields: jsonb('custom_fields').$type<Record<string, unknown>>().notNull().default({}),
    searchTokens: text('search_tokens').array().notNull().default(sql`'{}'::text[]`),
    ...qualityColumns(),
    ...ownership(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.ownerId], foreignColumns: [users.tenantId, users.id] }),
    foreignKey({ columns: [t.tenantId, t.teamId], foreignColumns: [teams.tenantId, teams.id] }),
    index('companies_name_idx').on(t.tenantId, t.name, t.id),
    index('companies_domain_idx').on(t.tenantId, t.domain),
    index('companies_owner_idx').on(t.tenantId, t.ownerId),
    index('companies_search_idx').using('gin', t.searchTokens).with({ gin_pending_list_limit: 64 }),
    tenantPolicy(),
  ],
).enableRLS();
