// The read path presented by PostgreSQL, shared by contacts and companies: a presenter written as
// SQL (each row's API JSON built by json_build_object, sensitive fields hidden by role, fields=
// applied), the prepared statements of a get by id and of a list page, and the list answer put
// together from the rows' JSON text without parsing it. contacts/presenter.ts (contactJsonSql) and
// companies/presenter.ts (companyJsonSql) give each resource's keys and values; json-presenter
// tests hold each equal to its JS presenter on both databases.
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable, SelectedFields } from 'drizzle-orm/pg-core';
import type { Queryable } from '../db/client.ts';
import { preparedShape, type Executable } from '../db/prepared.ts';
import { readInTenant, type Ctx } from '../platform/context.ts';
import { page, selectFields, type ListParams } from '../platform/list.ts';
import { listShape, type ListShape, type ListTarget } from '../platform/list-scope.ts';
import { canViewField, sensitiveFields, type OwnedResource, type Principal, type Visibility } from '../platform/policy/index.ts';
import { visibilityPlaceholderSql, visibilityValues } from '../platform/policy/sql.ts';

/** JSON text built by PostgreSQL is sent as is (Fastify does not serialise a string of this type). */
export const JSON_TYPE = 'application/json; charset=utf-8';

/** A timestamp as Date.prototype.toISOString() writes it (UTC, milliseconds truncated like new Date()). */
export const isoSql = (column: SQL | PgColumn) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** One presentation: `key` names it (what is hidden, which fields), `sql` is the row's JSON as text. */
export interface JsonVariant { key: string; sql: SQL }

const MAX_VARIANTS = 256;

/**
 * A JS presenter as SQL for one resource. `keys` are the presenter's keys in its order;
 * `entries(relations, hidden)` gives each key's SQL value, where `hidden` lists the sensitive
 * fields the caller's role may not see (policy/index.ts), which are left out as the presenter
 * leaves them out. The returned function gives the variant for a caller and a field selection
 * (`fields` keeps only those, and id, as selectFields does). The SQL text depends on the key
 * alone, so a variant is built once and kept (up to MAX_VARIANTS per relations object): a hot
 * read names its variant and reuses the SQL, never rebuilding every fragment.
 */
export function jsonPresenterSql<K extends string, R extends object>(
  resource: OwnedResource, keys: readonly K[], entries: (relations: R, hidden: readonly string[]) => Record<K, SQL>,
): (p: Principal, fields: string[] | undefined, relations: R) => JsonVariant {
  const variants = new WeakMap<R, Map<string, JsonVariant>>();
  return (p, fields, relations) => {
    const hidden = (sensitiveFields[resource] ?? []).filter((f) => !canViewField(p, resource, f));
    let shown: string[] = keys.filter((k) => !hidden.includes(k));
    if (fields) {
      const offered = new Set(shown);
      shown = ['id', ...new Set(fields.filter((f) => f !== 'id' && offered.has(f)))];
    }
    const key = `${hidden.join(',')}|${fields ? shown.join(',') : '*'}`;
    let built = variants.get(relations);
    if (!built) variants.set(relations, (built = new Map()));
    const hit = built.get(key);
    if (hit) return hit;
    const values = entries(relations, hidden);
    const args = sql.join(shown.map((k) => sql`'${sql.raw(k)}', ${values[k as K]}`), sql`, `);
    const variant = { key, sql: sql`json_build_object(${args})::text` };
    if (built.size < MAX_VARIANTS) built.set(key, variant);
    return variant;
  };
}

/** A tenant table whose rows are owned (visibility) and read by id. */
export type RecordTable = PgTable & { tenantId: PgColumn; id: PgColumn; ownerId: PgColumn; teamId: PgColumn; version: PgColumn };

/** The select of one row of `table` by id if the caller may see it: placeholders tenantId, id and visibilityValues(v). */
export function visibleByIdSelect(q: Queryable, table: RecordTable, entity: OwnedResource, v: Visibility, columns: SelectedFields) {
  return q.select(columns)
    .from(table as PgTable)
    .where(and(eq(table.tenantId, sql.placeholder('tenantId')), eq(table.id, sql.placeholder('id')), visibilityPlaceholderSql(v, table, entity)))
    .limit(1);
}

/** The select of a get by id presented by PostgreSQL (its version for the ETag and JSON text), built on demand. */
export function jsonByIdQuery(q: Queryable, table: RecordTable, entity: OwnedResource, v: Visibility, json: JsonVariant) {
  return {
    key: `${v.kind}|${json.key}`,
    build: () => visibleByIdSelect(q, table, entity, v, { version: table.version, j: sql<string>`${json.sql}` }),
  };
}

/** Runs a jsonByIdQuery, prepared once per connection and key in `family`: the version and JSON text, or undefined when not visible. */
export async function visibleJsonById(q: Queryable, family: string, query: ReturnType<typeof jsonByIdQuery>, tenantId: string, id: string, v: Visibility): Promise<{ version: number; j: string } | undefined> {
  const statement = preparedShape<{ version: number; j: string }>(q, family, query.key, (name) => query.build().prepare(name) as unknown as Executable<{ version: number; j: string }>)!;
  const [row] = await statement.execute({ tenantId, id, ...visibilityValues(v) });
  return row;
}

/**
 * One list page of `columns` from `table` in the shape's order, at most `limit` rows, prepared once
 * per connection, family, key and limit (undefined past the cap). The limit is written into the
 * SQL, not bound: with `limit $n` PostgreSQL's generic plan must guess the row count, and at a
 * million rows it guesses a plan hundreds of times slower than the index walk, so it plans every
 * execution anew instead, which for a presented page costs more than running it. With a constant
 * it keeps the generic plan after five executions (clients use a handful of page sizes).
 */
export function shapedPage<R>(q: Queryable, table: RecordTable, family: string, key: string, shape: ListShape, columns: SelectedFields, limit: number) {
  const rows = Math.trunc(limit);
  if (!(rows >= 1)) throw new Error(`shapedPage: limit ${limit} is not a positive integer`);
  return preparedShape<R>(q, family, `${key}|${rows}`, (name) =>
    q.select(columns)
      .from(table as PgTable)
      .where(and(eq(table.tenantId, sql.placeholder('tenantId')), shape.where))
      .orderBy(...shape.order)
      .limit(sql.raw(String(rows)) as unknown as number)
      .prepare(name) as unknown as Executable<R>);
}

/** A page of records as API JSON: each row's id, sort value and JSON text. */
export interface JsonRow { id: string; s: unknown; j: string }

/**
 * A list page with each row presented by PostgreSQL (`json`), prepared once per connection, list
 * shape and presentation. The sort value `s` is what the row's presented sort field holds
 * (timestamps as ISO strings), for the next cursor. Undefined past the family's cap.
 */
export async function jsonPage(q: Queryable, table: RecordTable, family: string, tenantId: string, shape: ListShape, json: JsonVariant, limit: number): Promise<JsonRow[] | undefined> {
  const statement = shapedPage<JsonRow>(q, table, family, `${shape.key}|${json.key}`, shape,
    { id: table.id, s: shape.plan.type === 'timestamp' ? isoSql(shape.plan.column) : sql`${shape.plan.column}`, j: sql<string>`${json.sql}` }, limit);
  if (!statement) return undefined;
  return statement.execute({ ...shape.values, tenantId });
}

/**
 * The reads of one resource presented by PostgreSQL with `json` (its presenter as SQL) over
 * `relations` (its related rows as SQL): `page`, a list page (jsonPage, family
 * `<entity>_list_json`); `byIdQuery`, the select of a get by id (also the raw limit's SQL in
 * bench/raw-server.ts); `byId`, that get prepared once per connection and presentation (family
 * `<entity>_get_json`): the version for the ETag and the JSON text, or undefined when not visible.
 */
export function jsonReads<R extends object>(table: RecordTable, entity: OwnedResource, json: (p: Principal, fields: string[] | undefined, relations: R) => JsonVariant, relations: R) {
  const byIdQuery = (q: Queryable, v: Visibility, p: Principal) => jsonByIdQuery(q, table, entity, v, json(p, undefined, relations));
  return {
    page: (q: Queryable, tenantId: string, shape: ListShape, p: Principal, fields: string[] | undefined, limit: number) =>
      jsonPage(q, table, `${entity}_list_json`, tenantId, shape, json(p, fields, relations), limit),
    byIdQuery,
    byId: (q: Queryable, tenantId: string, id: string, v: Visibility, p: Principal) => visibleJsonById(q, `${entity}_get_json`, byIdQuery(q, v, p), tenantId, id, v),
  };
}

/**
 * A list answer `{"data":[...],"nextCursor":...}` as text: `read` gives the page (limit + 1 rows)
 * presented by PostgreSQL for the list's shape (listShape: 403 and 422 before any query), and
 * the rows' JSON is joined as written. A shape past the prepared statements' cap (`read` answers
 * undefined) is answered by `fallback`, the JS presenter's list, with selectFields applied.
 */
export async function listJson(
  ctx: Ctx, target: ListTarget, params: ListParams,
  read: (q: Queryable, shape: ListShape, limit: number) => Promise<JsonRow[] | undefined>,
  fallback: (ctx: Ctx, params: ListParams) => Promise<{ data: Array<{ id: string }>; nextCursor: string | null }>,
): Promise<string> {
  const shape = listShape(ctx.principal, target, params);
  const rows = await readInTenant(ctx, (q) => read(q, shape, params.limit + 1));
  if (!rows) {
    const result = await fallback(ctx, params);
    return JSON.stringify(params.fields ? { ...result, data: result.data.map((r) => selectFields(r, params.fields)) } : result);
  }
  const { data, nextCursor } = page(rows, params.limit, (r) => r.s);
  let json = '{"data":[';
  for (let i = 0; i < data.length; i++) json += (i ? ',' : '') + data[i]!.j;
  return `${json}],"nextCursor":${JSON.stringify(nextCursor)}}`;
}
