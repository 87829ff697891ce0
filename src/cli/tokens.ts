// `rapport tokens create`: an API token for a user, printed alone on stdout so scripts can capture it.
import { and, eq } from 'drizzle-orm';
import type { Config } from '../config.ts';
import { appendAudit } from '../platform/audit/service.ts';
import { createApiToken } from '../platform/auth/service.ts';
import { users } from '../users/tables.ts';
import { requireTenant, withDatabase } from './database.ts';
import { CliError, parse, required, UsageError, type Io } from './io.ts';

export const tokensUsage = 'rapport tokens create --tenant SLUG --email EMAIL [--name NAME] [--expires-days DAYS]';

export async function tokensCommand(args: string[], config: Config, io: Io): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'create') throw new UsageError(`usage: ${tokensUsage}`);
  const { values } = parse(rest, {
    tenant: { type: 'string' },
    email: { type: 'string' },
    name: { type: 'string' },
    'expires-days': { type: 'string' },
  });
  const slug = required(values.tenant, 'tenant');
  const email = required(values.email, 'email');
  const days = values['expires-days'] === undefined ? null : Number(values['expires-days']);
  if (days !== null && !(Number.isFinite(days) && days > 0)) throw new UsageError('--expires-days must be a positive number');
  const name = values.name ?? 'cli';
  const token = await withDatabase(config, async ({ database }) => {
    const tenant = await requireTenant(database, slug);
    return database.withTenant(tenant.id, async (tx) => {
      const [user] = await tx.select({ id: users.id, active: users.active }).from(users).where(and(eq(users.tenantId, tenant.id), eq(users.email, email)));
      if (!user) throw new CliError(`no user ${email} in tenant ${slug}`);
      if (!user.active) throw new CliError(`user ${email} is deactivated`);
      const expiresAt = days === null ? null : new Date(Date.now() + days * 86_400_000);
      const created = await createApiToken(tx, tenant.id, user.id, name, expiresAt);
      await appendAudit(tx, tenant.id, { id: null, label: 'rapport-cli' }, [
        { action: 'api_token.created', entity: 'api_token', entityId: created.id, changes: { name: { after: name }, userId: { after: user.id } } },
      ]);
      return created.token;
    });
  });
  io.out(token);
  return 0;
}
