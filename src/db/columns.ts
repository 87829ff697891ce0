// Column and constraint helpers every tenant table shares. The Citus rule lives here: tenant_id
// leads every primary key and every foreign key, and every tenant table carries the RLS policy.
import { sql } from 'drizzle-orm';
import { integer, pgPolicy, pgRole, timestamp, uuid } from 'drizzle-orm/pg-core';

/** The role every tenant-scoped transaction switches to; it owns nothing and cannot bypass RLS. */
export const appRole = pgRole('rapport_app').existing();

export const tenantId = () => uuid('tenant_id').notNull();
export const id = () => uuid('id').notNull();
export const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
export const updatedAt = () => timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
export const version = () => integer('version').notNull().default(1);

/** Row-level security: a row is visible only inside a transaction that set app.tenant_id to its tenant. */
export const tenantPolicy = () =>
  pgPolicy('tenant_isolation', {
    as: 'permissive',
    for: 'all',
    to: appRole,
    using: sql`tenant_id = current_setting('app.tenant_id', true)::uuid`,
    withCheck: sql`tenant_id = current_setting('app.tenant_id', true)::uuid`,
  });

/** A reference to another row of the same tenant (the FK itself is declared on the table). */
export const ref = (name: string) => uuid(name);

/** owner and team: who a record belongs to, for the policy module's visibility rules. */
export const ownership = () => ({
  ownerId: uuid('owner_id'),
  teamId: uuid('team_id'),
});
