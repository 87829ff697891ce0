// The rows a list shows a caller, as SQL: the role's visibility (own, team's and shared records, or
// all), the list's filters (saved views are filters too) and the keyset order. The list services
// and the exports build their where clause here, so an export writes exactly the list's rows.
// Throws 403 for a role that may not list the resource and 422 for a bad filter, sort or cursor,
// before any query runs.
import { and, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { forbidden } from './errors.ts';
import { visibilityOf, type OwnedResource, type Principal } from './policy/index.ts';
import { visibilitySql, type OwnedColumns } from './policy/sql.ts';
import { cursorSql, filtersSql, orderSql, sortPlan, type FieldMap, type ListParams, type SortPlan } from './list.ts';

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
