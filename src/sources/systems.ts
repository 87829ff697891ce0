// The systems that have sent the tenant records: per system, how many contacts and companies it
// speaks for, how many records it currently gives at least one golden field, and when it last sent
// anything. The data-sources settings page ranks these systems for survivorship. Counts cover the
// whole tenant, so only roles that see every record (admin, controller) may read them.
import { sql } from 'drizzle-orm';
import { rowsOf } from '../db/sql.ts';
import { readInTenant, type Ctx } from '../platform/context.ts';
import { forbidden } from '../platform/errors.ts';
import { visibilityOf } from '../platform/policy/index.ts';

export interface SystemSummary {
  system: string;
  contacts: number;
  companies: number;
  /** Records whose golden value for at least one field comes from this system. */
  providing: number;
  lastReceivedAt: string;
}

interface Row { system: string; contacts: number; companies: number; providing: number; last: Date | string }

export async function systemsSummary(ctx: Ctx): Promise<SystemSummary[]> {
  if (visibilityOf(ctx.principal, 'contact')?.kind !== 'all' || visibilityOf(ctx.principal, 'company')?.kind !== 'all') {
    throw forbidden('Only roles that see every record may list the source systems');
  }
  const rows = await readInTenant(ctx, (q) => rowsOf<Row>(q, sql`
    select system, count(contact_id)::int as contacts, count(company_id)::int as companies,
      count(*) filter (where cardinality(provides) > 0)::int as providing, max(received_at) as last
    from source_records where tenant_id = ${ctx.tenantId}::uuid
    group by system order by count(*) desc, system`));
  return rows.map((r) => ({
    system: r.system, contacts: r.contacts, companies: r.companies, providing: r.providing,
    lastReceivedAt: new Date(r.last).toISOString(),
  }));
}
