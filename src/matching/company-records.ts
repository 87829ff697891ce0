// Companies as the matching engine sees them (name, domain, primary phone, first address's postcode
// and city), their comparison settings, and reading them in keyset batches or by id with the
// summary the review queue shows.
import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { rowsOf, uuidArray } from '../db/sql.ts';
import type { PhoneNumber, PostalAddress } from '../contacts/types.ts';
import { blockingFor } from './engine/auto-config.ts';
import type { Dataset } from './engine/prepare.ts';
import { parseSettings, type ComparisonSettings, type Settings } from './engine/settings.ts';
import { LOWER_THRESHOLD } from './contact-records.ts';

export interface CompanyRecord { id: string; name: string; domain: string | null; phone: string | null; postcode: string | null; city: string | null }

export interface CompanySummary {
  id: string; name: string; domain: string | null; website: string | null; phones: PhoneNumber[]; addresses: PostalAddress[];
  ownerId: string | null; teamId: string | null; version: number; updatedAt: string;
}

const comparisons: ComparisonSettings[] = [
  { column: 'name', kind: 'company', termFrequency: true },
  { column: 'domain', kind: 'identifier' },
  { column: 'phone', kind: 'phone' },
  { column: 'postcode', kind: 'postcode' },
  { column: 'city', kind: 'city' },
];

export function companySettings(records: number): Settings {
  return parseSettings({ comparisons, blocking: blockingFor(comparisons, records), threshold: LOWER_THRESHOLD });
}

export function companyDataset(records: readonly CompanyRecord[]): Dataset {
  const col = (f: (r: CompanyRecord) => string | null) => records.map((r) => f(r) ?? undefined);
  return {
    ids: records.map((r) => r.id),
    columns: { name: col((r) => r.name), domain: col((r) => r.domain), phone: col((r) => r.phone), postcode: col((r) => r.postcode), city: col((r) => r.city) },
  };
}

const engineColumns = `c.id, c.name, c.domain::text as domain,
  coalesce((select p ->> 'e164' from jsonb_array_elements(c.phones) p where (p ->> 'primary')::boolean limit 1), c.phones -> 0 ->> 'e164', c.phones -> 0 ->> 'number') as phone,
  c.addresses -> 0 ->> 'postalCode' as postcode, c.addresses -> 0 ->> 'city' as city`;

interface Row { id: string; name: string; domain: string | null; phone: string | null; postcode: string | null; city: string | null }
interface SummaryRow extends Row { website: string | null; phones: PhoneNumber[]; addresses: PostalAddress[]; owner_id: string | null; team_id: string | null; version: number; updated_at: string }

const toRecord = (r: Row): CompanyRecord => ({ id: r.id, name: r.name, domain: r.domain, phone: r.phone, postcode: r.postcode, city: r.city });

export async function companyRecordsPage(q: Queryable, tenantId: string, after: string | null, limit: number): Promise<CompanyRecord[]> {
  const rows = await rowsOf<Row>(q, sql`select ${sql.raw(engineColumns)} from companies c
    where c.tenant_id = ${tenantId}::uuid ${after ? sql`and c.id > ${after}::uuid` : sql``} order by c.id limit ${limit}`);
  return rows.map(toRecord);
}

export async function countCompanies(q: Queryable, tenantId: string): Promise<number> {
  const [row] = await rowsOf<{ n: number }>(q, sql`select count(*)::int as n from companies where tenant_id = ${tenantId}::uuid`);
  return row?.n ?? 0;
}

/** Summaries by id, limited to those `visible` allows (a condition on table "companies"). */
export async function companySummaries(q: Queryable, tenantId: string, ids: readonly string[], visible?: SQL): Promise<CompanySummary[]> {
  if (ids.length === 0) return [];
  const rows = await rowsOf<SummaryRow>(q, sql`select ${sql.raw(engineColumns)}, c.website, c.phones, c.addresses, c.owner_id, c.team_id, c.version, c.updated_at::text as updated_at
    from companies c where c.tenant_id = ${tenantId}::uuid and c.id = any(${uuidArray(ids)})
      ${visible ? sql`and exists (select 1 from companies where companies.tenant_id = c.tenant_id and companies.id = c.id and ${visible})` : sql``}`);
  return rows.map((r) => ({
    id: r.id, name: r.name, domain: r.domain, website: r.website, phones: r.phones, addresses: r.addresses,
    ownerId: r.owner_id, teamId: r.team_id, version: r.version, updatedAt: new Date(r.updated_at).toISOString(),
  }));
}
