// Saved view rows as the API shows them, with the querystring they stand for and whether the
// caller may change them.
import type { Principal } from '../platform/policy/index.ts';
import { canEditView } from './access.ts';
import type { Operator } from '../platform/list.ts';
import type { ViewRow } from './data.ts';
import { viewQuery } from './resources.ts';
import type { ViewOut, ViewResource } from './schemas.ts';

export function presentView(p: Principal, r: ViewRow): ViewOut {
  const filters = r.filters.map((f) => ({ field: f.field, op: f.op as Operator, value: f.value }));
  return {
    id: r.id, resource: r.resource as ViewResource, name: r.name,
    ownerId: r.ownerId, visibility: r.visibility as ViewOut['visibility'], teamId: r.teamId,
    filters, match: r.match as 'all' | 'any', sort: r.sort, columns: r.columns,
    query: viewQuery({ filters, match: r.match, sort: r.sort }),
    editable: canEditView(p, r),
    createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(), version: r.version,
  };
}
