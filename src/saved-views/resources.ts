// What a saved view may name for each resource: the list endpoint's filterable and sortable fields
// (its FieldMap) and its output fields as columns. Checking a view here, with the same functions the
// list endpoints use, means a saved view never stores a filter its list would refuse.
// The FieldMaps are declared in each domain's data module; they are pure declarations (no queries
// run from here), read so that the two can never drift apart.
import { AppError, type FieldError } from '../platform/errors.ts';
import { filtersSql, sortPlan, type FieldMap, type Filter } from '../platform/list.ts';
import { contactFieldMap } from '../contacts/data.ts';
import { companyFieldMap } from '../companies/data.ts';
import { interactionFieldMap } from '../interactions/data.ts';
import { contactOut } from '../contacts/schemas.ts';
import { companyOut } from '../companies/schemas.ts';
import { interactionOut } from '../interactions/schemas.ts';
import type { ViewResource } from './schemas.ts';
import { ageOps, checkAge, expandAge } from './age.ts';

interface ResourceSpec {
  fields: FieldMap;
  /**
   * Filters outside the FieldMap: interactions' contactId (the list endpoint filters it by
   * participant) and contacts' age (a view's own, turned into birthDate when used; age.ts).
   */
  extra: Record<string, { type: string; ops: readonly string[]; check: (f: Filter) => string | null }>;
  /** Output fields; a column may also be named after a filterable field (city, email). */
  columns: readonly string[];
  defaultSort: string;
}

// customFields itself is the jsonb column behind customFields.<key>; it is not a filter on its own.
const filterable = (fields: FieldMap) => Object.keys(fields).filter((f) => f !== 'customFields');

export const resourceSpecs: Record<ViewResource, ResourceSpec> = {
  contacts: { fields: contactFieldMap, extra: { age: { type: 'age', ops: ageOps, check: checkAge } }, columns: Object.keys(contactOut.shape), defaultSort: 'displayName' },
  companies: { fields: companyFieldMap, extra: {}, columns: Object.keys(companyOut.shape), defaultSort: 'name' },
  interactions: {
    fields: interactionFieldMap,
    extra: { contactId: { type: 'uuid', ops: ['eq', 'ne', 'in'], check: (f) => (f.value.split(',').every((v) => uuidRe.test(v.trim())) ? null : 'must be a UUID') } },
    columns: Object.keys(interactionOut.shape), defaultSort: '-occurredAt',
  },
};

const columnsOf = (spec: ResourceSpec) => [...new Set([...spec.columns, ...filterable(spec.fields)])];

/** The fields a client may offer in a filter builder and a column chooser. */
export function describeResource(resource: ViewResource) {
  const spec = resourceSpecs[resource];
  return {
    resource,
    fields: [
      ...filterable(spec.fields).map((field) => ({ field, type: spec.fields[field]!.type, sortable: spec.fields[field]!.sortable === true })),
      ...Object.entries(spec.extra).map(([field, e]) => ({ field, type: e.type, sortable: false })),
    ],
    columns: columnsOf(spec),
  };
}

const customKey = /^customFields\.[A-Za-z0-9_]+$/;
const uuidRe = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every problem with a view's filters, sort and columns, named by where it sits in the body. */
export function checkView(resource: ViewResource, view: { filters?: Filter[] | undefined; sort?: string | null | undefined; columns?: string[] | undefined }): FieldError[] {
  const spec = resourceSpecs[resource];
  const problems: FieldError[] = [];
  for (const [i, f] of (view.filters ?? []).entries()) {
    const extra = spec.extra[f.field];
    if (extra) {
      if (!extra.ops.includes(f.op)) problems.push({ field: `filters.${i}.op`, message: `${f.field} supports ${extra.ops.join(', ')}` });
      else {
        const problem = extra.check(f);
        if (problem) problems.push({ field: `filters.${i}.value`, message: `${f.field} ${problem}` });
      }
      continue;
    }
    if (f.field === 'customFields' || (!spec.fields[f.field] && !customKey.test(f.field))) {
      problems.push({ field: `filters.${i}.field`, message: `unknown field ${f.field} for ${resource}` });
      continue;
    }
    try {
      // Building the SQL runs the list endpoint's own operator and value checks.
      filtersSql(spec.fields, { filters: [f], match: 'all', limit: 1, sort: spec.defaultSort });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      problems.push({ field: `filters.${i}.value`, message: `${f.field}: ${err.errors[0]?.message ?? err.message}` });
    }
  }
  if (view.sort) {
    try {
      sortPlan(spec.fields, view.sort);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      problems.push({ field: 'sort', message: `cannot sort ${resource} by ${view.sort}; ${err.errors[0]?.message ?? ''}`.trim() });
    }
  }
  const columns = new Set(columnsOf(spec));
  for (const [i, c] of (view.columns ?? []).entries()) {
    if (!columns.has(c) && !customKey.test(c)) problems.push({ field: `columns.${i}`, message: `unknown column ${c} for ${resource}` });
  }
  return problems;
}

/** The list endpoint querystring a view stands for today (ages become birth dates). */
export function viewQuery(view: { filters: Filter[]; match: string; sort: string | null }, today = new Date()): string {
  const params = new URLSearchParams();
  for (const f of expandAge(view.filters, today)) params.append(`filter[${f.field}][${f.op}]`, f.value);
  if (view.filters.length > 1) params.set('match', view.match);
  if (view.sort) params.set('sort', view.sort);
  return params.toString();
}
