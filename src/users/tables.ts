// Users, teams and membership. Roles are a fixed set decided by the policy module.
import { boolean, foreignKey, index, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, tenantPolicy, updatedAt, version } from '../db/columns.ts';
import { citext } from '../tenants/tables.ts';

export const users = pgTable(
  'users',
  {
    tenantId: tenantId(),
    id: id(),
    email: citext('email').notNull(),
    name: text('name').notNull(),
    role: text('role').notNull(),
    passwordHash: text('password_hash'),
    active: boolean('active').notNull().default(true),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    /** The reporting line: separation of duties on outcome verification walks it. */
    managerId: uuid('manager_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }), unique('users_email_uq').on(t.tenantId, t.email),
    foreignKey({ columns: [t.tenantId, t.managerId], foreignColumns: [t.tenantId, t.id] }),
    index('users_manager_idx').on(t.tenantId, t.managerId),
    tenantPolicy(),
  ],
).enableRLS();

export const teams = pgTable(
  'teams',
  {
    tenantId: tenantId(),
    id: id(),
    name: text('name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), unique('teams_name_uq').on(t.tenantId, t.name), tenantPolicy()],
).enableRLS();

export const teamMembers = pgTable(
  'team_members',
  {
    tenantId: tenantId(),
    teamId: uuid('team_id').notNull(),
    userId: uuid('user_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.teamId, t.userId] }),
    foreignKey({ columns: [t.tenantId, t.teamId], foreignColumns: [teams.tenantId, teams.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete('cascade'),
    index('team_members_user_idx').on(t.tenantId, t.userId),
    tenantPolicy(),
  ],
).enableRLS();
