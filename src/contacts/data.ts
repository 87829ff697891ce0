// Contact rows in and out of PostgreSQL. Every query names the tenant; RLS checks it again.
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Queryable, Tx } from '../db/client.ts';
import type { FieldMap } from '../platform/list.ts';
import type { ListShape } from '../platform/list-scope.ts';
import { insertUnnest, qualified, textArray, inIdOrder } from '../db/sql.ts';
import { visibilityValues } from '../platform/policy/sql.ts';
import { preparedOnce, type Executable } from '../db/prepared.ts';
import type { Visibility } from '../platform/policy/index.ts';
import { contactJsonSql } from './presenter.ts';
import { jsonReads, shapedPage, visibleByIdSelect } from './json-presenter.ts';
import { uuidv7 } from '../platform/ids.ts';
import { companies } from '../companies/tables.ts';
import { categories } from '../categories/tables.ts';
import { contactCategories, contactCompanies, contacts, sourceIdentifiers } from './tables.ts';
import { qualityFieldMap, staleSql } from '../quality/fields.ts';

export type ContactRow = typeof contacts.$inferSelect;
export type NewContactRow = typeof contacts.$inferInsert;

export interface CompanyLink { companyId: string; name: string; role: string | null; isPrimary: boolean }
export interface ContactRelations {
  categories: Array<{ id: string; path: string }>;
  companies: CompanyLink[];
  sourceIdentifiers: Array<{ system: string; externalId: string }>;
  /** Not confirmed (or created) within the tenant's staleMonths (quality/fields.ts); absent on rows just built in Node. */
  stale?: boolean;
}
export type ContactWithRelations = ContactRow & ContactRelations;

const T = qualified(contacts.tenantId);
const ID = qualified(contacts.id);

/** Fields a list can filter and sort on. */
export const contactFieldMap: FieldMap = {
  id: { column: contacts.id, type: 'uuid' },
  givenName: { column: contacts.givenName, type: 'text' },
  middleName: { column: contacts.middleName, type: 'text' },
  familyName: { column: contacts.familyName, type: 'text' },
  displayName: { column: contacts.displayName, type: 'text', sortable: true },
  jobTitle: { column: contacts.jobTitle, type: 'text' },
  lifecycleStage: { column: contacts.lifecycleStage, type: 'text' },
  tier: { column: contacts.tier, type: 'text' },
  ownerId: { column: contacts.ownerId, type: 'uuid' },
  teamId: { column: contacts.teamId, type: 'uuid' },
  email: { column: contacts.primaryEmail, type: 'text' },
  phone: { column: contacts.primaryPhone, type: 'text' },
  country: { column: sql`(${contacts.addresses} -> 0 ->> 'country')`, type: 'text' },
  region: { column: sql`(${contacts.addresses} -> 0 ->> 'region')`, type: 'text' },
  city: { column: sql`(${contacts.addresses} -> 0 ->> 'city')`, type: 'text' },
  birthDate: { column: contacts.birthDate, type: 'date' },
  tags: { column: contacts.tags, type: 'array' },
  companyId: { column: sql`(select array_agg(cc.company_id::text) from contact_companies cc where cc.tenant_id = ${T} and cc.contact_id = ${ID})`, type: 'array' },
  categoryId: { column: sql`(select array_agg(x.category_id::text) from contact_categories x where x.tenant_id = ${T} and x.contact_id = ${ID})`, type: 'array' },
  customFields: { column: contacts.customFields, type: 'text' },
  createdAt: { column: contacts.createdAt, type: 'timestamp', sortable: true },
  updatedAt: { column: contacts.updatedAt, type: 'timestamp', sortable: true },
  ...qualityFieldMap(contacts),
};

// Related rows folded into each contact by correlated subqueries: one round trip for a page.
const relationColumns = {
  categories: sql<ContactRelations['categories']>`coalesce((select json_agg(json_build_object('id', c.id, 'path', c.path) order by c.path)
    from ${contactCategories} cc join ${categories} c on c.tenant_id = cc.tenant_id and c.id = cc.category_id
    where cc.tenant_id = ${T} and cc.contact_id = ${ID}), '[]'::json)`,
  companies: sql<CompanyLink[]>`coalesce((select json_agg(json_build_object('companyId', co.id, 'name', co.name, 'role', l.role, 'isPrimary', l.is_primary) order by l.is_primary desc, co.name)
    from ${contactCompanies} l join ${companies} co on co.tenant_id = l.tenant_id and co.id = l.company_id
    where l.tenant_id = ${T} and l.contact_id = ${ID}), '[]'::json)`,
  sourceIdentifiers: sql<ContactRelations['sourceIdentifiers']>`coalesce((select json_agg(json_build_object('system', s.system, 'externalId', s.external_id) order by s.system, s.external_id)
    from ${sourceIdentifiers} s where s.tenant_id = ${T} and s.contact_id = ${ID}), '[]'::json)`,
  stale: sql<boolean>`${staleSql(contacts)}`,
};

export async function selectContacts(
  tx: Queryable, tenantId: string, where: SQL | undefined, order: SQL[], limit: number,
): Promise<ContactWithRelations[]> {
  const query = tx
    .select({ c: contacts, ...relationColumns })
    .from(contacts)
    .where(and(eq(contacts.tenantId, tenantId), where))
    .orderBy(...order)
    .limit(limit);
  const rows = await query;
  return rows.map(flatten);
}

type ContactJoinRow = { c: ContactRow } & ContactRelations;
const flatten = ({ c, ...relations }: ContactJoinRow): ContactWithRelations => ({ ...c, ...relations });

/** One contact by id if the caller may see it (visibility as in visibilitySql). Prepared once. */
export async function visibleContactById(q: Queryable, tenantId: string, id: string, v: Visibility): Promise<ContactWithRelations | undefined> {
  const statement = preparedOnce<ContactJoinRow>(q, `contact_get_${v.kind}`, (name) =>
    visibleByIdSelect(q, contacts, 'contact', v, { c: contacts, ...relationColumns }).prepare(name) as unknown as Executable<ContactJoinRow>);
  const [row] = await statement.execute({ tenantId, id, ...visibilityValues(v) });
  return row && flatten(row);
}

/**
 * One list page, prepared once per connection and list shape (visibility kind, sort, cursor
 * presence, each filter's field, operator and arity: platform/list-scope.ts). Undefined when the
 * shape is one too many to prepare (the caller then builds the query with selectContacts).
 */
export async function contactPage(q: Queryable, tenantId: string, shape: ListShape, limit: number): Promise<ContactWithRelations[] | undefined> {
  const statement = shapedPage<ContactJoinRow>(q, contacts, 'contact_list', shape.key, shape, { c: contacts, ...relationColumns }, limit);
  if (!statement) return undefined;
  const rows = await statement.execute({ ...shape.values, tenantId });
  return rows.map(flatten);
}

// GET /contacts/:id and list pages presented by PostgreSQL (contactJsonSql; json-presenter.ts
// jsonReads): contactJsonPage, a page prepared once per connection, list shape and presentation
// (undefined past the cap); contactJsonByIdQuery, the select of a get by id (placeholders tenantId,
// id and the visibility's values), also the raw limit's SQL in bench/raw-server.ts;
// visibleContactJsonById, that get's version (for the ETag) and JSON text.
const jsonRead = jsonReads(contacts, 'contact', contactJsonSql, relationColumns);
export const contactJsonPage = jsonRead.page;
export const contactJsonByIdQuery = jsonRead.byIdQuery;
export const visibleContactJsonById = jsonRead.byId;

export async function contactsByIds(tx: Queryable, tenantId: string, ids: string[]): Promise<ContactWithRelations[]> {
  if (ids.length === 0) return [];
  const rows = await selectContacts(tx, tenantId, inArray(contacts.id, ids), [], ids.length);
  return inIdOrder(ids, rows);
}

export interface LinkSet {
  contactId: string;
  companies?: Array<{ companyId: string; role?: string | null | undefined; isPrimary?: boolean | undefined }> | undefined;
  categoryIds?: string[] | undefined;
  sourceIdentifiers?: Array<{ system: string; externalId: string }> | undefined;
}

/** Replaces the given kinds of links (those present in each LinkSet) for many contacts at once. */
export async function replaceLinks(tx: Tx, tenantId: string, sets: LinkSet[], isNew: boolean): Promise<void> {
  const withCompanies = sets.filter((s) => s.companies);
  const withCategories = sets.filter((s) => s.categoryIds);
  const withSources = sets.filter((s) => s.sourceIdentifiers);
  if (!isNew) {
    if (withCompanies.length) await tx.delete(contactCompanies).where(and(eq(contactCompanies.tenantId, tenantId), inArray(contactCompanies.contactId, withCompanies.map((s) => s.contactId))));
    if (withCategories.length) await tx.delete(contactCategories).where(and(eq(contactCategories.tenantId, tenantId), inArray(contactCategories.contactId, withCategories.map((s) => s.contactId))));
    if (withSources.length) await tx.delete(sourceIdentifiers).where(and(eq(sourceIdentifiers.tenantId, tenantId), inArray(sourceIdentifiers.contactId, withSources.map((s) => s.contactId))));
  }
  const companyRows = withCompanies.flatMap((s) => {
    const links = s.companies ?? [];
    const primary = Math.max(0, links.findIndex((l) => l.isPrimary));
    return links.map((l, i) => ({ tenantId, contactId: s.contactId, companyId: l.companyId, role: l.role ?? null, isPrimary: i === primary }));
  });
  const categoryRows = withCategories.flatMap((s) => [...new Set(s.categoryIds)].map((categoryId) => ({ tenantId, contactId: s.contactId, categoryId })));
  const sourceRows = withSources.flatMap((s) => (s.sourceIdentifiers ?? []).map((x) => ({ tenantId, id: uuidv7(), contactId: s.contactId, system: x.system, externalId: x.externalId })));
  await insertUnnest(tx, contactCompanies, companyRows);
  await insertUnnest(tx, contactCategories, categoryRows);
  await insertUnnest(tx, sourceIdentifiers, sourceRows);
}

export interface LinkedCompany { name: string; industry: string | null; size: number | null }

/** Name, industry and size of the companies new contacts link to (for the rules' facts and the answer). */
export async function linkedCompanies(tx: Tx, tenantId: string, ids: Iterable<string>): Promise<Map<string, LinkedCompany>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  const rows = await tx.select({ id: companies.id, name: companies.name, industry: companies.industry, size: companies.size }).from(companies)
    .where(and(eq(companies.tenantId, tenantId), inArray(companies.id, wanted)));
  return new Map(rows.map((r) => [r.id, { name: r.name, industry: r.industry, size: r.size }]));
}

/**
 * Contacts just inserted, with their relations, built from the values written instead of read
 * back: what contactsByIds would answer for them (relations in its order; a test compares the two).
 */
export async function newContactsWithRelations(
  tx: Tx, tenantId: string, rows: NewContactRow[], sets: LinkSet[], companyInfo: Map<string, LinkedCompany>,
): Promise<ContactWithRelations[]> {
  const categoryIds = new Set(sets.flatMap((s) => s.categoryIds ?? []));
  const paths = categoryIds.size === 0 ? new Map<string, string>() : new Map((await tx.select({ id: categories.id, path: categories.path }).from(categories)
    .where(and(eq(categories.tenantId, tenantId), inArray(categories.id, [...categoryIds])))).map((c) => [c.id, c.path]));
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0); // the database's C collation
  return rows.map((row, k) => {
    const set = sets[k]!;
    const links = set.companies ?? [];
    const primary = Math.max(0, links.findIndex((l) => l.isPrimary));
    return {
      ...(row as ContactRow), confirmedAt: null, version: 1,
      categories: [...new Set(set.categoryIds ?? [])].map((id) => ({ id, path: paths.get(id)! })).sort((a, b) => byText(a.path, b.path)),
      companies: links.map((l, i) => ({ companyId: l.companyId, name: companyInfo.get(l.companyId)!.name, role: l.role ?? null, isPrimary: i === primary }))
        .sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary) || byText(a.name, b.name)),
      sourceIdentifiers: (set.sourceIdentifiers ?? []).map((x) => ({ system: x.system, externalId: x.externalId }))
        .sort((a, b) => byText(a.system, b.system) || byText(a.externalId, b.externalId)),
    };
  });
}

export async function existingSourceIdentifiers(tx: Tx, tenantId: string, pairs: Array<{ system: string; externalId: string }>) {
  if (pairs.length === 0) return [];
  return tx
    .select({ system: sourceIdentifiers.system, externalId: sourceIdentifiers.externalId, contactId: sourceIdentifiers.contactId, companyId: sourceIdentifiers.companyId })
    .from(sourceIdentifiers)
    .where(and(
      eq(sourceIdentifiers.tenantId, tenantId),
      sql`(${sourceIdentifiers.system}, ${sourceIdentifiers.externalId}) in (select * from unnest(${textArray(pairs.map((p) => p.system))}, ${textArray(pairs.map((p) => p.externalId))}))`,
    ));
}
