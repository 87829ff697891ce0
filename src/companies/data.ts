// Company rows in and out of PostgreSQL. Every query names the tenant; RLS checks it again.
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Queryable, Tx } from '../db/client.ts';
import type { FieldMap } from '../platform/list.ts';
import type { Visibility } from '../platform/policy/index.ts';
import { visibilityValues } from '../platform/policy/sql.ts';
import { preparedOnce, type Executable } from '../db/prepared.ts';
import { qualified, inIdOrder } from '../db/sql.ts';
import { jsonReads, visibleByIdSelect } from '../contacts/json-presenter.ts';
import { companyJsonSql } from './presenter.ts';
import { uuidv7 } from '../platform/ids.ts';
import { sourceIdentifiers } from '../contacts/tables.ts';
import { companies } from './tables.ts';
import { qualityFieldMap, staleSql } from '../quality/fields.ts';

export type CompanyRow = typeof companies.$inferSelect;
export type NewCompanyRow = typeof companies.$inferInsert;
export interface CompanyRelations {
  sourceIdentifiers: Array<{ system: string; externalId: string }>;
  /** Not confirmed (or created) within the tenant's staleMonths (quality/fields.ts); absent on rows just built in Node. */
  stale?: boolean;
}
export type CompanyWithRelations = CompanyRow & CompanyRelations;

const T = qualified(companies.tenantId);
const ID = qualified(companies.id);

/** Fields a list can filter and sort on. */
export const companyFieldMap: FieldMap = {
  id: { column: companies.id, type: 'uuid' },
  name: { column: companies.name, type: 'text', sortable: true },
  domain: { column: sql`(${companies.domain})::text`, type: 'text' },
  website: { column: companies.website, type: 'text' },
  industry: { column: companies.industry, type: 'text' },
  size: { column: companies.size, type: 'number' },
  description: { column: companies.description, type: 'text' },
  ownerId: { column: companies.ownerId, type: 'uuid' },
  teamId: { column: companies.teamId, type: 'uuid' },
  country: { column: sql`(${companies.addresses} -> 0 ->> 'country')`, type: 'text' },
  region: { column: sql`(${companies.addresses} -> 0 ->> 'region')`, type: 'text' },
  city: { column: sql`(${companies.addresses} -> 0 ->> 'city')`, type: 'text' },
  tags: { column: companies.tags, type: 'array' },
  customFields: { column: companies.customFields, type: 'text' },
  createdAt: { column: companies.createdAt, type: 'timestamp', sortable: true },
  updatedAt: { column: companies.updatedAt, type: 'timestamp', sortable: true },
  ...qualityFieldMap(companies),
};

const relationColumns = {
  sourceIdentifiers: sql<CompanyRelations['sourceIdentifiers']>`coalesce((select json_agg(json_build_object('system', s.system, 'externalId', s.external_id) order by s.system, s.external_id)
    from ${sourceIdentifiers} s where s.tenant_id = ${T} and s.company_id = ${ID}), '[]'::json)`,
  stale: sql<boolean>`${staleSql(companies)}`,
};

type CompanyJoinRow = { c: CompanyRow } & CompanyRelations;
const flatten = ({ c, ...relations }: CompanyJoinRow): CompanyWithRelations => ({ ...c, ...relations });

export async function selectCompanies(
  tx: Queryable, tenantId: string, where: SQL | undefined, order: SQL[], limit: number,
): Promise<CompanyWithRelations[]> {
  const rows = await tx
    .select({ c: companies, ...relationColumns })
    .from(companies)
    .where(and(eq(companies.tenantId, tenantId), where))
    .orderBy(...order)
    .limit(limit);
  return rows.map(flatten);
}

/** One company by id if the caller may see it (visibility as in visibilitySql), with its relations. Prepared once. */
export async function visibleCompanyById(q: Queryable, tenantId: string, id: string, v: Visibility): Promise<CompanyWithRelations | undefined> {
  const statement = preparedOnce<CompanyJoinRow>(q, `company_get_${v.kind}`, (name) =>
    visibleByIdSelect(q, companies, 'company', v, { c: companies, ...relationColumns }).prepare(name) as unknown as Executable<CompanyJoinRow>);
  const [row] = await statement.execute({ tenantId, id, ...visibilityValues(v) });
  return row && flatten(row);
}

// GET /companies/:id and list pages presented by PostgreSQL (companyJsonSql; contacts/
// json-presenter.ts jsonReads), as for contacts: companyJsonPage, companyJsonByIdQuery and
// visibleCompanyJsonById, the get's version (for the ETag) and JSON text.
const jsonRead = jsonReads(companies, 'company', companyJsonSql, relationColumns);
export const companyJsonPage = jsonRead.page;
export const companyJsonByIdQuery = jsonRead.byIdQuery;
export const visibleCompanyJsonById = jsonRead.byId;

export async function companiesByIds(tx: Queryable, tenantId: string, ids: string[]): Promise<CompanyWithRelations[]> {
  if (ids.length === 0) return [];
  const rows = await selectCompanies(tx, tenantId, inArray(companies.id, ids), [], ids.length);
  return inIdOrder(ids, rows);
}

export interface SourceSet {
  companyId: string;
  sourceIdentifiers?: Array<{ system: string; externalId: string }> | undefined;
}

/** Replaces the source identifiers of the companies whose set carries a list. */
export async function replaceSourceIdentifiers(tx: Tx, tenantId: string, sets: SourceSet[], isNew: boolean): Promise<void> {
  const withSources = sets.filter((s) => s.sourceIdentifiers);
  if (withSources.length === 0) return;
  if (!isNew) {
    await tx.delete(sourceIdentifiers).where(and(eq(sourceIdentifiers.tenantId, tenantId), inArray(sourceIdentifiers.companyId, withSources.map((s) => s.companyId))));
  }
  const rows = withSources.flatMap((s) => (s.sourceIdentifiers ?? []).map((x) => ({ tenantId, id: uuidv7(), companyId: s.companyId, system: x.system, externalId: x.externalId })));
  for (let i = 0; i < rows.length; i += 1000) await tx.insert(sourceIdentifiers).values(rows.slice(i, i + 1000));
}
