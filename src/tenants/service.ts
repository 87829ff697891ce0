// Creating a tenant with its first admin and its default job schedules. Runs on the owner connection: tenants are not tenant-scoped.
import { eq } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { AppError } from '../platform/errors.ts';
import { uuidv7 } from '../platform/ids.ts';
import { appendAudit } from '../platform/audit/service.ts';
import { tenants } from './tables.ts';
import { createUser } from '../users/service.ts';
import { systemCtx } from '../platform/context.ts';
import { ensureDefaultSchedules } from '../platform/jobs/schedules.ts';

export interface NewTenant {
  slug: string;
  name: string;
  adminEmail: string;
  adminPassword: string;
  adminName?: string;
}

export async function createTenant(database: Database, input: NewTenant): Promise<{ tenantId: string; adminId: string }> {
  if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(input.slug)) {
    throw new AppError('validation_failed', 422, 'slug: lowercase letters, digits and dashes', [
      { field: 'slug', message: 'lowercase letters, digits and dashes, 2-63 characters' },
    ]);
  }
  const [existing] = await database.db.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, input.slug));
  if (existing) throw new AppError('conflict', 409, `tenant ${input.slug} already exists`, [{ field: 'slug', message: 'already exists' }]);
  const tenantId = uuidv7();
  await database.db.insert(tenants).values({ id: tenantId, slug: input.slug, name: input.name });
  const ctx = systemCtx(database, tenantId, 'rapport-cli');
  const admin = await createUser(ctx, {
    email: input.adminEmail, name: input.adminName ?? 'Administrator', role: 'admin', password: input.adminPassword,
  });
  await ensureDefaultSchedules(database.db, tenantId);
  await database.withTenant(tenantId, (tx) =>
    appendAudit(tx, tenantId, ctx.actor, [{ action: 'tenant.created', entity: 'tenant', entityId: tenantId, changes: { slug: { after: input.slug } } }]),
  );
  return { tenantId, adminId: admin.id };
}

export async function tenantBySlug(database: Database, slug: string) {
  const [t] = await database.db.select().from(tenants).where(eq(tenants.slug, slug));
  return t ?? null;
}
