// Saved views: a user's named list of filters, sort and columns over one resource, private or
// shared with a team or the whole tenant. A saved view is also the first form of a segment.
import { sql } from 'drizzle-orm';
import { check, foreignKey, index, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, tenantPolicy, updatedAt, version } from '../db/columns.ts';
import { teams, users } from '../users/tables.ts';

export interface SavedFilter {
  field: string;
  op: string;
  value: string;
}

export const savedViews = pgTable(
  'saved_views',
  {
    tenantId: tenantId(),
    id: id(),
    ownerId: uuid('owner_id').notNull(),
    visibility: text('visibility').notNull().default('private'),
    teamId: uuid('team_id'),
    resource: text('resource').notNull(),
    name: text('name').notNull(),
    filters: jsonb('filters').$type<SavedFilter[]>().notNull().default([]),
    match: text('match').notNull().default('all'),
    sort: text('sort'),
    columns: text('columns').array().notNull().default(sql`'{}'::text[]`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    // A view goes with its owner.
    foreignKey({ columns: [t.tenantId, t.ownerId], foreignColumns: [users.tenantId, users.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.teamId], foreignColumns: [teams.tenantId, teams.id] }),
    uniqueIndex('saved_views_name_uq').on(t.tenantId, t.ownerId, t.resource, t.name),
    index('saved_views_resource_idx').on(t.tenantId, t.resource, t.visibility),
    check('saved_views_visibility', sql`visibility in ('private', 'team', 'tenant')`),
    check('saved_views_team', sql`(visibility = 'team') = (team_id is not null)`),
    check('saved_views_resource', sql`resource in ('contacts', 'companies', 'interactions')`),
    check('saved_views_match', sql`match in ('all', 'any')`),
    tenantPolicy(),
  ],
).enableRLS();
