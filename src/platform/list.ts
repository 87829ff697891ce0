// Generic list queries: filters on any declared field (and custom fields), sort, keyset cursor and
// field selection. Each resource declares its fields once; routes and data layers share this.
import { and, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { AppError, invalid } from './errors.ts';
import { arrayLiteral } from '../db/sql.ts';

export type FieldType = 'text' | 'number' | 'timestamp' | 'date' | 'boolean' | 'uuid' | 'array';
export interface FieldSpec {
  column: PgColumn | SQL;
  type: FieldType;
  sortable?: boolean;
}
export type FieldMap = Record<string, FieldSpec>;

/** The fields every owned record shares: id, owner, team, creator and timestamps. */
export function ownedFieldMap(t: { id: PgColumn; ownerId: PgColumn; teamId: PgColumn; createdBy: PgColumn; createdAt: PgColumn; updatedAt: PgColumn }): FieldMap {
  return {
    id: { column: t.id, type: 'uuid' },
    ownerId: { column: t.ownerId, type: 'uuid' },
    teamId: { column: t.teamId, type: 'uuid' },
    createdBy: { column: t.createdBy, type: 'uuid' },
    createdAt: { column: t.createdAt, type: 'timestamp', sortable: true },
    updatedAt: { column: t.updatedAt, type: 'timestamp', sortable: true },
  };
}

export const operators = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'contains', 'isNull'] as const;
export type Operator = (typeof operators)[number];

export interface Filter {
  field: string;
  op: Operator;
  value: string;
}

export interface ListParams {
  limit: number;
  cursor?: string | undefined;
  sort: string;
  fields?: string[] | undefined;
  filters: Filter[];
  match: 'all' | 'any';
}

export const listQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(500).optional(),
    sort: z.string().max(64).optional().describe('Field to sort by; prefix with - for descending.'),
    fields: z.string().max(1000).optional().describe('Comma-separated fields to return (id is always returned).'),
    match: z.enum(['all', 'any']).default('all').describe('Combine filters with and (all) or or (any).'),
  })
  .catchall(z.union([z.string(), z.array(z.string())]))
  .describe(
    'Filters: filter[field]=value (eq) or filter[field][op]=value with op one of eq, ne, lt, lte, gt, gte, in (comma-separated), contains, isNull (true/false). Custom fields as filter[customFields.key].',
  );

const filterKey = /^filter\[([A-Za-z0-9_.]+)\](?:\[([A-Za-z]+)\])?$/;

/** Reads filter[...] keys out of a parsed querystring. */
export function parseListParams(query: Record<string, unknown>, defaultSort: string): ListParams {
  const filters: Filter[] = [];
  for (const [key, raw] of Object.entries(query)) {
    const m = filterKey.exec(key);
    if (!m) continue;
    const op = (m[2] ?? 'eq') as Operator;
    if (!operators.includes(op)) throw invalid(key, `unknown operator ${op}; use one of ${operators.join(', ')}`);
    for (const value of Array.isArray(raw) ? raw : [raw]) filters.push({ field: m[1]!, op, value: String(value) });
  }
  const q = query as { limit?: number; cursor?: string; sort?: string; fields?: string; match?: 'all' | 'any' };
  return {
    limit: q.limit ?? 50,
    cursor: q.cursor,
    sort: q.sort ?? defaultSort,
    fields: q.fields ? q.fields.split(',').map((f) => f.trim()).filter(Boolean) : undefined,
    filters,
    match: q.match ?? 'all',
  };
}

function coerce(field: string, type: FieldType, value: string): unknown {
  switch (type) {
    case 'number': {
      const n = Number(value);
      if (!Number.isFinite(n)) throw invalid(`filter[${field}]`, 'must be a number');
      return n;
    }
    case 'timestamp':
    case 'date':
      if (Number.isNaN(Date.parse(value))) throw invalid(`filter[${field}]`, 'must be an ISO 8601 date');
      return value;
    case 'boolean':
      if (value !== 'true' && value !== 'false') throw invalid(`filter[${field}]`, 'must be true or false');
      return value === 'true';
    case 'uuid':
      if (!/^[0-9a-f-]{36}$/i.test(value)) throw invalid(`filter[${field}]`, 'must be a UUID');
      return value;
    case 'text':
    case 'array':
      return value;
  }
}

const castOf: Record<FieldType, string> = {
  text: 'text', number: 'numeric', timestamp: 'timestamptz', date: 'date', boolean: 'boolean', uuid: 'uuid', array: 'text',
};

/**
 * How a filter's values reach the SQL: bound in place (a query built per request), or as
 * placeholders of a statement prepared once per filter shape (see listShape).
 */
export type Bind = (value: unknown) => SQL;
const inline: Bind = (value) => sql`${value}`;

function resolveField(fields: FieldMap, field: string, bind: Bind): FieldSpec & { key: string } {
  const spec = fields[field];
  if (spec) return { ...spec, key: field };
  const custom = /^customFields\.([A-Za-z0-9_]+)$/.exec(field);
  const cf = fields['customFields'];
  if (custom && cf) {
    return { column: sql`(${cf.column} ->> ${bind(custom[1]!)})`, type: 'text', key: 'customFields.*' };
  }
  throw invalid(`filter[${field}]`, 'unknown field');
}

/**
 * One filter as SQL, and its shape: everything about it that changes the SQL text (field, operator,
 * how many values, null or not null), none of its values.
 */
function condition(fields: FieldMap, f: Filter, bind: Bind): { sql: SQL; shape: string } {
  const spec = resolveField(fields, f.field, bind);
  const col = spec.column;
  const type = spec.type;
  // A custom field compared with a number compares as a number.
  const numericCustom = f.field.startsWith('customFields.') && /^-?\d+(\.\d+)?$/.test(f.value) && ['lt', 'lte', 'gt', 'gte'].includes(f.op);
  const lhs = numericCustom ? sql`(${col})::numeric` : col;
  const val = (v: string) => (numericCustom ? Number(v) : coerce(f.field, type, v));
  const cast = sql.raw(numericCustom ? 'numeric' : castOf[type]);
  const shape = (extra = '') => ({ shape: `${spec.key}:${f.op}${numericCustom ? ':n' : ''}${extra}` });
  const array = (values: string[]) => sql`${bind(arrayLiteral(values))}::text[]`;
  if (type === 'array') {
    switch (f.op) {
      case 'eq':
      case 'contains':
        return { sql: sql`${col} @> ${array([f.value])}`, ...shape() };
      case 'ne':
        return { sql: sql`not (${col} @> ${array([f.value])})`, ...shape() };
      case 'in':
        return { sql: sql`${col} && ${array(f.value.split(',').map((s) => s.trim()))}`, ...shape() };
      case 'isNull': {
        const isNull = coerce(f.field, 'boolean', f.value);
        return { sql: isNull ? sql`cardinality(${col}) = 0` : sql`cardinality(${col}) > 0`, ...shape(`:${String(isNull)}`) };
      }
      default:
        throw invalid(`filter[${f.field}]`, `operator ${f.op} does not apply to a list field`);
    }
  }
  switch (f.op) {
    case 'eq':
      return { sql: sql`${lhs} = ${bind(val(f.value))}::${cast}`, ...shape() };
    case 'ne':
      return { sql: sql`${lhs} is distinct from ${bind(val(f.value))}::${cast}`, ...shape() };
    case 'lt':
      return { sql: sql`${lhs} < ${bind(val(f.value))}::${cast}`, ...shape() };
    case 'lte':
      return { sql: sql`${lhs} <= ${bind(val(f.value))}::${cast}`, ...shape() };
    case 'gt':
      return { sql: sql`${lhs} > ${bind(val(f.value))}::${cast}`, ...shape() };
    case 'gte':
      return { sql: sql`${lhs} >= ${bind(val(f.value))}::${cast}`, ...shape() };
    case 'in': {
      const values = f.value.split(',').map((v) => val(v.trim()));
      return { sql: sql`${lhs} in (${sql.join(values.map((v) => sql`${bind(v)}::${cast}`), sql`, `)})`, ...shape(`:${values.length}`) };
    }
    case 'contains':
      if (type !== 'text') throw invalid(`filter[${f.field}]`, 'contains applies to text fields');
      return { sql: sql`${col}::text ilike ${bind('%' + f.value.replace(/[\\%_]/g, (c) => '\\' + c) + '%')}`, ...shape() };
    case 'isNull': {
      const isNull = coerce(f.field, 'boolean', f.value);
      return { sql: isNull ? sql`${col} is null` : sql`${col} is not null`, ...shape(`:${String(isNull)}`) };
    }
  }
}

export function filtersSql(fields: FieldMap, params: ListParams): SQL | undefined {
  if (params.filters.length === 0) return undefined;
  const parts = params.filters.map((f) => condition(fields, f, inline).sql);
  return params.match === 'any' ? or(...parts) : and(...parts);
}

/**
 * The filters with placeholders f0, f1, ... for their values (in `values`), and their shape: two
 * lists with the same shape have the same SQL text, so one prepared statement serves both.
 */
export function filtersShape(fields: FieldMap, params: ListParams): { sql: SQL | undefined; shape: string; values: Record<string, unknown> } {
  if (params.filters.length === 0) return { sql: undefined, shape: '', values: {} };
  const values: Record<string, unknown> = {};
  let k = 0;
  const bind: Bind = (value) => {
    const name = `f${k++}`;
    values[name] = value;
    return sql.placeholder(name) as unknown as SQL;
  };
  const parts = params.filters.map((f) => condition(fields, f, bind));
  const shape = `${params.match}(${parts.map((p) => p.shape).join(',')})`;
  const joined = params.match === 'any' ? or(...parts.map((p) => p.sql)) : and(...parts.map((p) => p.sql));
  return { sql: joined, shape, values };
}

export interface CursorValue {
  s: unknown;
  i: string;
}

export const encodeCursor = (s: unknown, i: string) => Buffer.from(JSON.stringify({ s, i })).toString('base64url');

export function decodeCursor(cursor: string): CursorValue {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorValue;
    if (typeof v.i !== 'string') throw new Error('bad cursor');
    return v;
  } catch {
    throw invalid('cursor', 'is not a cursor this API issued');
  }
}

export interface SortPlan {
  field: string;
  column: PgColumn | SQL;
  type: FieldType;
  desc: boolean;
}

export function sortPlan(fields: FieldMap, sort: string): SortPlan {
  const desc = sort.startsWith('-');
  const field = desc ? sort.slice(1) : sort;
  const spec = fields[field];
  if (!spec?.sortable) {
    const allowed = Object.entries(fields).filter(([, s]) => s.sortable).map(([k]) => k);
    throw new AppError('validation_failed', 422, `sort: cannot sort by ${field}`, [{ field: 'sort', message: `sortable fields: ${allowed.join(', ')}` }]);
  }
  return { field, column: spec.column, type: spec.type, desc };
}

/** The keyset condition: rows strictly after the cursor in (sort, id) order. */
export function cursorSql(plan: SortPlan, idColumn: PgColumn, cursor: string | undefined): SQL | undefined {
  if (!cursor) return undefined;
  const c = decodeCursor(cursor);
  const cast = sql.raw(castOf[plan.type]);
  return plan.desc
    ? sql`(${plan.column}, ${idColumn}) < (${c.s}::${cast}, ${c.i}::uuid)`
    : sql`(${plan.column}, ${idColumn}) > (${c.s}::${cast}, ${c.i}::uuid)`;
}

/** cursorSql with placeholders `cursorSort` and `cursorId`, for statements prepared once. */
export function cursorPlaceholderSql(plan: SortPlan, idColumn: PgColumn): SQL {
  const cast = sql.raw(castOf[plan.type]);
  const after = sql`(${sql.placeholder('cursorSort')}::${cast}, ${sql.placeholder('cursorId')}::uuid)`;
  return plan.desc ? sql`(${plan.column}, ${idColumn}) < ${after}` : sql`(${plan.column}, ${idColumn}) > ${after}`;
}

export function orderSql(plan: SortPlan, idColumn: PgColumn): SQL[] {
  return plan.desc ? [sql`${plan.column} desc`, sql`${idColumn} desc`] : [sql`${plan.column} asc`, sql`${idColumn} asc`];
}

/** Cuts a fetched page (limit + 1 rows) and computes the next cursor from the last row. */
export function page<T extends { id: string }>(rows: T[], limit: number, sortValue: (row: T) => unknown) {
  const hasMore = rows.length > limit;
  const data = hasMore ? rows.slice(0, limit) : rows;
  const last = data[data.length - 1];
  return { data, nextCursor: hasMore && last ? encodeCursor(sortValue(last), last.id) : null };
}

/** Keeps only the requested fields (and id) of a presented record. */
export function selectFields<T extends { id: string }>(record: T, fields: string[] | undefined): Partial<T> & { id: string } {
  if (!fields) return record;
  const out: Record<string, unknown> = { id: record.id };
  for (const f of fields) if (f in record) out[f] = (record as Record<string, unknown>)[f];
  return out as Partial<T> & { id: string };
}
