// `rapport audit verify [--tenant SLUG]`: recomputes every tenant's hash chain. Runs on the owner
// connection, which row-level security does not restrict, so one pass can read every tenant.
import { asc } from 'drizzle-orm';
import type { Config } from '../config.ts';
import { verifyChain } from '../platform/audit/service.ts';
import { tenants } from '../tenants/tables.ts';
import { requireTenant, withDatabase } from './database.ts';
import { parse, UsageError, type Io } from './io.ts';

export const auditUsage = 'rapport audit verify [--tenant SLUG]';

export async function auditCommand(args: string[], config: Config, io: Io): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'verify') throw new UsageError(`usage: ${auditUsage}`);
  const { values } = parse(rest, { tenant: { type: 'string' } });
  return withDatabase(config, async ({ database }) => {
    const list = values.tenant
      ? [await requireTenant(database, values.tenant)]
      : await database.db.select().from(tenants).orderBy(asc(tenants.slug));
    let broken = 0;
    for (const tenant of list) {
      const result = await verifyChain(database.db, tenant.id);
      if (result.ok) {
        io.out(`${tenant.slug}: ok: ${result.checked} entries`);
      } else {
        broken++;
        io.out(`${tenant.slug}: BROKEN at entry ${result.brokenAt}: ${result.reason} (${result.checked} entries verified before it)`);
        io.err(`audit chain of tenant ${tenant.slug} is broken at entry ${result.brokenAt}`);
      }
    }
    if (list.length === 0) io.out('no tenants');
    return broken ? 1 : 0;
  });
}
