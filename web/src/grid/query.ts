// The list endpoints' query language on the client: filters ({field, op, value}) combined with
// match=all|any, sort, field selection and the keyset cursor, written as the querystring
// src/platform/list.ts reads (filter[field][op]=value). Pure functions, tested alone.

export const operators = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'contains', 'isNull'] as const;
export type Operator = (typeof operators)[number];

export interface Filter {
  field: string;
  op: Operator;
  value: string;
}

export interface ListQuery {
  filters: Filter[];
  match: 'all' | 'any';
  sort: string | null;
}

/** A filter the user is still typing (no value yet) is not sent; isNull always has one. */
export const isComplete = (f: Filter) => f.field !== '' && f.value.trim() !== '';

/** filter[..][..], match and sort: what a saved view stores and an export repeats. */
export function queryParams(q: ListQuery): URLSearchParams {
  const p = new URLSearchParams();
  const filters = q.filters.filter(isComplete);
  for (const f of filters) p.append(`filter[${f.field}][${f.op}]`, f.value.trim());
  if (filters.length > 1) p.set('match', q.match);
  if (q.sort) p.set('sort', q.sort);
  return p;
}

/** One page's querystring: the view's params plus limit, cursor and the fields the columns need. */
export function pageQuery(q: ListQuery, opts: { limit: number; cursor?: string | null; fields?: readonly string[] }): string {
  const p = queryParams(q);
  p.set('limit', String(opts.limit));
  if (opts.fields?.length) p.set('fields', [...new Set(opts.fields)].join(','));
  if (opts.cursor) p.set('cursor', opts.cursor);
  return p.toString();
}

/** Which operators make sense for a field type (mirrors what the API accepts for each). */
export function operatorsFor(type: string): Operator[] {
  switch (type) {
    case 'text':
      return ['contains', 'eq', 'ne', 'in', 'isNull'];
    case 'number':
    case 'date':
    case 'timestamp':
      return ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'isNull'];
    case 'array':
      return ['contains', 'ne', 'in', 'isNull'];
    case 'boolean':
      return ['eq', 'isNull'];
    case 'uuid':
      return ['eq', 'ne', 'in', 'isNull'];
    case 'age':
      return ['gte', 'lte', 'gt', 'lt', 'isNull'];
    default:
      return ['eq', 'ne', 'contains', 'isNull'];
  }
}

export const operatorLabels: Record<Operator, string> = {
  eq: 'is', ne: 'is not', lt: 'less than', lte: 'at most', gt: 'more than', gte: 'at least',
  in: 'is one of', contains: 'contains', isNull: 'is empty',
};

const dateLabels: Partial<Record<Operator, string>> = { lt: 'before', lte: 'on or before', gt: 'after', gte: 'on or after' };

/** An operator in words that fit the field: dates come before and after, numbers are more or less. */
export const operatorLabel = (op: Operator, type: string) =>
  (type === 'date' || type === 'timestamp' ? dateLabels[op] : undefined) ?? operatorLabels[op];
