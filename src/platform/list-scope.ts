// The rows a list shows a caller, as SQL: the role's visibility (own, team's and shared records, or
// all), the list's filters (saved views are filters too) and the keyset order. The list services
// and the exports build their where clause here, so an export writes exactly the list's rows.
// Throws 403 for a role that may not list the resource and 422 for a bad filter, sort or cursor,
// before any query runs.
import { and, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { forbidden } from './errors.ts';
import { visibilityOf, type OwnedResource, type Principal } from './policy/index.ts';
import { visibilityPlaceholderSql, visibilitySql, visibilityValues, type OwnedColumns } from './policy/sql.ts';
import { cursorPlaceholderSql, cursorSql, decodeCursor, filtersShape, filtersSql, orderSql, sortPlan, type FieldMap, type ListParams, type SortPlan } from './list.ts';

export interface ListTarget {
  entity: OwnedResource;
  /** The list's plural noun, for the 403 detail. */
  plural: string;
  fields: FieldMap;
  ownership: OwnedColumns;
  idColumn: PgColumn;
}

export interface ListScope {
  plan: SortPlan;
  /** Visibility and filters (no keyset condition). */
  where: SQL | undefined;
  /** The keyset condition of params.cursor, if any. */
  after: SQL | undefined;
  order: SQL[];
}

export function listScope(principal: Principal, target: ListTarget, params: ListParams, scope?: SQL): ListScope {
  const visibility = visibilityOf(principal, target.entity);
  if (!visibility) throw forbidden(`Your role may not list ${target.plural}`);
  const plan = sortPlan(target.fields, params.sort);
  return {
    plan,
    where: and(scope, visibilitySql(visibility, target.ownership, target.entity), filtersSql(target.fields, params)),
    after: cursorSql(plan, target.idColumn, params.cursor),
    order: orderSql(plan, target.idColumn),
  };
}

/**
 * The same rows as listScope, as a statement to prepare once per shape: `where` (visibility,
 * filters and keyset condition) has placeholders whose values are in `values` (with tenantId and
 * limit for the caller's query), and `key` names everything that shapes the SQL text: visibility
 * kind, sort, cursor presence and each filter's field, operator and arity, never a value. Checks
 * and errors are listScope's.
 */
export interface ListShape {
  plan: SortPlan;
  key: string;
  where: SQL | undefined;
  order: SQL[];
  values: Record<string, unknown>;
}

export function listShape(principal: Principal, target: ListTarget, params: ListParams): ListShape {
  const visibility = visibilityOf(principal, target.entity);
  if (!visibility) throw forbidden(`Your role may not list ${target.plural}`);
  const plan = sortPlan(target.fields, params.sort);
  const filters = filtersShape(target.fields, params);
  const cursor = params.cursor ? decodeCursor(params.cursor) : undefined;
  return {
    plan,
    key: `${visibility.kind}|${plan.field}|${plan.desc ? 'desc' : 'asc'}|${cursor ? 'after' : 'first'}|${filters.shape}`,
    where: and(
      visibilityPlaceholderSql(visibility, target.ownership, target.entity),
      filters.sql,
      cursor ? cursorPlaceholderSql(plan, target.idColumn) : undefined,
    ),
    order: orderSql(plan, target.idColumn),
    values: { ...visibilityValues(visibility), ...filters.values, ...(cursor ? { cursorSort: cursor.s, cursorId: cursor.i } : {}) },
  };
}
