// Quality use cases: the tenant summary (over the records the caller may see; stale after the
// tenant's staleMonths setting unless the caller asks for another span) and confirming a record's data. Recomputing existing rows is a job (recompute.ts).
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { inTenant, readInTenant, type Ctx } from '../platform/context.ts';
import { forbidden } from '../platform/errors.ts';
import { appendAudit } from '../platform/audit/service.ts';
import { emitEvents } from '../platform/outbox/service.ts';
import { visibilityOf } from '../platform/policy/index.ts';
import { visibilitySql } from '../platform/policy/sql.ts';
import { loadForAction } from '../platform/records.ts';
import { rowsOf } from '../db/sql.ts';
import { contacts } from '../contacts/tables.ts';
import { companies } from '../companies/tables.ts';
import type { SummaryOut } from './schemas.ts';
import { getTenantSettings } from '../tenants/settings.ts';

const share = (count: number, total: number) => ({ count, total, share: total ? Math.round((count / total) * 1000) / 1000 : null });

interface Aggregate { total: number; unassessed: number; avg: number | null; with_issues: number; stale: number; [k: string]: number | null }

async function issuesByCode(ctx: Ctx, table: typeof contacts | typeof companies, where: SQL | undefined): Promise<Record<string, number>> {
  const rows = await readInTenant(ctx, (q) => rowsOf<{ code: string; n: number }>(q, sql`
    select i->>'code' as code, count(*)::int as n from ${table}, jsonb_array_elements(${table.qualityIssues}) i
    where ${table.tenantId} = ${ctx.tenantId} ${where ? sql`and ${where}` : sql``} group by 1 order by 1`));
  return Object.fromEntries(rows.map((r) => [r.code, r.n]));
}

const common = (t: typeof contacts | typeof companies, months: number) => sql`
  count(*)::int as total, count(*) filter (where ${t.completeness} is null)::int as unassessed,
  round(avg(${t.completeness}), 1)::float8 as avg, count(*) filter (where ${t.qualityIssues} <> '[]'::jsonb)::int as with_issues,
  count(*) filter (where coalesce(${t.confirmedAt}, ${t.createdAt}) < now() - make_interval(months => ${months}))::int as stale,
  coalesce(sum(jsonb_array_length(${t.phones})), 0)::int as phones`;

/** The summary; staleMonths defaults to the tenant's setting. */
export async function qualitySummary(ctx: Ctx, staleMonthsAsked?: number): Promise<SummaryOut> {
  const staleMonths = staleMonthsAsked ?? (await getTenantSettings(ctx)).staleMonths;
  const cv = visibilityOf(ctx.principal, 'contact');
  const kv = visibilityOf(ctx.principal, 'company');
  if (!cv || !kv) throw forbidden('Your role may not read contacts and companies');
  const cWhere = visibilitySql(cv, contacts, 'contact');
  const kWhere = visibilitySql(kv, companies, 'company');
  const [c] = await readInTenant(ctx, (q) => rowsOf<Aggregate>(q, sql`select ${common(contacts, staleMonths)},
      coalesce(sum(jsonb_array_length(${contacts.emails})), 0)::int as emails,
      count(*) filter (where ${contacts.givenName} is null)::int as m_given, count(*) filter (where ${contacts.familyName} is null)::int as m_family,
      count(*) filter (where ${contacts.primaryEmail} is null)::int as m_email, count(*) filter (where ${contacts.primaryPhone} is null)::int as m_phone,
      count(*) filter (where ${contacts.addresses} = '[]'::jsonb)::int as m_address, count(*) filter (where ${contacts.ownerId} is null)::int as m_owner,
      (select count(distinct x)::int from duplicate_suspects d, unnest(array[d.record_id, d.other_id]) x
        where d.tenant_id = ${ctx.tenantId} and d.entity = 'contact' and d.status = 'open') as dups
    from ${contacts} where ${contacts.tenantId} = ${ctx.tenantId} ${cWhere ? sql`and ${cWhere}` : sql``}`));
  const [k] = await readInTenant(ctx, (q) => rowsOf<Aggregate>(q, sql`select ${common(companies, staleMonths)},
      count(*) filter (where ${companies.domain} is null)::int as m_domain, count(*) filter (where ${companies.industry} is null)::int as m_industry,
      count(*) filter (where ${companies.phones} = '[]'::jsonb)::int as m_phone, count(*) filter (where ${companies.addresses} = '[]'::jsonb)::int as m_address
    from ${companies} where ${companies.tenantId} = ${ctx.tenantId} ${kWhere ? sql`and ${kWhere}` : sql``}`));
  const [cIssues, kIssues] = await Promise.all([issuesByCode(ctx, contacts, cWhere), issuesByCode(ctx, companies, kWhere)]);
  const n = (v: number | null | undefined) => Number(v ?? 0);
  return {
    contacts: {
      total: n(c!.total), unassessed: n(c!.unassessed), averageCompleteness: c!.avg,
      validEmails: share(n(c!.emails) - (cIssues.email_invalid ?? 0), n(c!.emails)),
      validPhones: share(n(c!.phones) - (cIssues.phone_invalid ?? 0), n(c!.phones)),
      withIssues: n(c!.with_issues), issuesByCode: cIssues,
      missing: { givenName: n(c!.m_given), familyName: n(c!.m_family), email: n(c!.m_email), phone: n(c!.m_phone), address: n(c!.m_address), owner: n(c!.m_owner) },
      stale: n(c!.stale), staleMonths, suspectedDuplicates: n(c!.dups),
    },
    companies: {
      total: n(k!.total), unassessed: n(k!.unassessed), averageCompleteness: k!.avg,
      validPhones: share(n(k!.phones) - (kIssues.phone_invalid ?? 0), n(k!.phones)),
      withIssues: n(k!.with_issues), issuesByCode: kIssues,
      missing: { domain: n(k!.m_domain), industry: n(k!.m_industry), phone: n(k!.m_phone), address: n(k!.m_address) },
      stale: n(k!.stale),
    },
  };
}

/** Marks a record's data as confirmed now (a write: needs update access; audited and evented). */
export async function confirmRecord(ctx: Ctx, entity: 'contact' | 'company', id: string): Promise<{ id: string; confirmedAt: string; version: number }> {
  const table = entity === 'contact' ? contacts : companies;
  return inTenant(ctx, async (tx) => {
    const row = await loadForAction<{ ownerId: string | null; teamId: string | null; version: number; confirmedAt: Date | null }>(tx, ctx, entity, table, id, 'update', { lock: true });
    const now = new Date();
    await tx.update(table).set({ confirmedAt: now, updatedAt: now, version: row.version + 1 }).where(and(eq(table.tenantId, ctx.tenantId), eq(table.id, id)));
    const changes = { confirmedAt: { before: row.confirmedAt?.toISOString() ?? null, after: now.toISOString() } };
    await appendAudit(tx, ctx.tenantId, ctx.actor, [{ action: `${entity}.confirmed`, entity, entityId: id, changes }]);
    await emitEvents(tx, ctx.tenantId, ctx.actor.id, [{ type: `${entity}.confirmed`, entity, entityId: id, payload: { id, confirmedAt: now.toISOString() } }]);
    return { id, confirmedAt: now.toISOString(), version: row.version + 1 };
  });
}
