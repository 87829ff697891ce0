// `rapport tenants create SLUG --name NAME --admin-email E --admin-password P`: a tenant and its first admin.
import type { Config } from '../config.ts';
import { createTenant } from '../tenants/service.ts';
import { withDatabase } from './database.ts';
import { parse, required, UsageError, type Io } from './io.ts';

export const tenantsUsage = 'rapport tenants create SLUG --name NAME --admin-email EMAIL --admin-password PASSWORD [--admin-name NAME]';

export async function tenantsCommand(args: string[], config: Config, io: Io): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'create') throw new UsageError(`usage: ${tenantsUsage}`);
  const { values, positionals } = parse(rest, {
    name: { type: 'string' },
    'admin-email': { type: 'string' },
    'admin-password': { type: 'string' },
    'admin-name': { type: 'string' },
  }, 1);
  const slug = required(positionals[0], 'slug (the first argument)');
  const input = {
    slug,
    name: required(values.name, 'name'),
    adminEmail: required(values['admin-email'], 'admin-email'),
    adminPassword: required(values['admin-password'], 'admin-password'),
    ...(values['admin-name'] ? { adminName: values['admin-name'] } : {}),
  };
  const { tenantId } = await withDatabase(config, ({ database }) => createTenant(database, input));
  io.out(tenantId);
  io.err(`created tenant ${slug}; ${input.adminEmail} can sign in as admin`);
  return 0;
}
