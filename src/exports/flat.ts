// The export read path for contacts and companies: each CSV column as a SQL expression that yields
// the cell's text exactly as columns.ts computes it from the list API's record (primary email,
// other emails joined with "; ", the primary address's parts, company names, timestamps as
// toISOString writes them ...), so PostgreSQL does the flattening in C and the server only escapes
// and concatenates strings. Related rows (company links, source identifiers) are aggregated by one
// query per page for all its ids (= ANY, probed in index order), instead of a correlated subquery
// per row; flatSelect gives the whole list as one select for a COPY (copy.ts), relations left-joined
// to their aggregates. The where clause is the list services' own (platform/list-scope.ts:
// visibility, filters, keyset order). Tests compare this path's output with the list API's.
import { and, eq, SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Queryable } from '../db/client.ts';
import { qualified, rowsOf, uuidArray } from '../db/sql.ts';
import { contacts } from '../contacts/tables.ts';
import { contactFieldMap } from '../contacts/data.ts';
import { companies } from '../companies/tables.ts';
import { companyFieldMap } from '../companies/data.ts';
import type { FieldMap, SortPlan } from '../platform/list.ts';
import { companyColumns, contactColumns, type Column } from './columns.ts';
import { isoSql } from '../contacts/json-presenter.ts';

const raw = sql.raw;
const joined = (col: SQL) => sql`array_to_string(${col}, '; ')`;

/** The first element an array of {primary} objects marks primary (jsonpath, evaluated in C). */
const primaryElement = (col: SQL) => sql`jsonb_path_query_first(${col}, '$[*] ? (@.primary == true)')`;
/**
 * The primary element, else the first (columns.ts primaryOf): of an array of one (most records'
 * addresses) that one, without the jsonpath, which matters as each address cell reads it again.
 */
const primaryOrFirst = (col: SQL) => sql`case when jsonb_array_length(${col}) < 2 then ${col} -> 0 else coalesce(${primaryElement(col)}, ${col} -> 0) end`;
/**
 * A key of every element not marked primary, joined with "; " in array order (columns.ts others).
 * Arrays of one or two elements (nearly every contact's emails and phones) are read by position,
 * which costs a fraction of the subquery over the elements that longer arrays take: concat_ws
 * skips nulls as string_agg does (both elements skipped gives '' where string_agg gives null: the
 * same empty cell).
 */
const othersJoined = (col: SQL, key: string) => {
  const other = (n: number) => sql`case when not coalesce((${col} -> ${raw(String(n))} ->> 'primary')::boolean, false) then ${col} -> ${raw(String(n))} ->> ${raw(`'${key}'`)} end`;
  return sql`case jsonb_array_length(${col}) when 0 then null when 1 then ${other(0)} when 2 then concat_ws('; ', ${other(0)}, ${other(1)})
    else (select string_agg(e.v ->> ${raw(`'${key}'`)}, '; ' order by e.n)
      from jsonb_array_elements(${col}) with ordinality e(v, n) where not coalesce((e.v ->> 'primary')::boolean, false)) end`;
};

/** The primary address's parts, read from the lateral row `pa(a)`. */
const addressParts: Record<string, string> = {
  Street: 'line1', 'Street 2': 'line2', City: 'city', Region: 'region', 'Postal Code': 'postalCode', Country: 'country',
};
const addressCells = () => Object.fromEntries(Object.entries(addressParts).map(([header, key]) => [header, raw(`(pa.a ->> '${key}')`)]));

export interface FlatSpec {
  table: PgTable;
  idColumn: PgColumn;
  tenantColumn: PgColumn;
  ownership: { id: PgColumn; ownerId: PgColumn; teamId: PgColumn };
  fields: FieldMap;
  entity: 'contact' | 'company';
  plural: string;
  columns: Array<Column<never>>;
  /** Header -> the cell's text (null for an empty cell). */
  cells: Record<string, Cell>;
  /** The lateral join giving the primary address `pa.a`, which the address cells read. */
  addressLateral: SQL;
}

/**
 * A cell: an expression over the row, or an aggregate of related rows computed for a whole page
 * (`relation(tenant, ids)` selects (id, v) for the page's ids, one row per id that has any; with
 * ids null, for every id of the tenant).
 */
export type Cell = SQL | { relation: (tenant: SQL, ids: SQL | null) => SQL };

/** `and <column> = any(ids)` when ids are given. */
const amongIds = (column: string, ids: SQL | null) => (ids ? sql` and ${raw(column)} = any(${ids})` : sql``);

/** Names of a contact's or company's source identifiers as system:externalId, joined with "; ". */
const sourceIdsOf = (owner: 'contact_id' | 'company_id') => ({
  relation: (tenant: SQL, ids: SQL | null) => sql`select s.${raw(owner)} as id, string_agg(s.system || ':' || s.external_id, '; ' order by s.system, s.external_id) as v
    from source_identifiers s where s.tenant_id = ${tenant}${amongIds(`s.${owner}`, ids)} group by 1`,
});

const C = {
  T: qualified(contacts.tenantId), ID: qualified(contacts.id),
  col: (c: PgColumn) => qualified(c),
};

const contactCells: Record<string, Cell> = {
  'Rapport ID': sql`${C.ID}::text`,
  Prefix: C.col(contacts.prefix),
  'First Name': C.col(contacts.givenName),
  'Middle Name': C.col(contacts.middleName),
  'Last Name': C.col(contacts.familyName),
  Suffix: C.col(contacts.suffix),
  'Display Name': C.col(contacts.displayName),
  'Job Title': C.col(contacts.jobTitle),
  'Lifecycle Stage': C.col(contacts.lifecycleStage),
  Tier: C.col(contacts.tier),
  Email: sql`(${primaryElement(C.col(contacts.emails))} ->> 'address')`,
  'Other Emails': othersJoined(C.col(contacts.emails), 'address'),
  Phone: sql`(${primaryElement(C.col(contacts.phones))} ->> 'number')`,
  'Other Phones': othersJoined(C.col(contacts.phones), 'number'),
  ...addressCells(),
  'Birth Date': sql`${C.col(contacts.birthDate)}::text`,
  Companies: {
    relation: (tenant, ids) => sql`select l.contact_id as id, string_agg(co.name, '; ' order by l.is_primary desc, co.name) as v
      from contact_companies l join companies co on co.tenant_id = l.tenant_id and co.id = l.company_id
      where l.tenant_id = ${tenant}${amongIds('l.contact_id', ids)} group by 1`,
  },
  Tags: joined(C.col(contacts.tags)),
  'Source Identifiers': sourceIdsOf('contact_id'),
  'Owner ID': sql`${C.col(contacts.ownerId)}::text`,
  'Team ID': sql`${C.col(contacts.teamId)}::text`,
  'Created At': isoSql(C.col(contacts.createdAt)),
  'Updated At': isoSql(C.col(contacts.updatedAt)),
};

/** What a vCard needs, as text (JSON for the lists); birthDate only for roles that may see it. */
export const vcardCells: Record<string, Cell> = {
  id: sql`${C.ID}::text`,
  displayName: C.col(contacts.displayName),
  familyName: C.col(contacts.familyName), givenName: C.col(contacts.givenName), middleName: C.col(contacts.middleName),
  prefix: C.col(contacts.prefix), suffix: C.col(contacts.suffix),
  jobTitle: C.col(contacts.jobTitle),
  birthDate: contactCells['Birth Date']!,
  emails: sql`${C.col(contacts.emails)}::text`,
  phones: sql`${C.col(contacts.phones)}::text`,
  addresses: sql`${C.col(contacts.addresses)}::text`,
  companies: {
    relation: (tenant, ids) => sql`select l.contact_id as id, json_agg(json_build_object('name', co.name) order by l.is_primary desc, co.name)::text as v
      from contact_companies l join companies co on co.tenant_id = l.tenant_id and co.id = l.company_id
      where l.tenant_id = ${tenant}${amongIds('l.contact_id', ids)} group by 1`,
  },
  tags: sql`array_to_json(${C.col(contacts.tags)})::text`,
  sourceIdentifiers: {
    relation: (tenant, ids) => sql`select s.contact_id as id, json_agg(json_build_object('system', s.system, 'externalId', s.external_id) order by s.system, s.external_id)::text as v
      from source_identifiers s where s.tenant_id = ${tenant}${amongIds('s.contact_id', ids)} group by 1`,
  },
  updatedAt: contactCells['Updated At']!,
};

const K = { T: qualified(companies.tenantId), ID: qualified(companies.id), col: (c: PgColumn) => qualified(c) };
const companyCells: Record<string, Cell> = {
  'Rapport ID': sql`${K.ID}::text`,
  Name: K.col(companies.name),
  Domain: sql`${K.col(companies.domain)}::text`,
  Website: K.col(companies.website),
  Industry: K.col(companies.industry),
  'Number of Employees': sql`${K.col(companies.size)}::text`,
  Description: K.col(companies.description),
  Phone: sql`(${primaryOrFirst(K.col(companies.phones))} ->> 'number')`,
  'Other Phones': othersJoined(K.col(companies.phones), 'number'),
  ...addressCells(),
  Tags: joined(K.col(companies.tags)),
  'Source Identifiers': sourceIdsOf('company_id'),
  'Owner ID': sql`${K.col(companies.ownerId)}::text`,
  'Team ID': sql`${K.col(companies.teamId)}::text`,
  'Created At': isoSql(K.col(companies.createdAt)),
  'Updated At': isoSql(K.col(companies.updatedAt)),
};

function checked(columns: Array<Column<never>>, cells: Record<string, Cell>, what: string) {
  const missing = columns.filter((c) => !cells[c.header]).map((c) => c.header);
  if (missing.length) throw new Error(`exports/flat.ts: no SQL cell for the ${what} columns ${missing.join(', ')}`);
  return cells;
}

export const flatSpecs = {
  contacts: {
    table: contacts, idColumn: contacts.id, tenantColumn: contacts.tenantId, ownership: contacts, fields: contactFieldMap, entity: 'contact', plural: 'contacts',
    columns: contactColumns as Array<Column<never>>,
    cells: checked(contactColumns as Array<Column<never>>, contactCells, 'contact'),
    addressLateral: sql`cross join lateral (select ${primaryOrFirst(C.col(contacts.addresses))} as a) pa`,
  },
  companies: {
    table: companies, idColumn: companies.id, tenantColumn: companies.tenantId, ownership: companies, fields: companyFieldMap, entity: 'company', plural: 'companies',
    columns: companyColumns as Array<Column<never>>,
    cells: checked(companyColumns as Array<Column<never>>, companyCells, 'company'),
    addressLateral: sql`cross join lateral (select ${primaryOrFirst(K.col(companies.addresses))} as a) pa`,
  },
} satisfies Record<string, FlatSpec>;

export type FlatRow = Record<string, string | null>;

/**
 * One keyset page: the sort key (as text, exact for the next page's keyset condition) in `k`, the
 * id in `i`, the cells' texts as c0, c1 ... in the order given (named by CSV header or vCard key).
 * `where` is the
 * visibility, filters and keyset condition the caller built. The page is one plain keyset select;
 * each relation cell is then one aggregate query over the page's ids (= ANY), merged by id.
 */
export async function flatPage(
  q: Queryable, spec: FlatSpec, tenantId: string, cells: ReadonlyArray<readonly [string, Cell]>, plan: SortPlan, where: SQL | undefined, order: SQL[], limit: number,
): Promise<FlatRow[]> {
  const rows = await rowsOf<FlatRow>(q, flatQuery(spec, tenantId, cells, plan, where, order, limit));
  return withRelations(q, tenantId, cells, rows);
}

/** The select of flatPage, every matching row when `limit` is omitted (for a cursor). */
export function flatQuery(
  spec: FlatSpec, tenantId: string, cells: ReadonlyArray<readonly [string, Cell]>, plan: SortPlan, where: SQL | undefined, order: SQL[], limit?: number,
): SQL {
  const selected = cells.flatMap(([, cell], n) => (cell instanceof SQL ? [sql`, ${cell} as ${raw(`c${n}`)}`] : []));
  const needsAddress = cells.some(([name]) => name in addressParts);
  return sql`select ${plan.column}::text as k, ${qualified(spec.idColumn)}::text as i${sql.join(selected)}
    from ${spec.table} ${needsAddress ? spec.addressLateral : sql``}
    where ${and(eq(spec.tenantColumn, tenantId), where)}
    order by ${sql.join(order, sql`, `)}${limit === undefined ? sql`` : sql` limit ${limit}`}`;
}

/** Fills the relation cells of a page's rows: one aggregate query per relation over the page's ids. */
export async function withRelations(q: Queryable, tenantId: string, cells: ReadonlyArray<readonly [string, Cell]>, rows: FlatRow[]): Promise<FlatRow[]> {
  if (rows.length === 0) return rows;
  const ids = uuidArray(rows.map((r) => r.i!));
  for (const [n, [, cell]] of cells.entries()) {
    if (cell instanceof SQL) continue;
    const key = `c${n}`;
    const found = await rowsOf<{ id: string; v: string | null }>(q, sql`select r.id::text as id, r.v from (${cell.relation(sql`${tenantId}::uuid`, ids)}) r`);
    const byId = new Map(found.map((f) => [f.id, f.v]));
    for (const row of rows) row[key] = byId.get(row.i!) ?? null;
  }
  return rows;
}

/**
 * Every matching row's cells as c0, c1 ... in list order, in one select (the COPY path). Relation
 * cells are left joins to their aggregate over the whole tenant (one hash join each), which for a
 * full export costs a fraction of a correlated lookup per row.
 */
export function flatSelect(
  spec: FlatSpec, tenantId: string, cells: ReadonlyArray<readonly [string, Cell]>, where: SQL | undefined, order: SQL[],
): SQL {
  return sql`${flatRows(spec, tenantId, cells, where, [])}
    order by ${sql.join(order, sql`, `)}`;
}

/**
 * flatSelect unsorted, with the list order's keys as k0 (the sort column) and k1 (the id) before
 * the cells: for a caller that turns each row into something narrower first and sorts that
 * (csvCopySql sorts finished lines, not every cell).
 */
export function flatSelectKeyed(
  spec: FlatSpec, tenantId: string, cells: ReadonlyArray<readonly [string, Cell]>, where: SQL | undefined, plan: SortPlan,
): SQL {
  return flatRows(spec, tenantId, cells, where, [sql`${plan.column} as k0`, sql`${qualified(spec.idColumn)} as k1`]);
}

function flatRows(spec: FlatSpec, tenantId: string, cells: ReadonlyArray<readonly [string, Cell]>, where: SQL | undefined, keys: SQL[]): SQL {
  const tenant = sql`${tenantId}::uuid`;
  const joins: SQL[] = [];
  const selected = cells.map(([, cell], n) => {
    if (cell instanceof SQL) return sql`${cell} as ${raw(`c${n}`)}`;
    joins.push(sql` left join (${cell.relation(tenant, null)}) ${raw(`r${n}`)} on ${raw(`r${n}`)}.id = ${qualified(spec.idColumn)}`);
    return sql`${raw(`r${n}.v`)} as ${raw(`c${n}`)}`;
  });
  const needsAddress = cells.some(([name]) => name in addressParts);
  return sql`select ${sql.join([...keys, ...selected], sql`, `)}
    from ${spec.table} ${needsAddress ? spec.addressLateral : sql``}${sql.join(joins)}
    where ${and(eq(spec.tenantColumn, tenantId), where)}`;
}

/** Cells whose text never needs CSV escaping (ids, dates, timestamps): the COPY path writes them as they are. */
export const plainCells: ReadonlySet<string> = new Set(['Rapport ID', 'Owner ID', 'Team ID', 'Birth Date', 'Created At', 'Updated At']);
/**
 * Cells that often need escaping, so the COPY path escapes them on their own rather than let them
 * send every row to its slow path: phone numbers start with +, a formula character, and lists joined
 * with "; " are quoted whenever they hold two values (a quarter of the bench's contacts have two tags).
 */
export const ownEscapeCells: ReadonlySet<string> = new Set(['Phone', 'Other Phones', 'Other Emails', 'Companies', 'Tags', 'Source Identifiers']);
