// Saved view use cases: list the views a user may see for a resource, get, create, change and
// delete. Filters, sort and columns are checked against the resource's list fields (422 naming the
// filter); sharing follows access.ts. Every change is audited and evented in its transaction.
import type { Tx } from '../db/client.ts';
import { and, eq } from 'drizzle-orm';
import { inTenant, readInTenant, type Ctx } from '../platform/context.ts';
import { AppError, forbidden, notFound, type FieldError } from '../platform/errors.ts';
import { uuidv7 } from '../platform/ids.ts';
import { appendAudit, diff } from '../platform/audit/service.ts';
import { emitEvents } from '../platform/outbox/service.ts';
import { rowProblem } from '../platform/bulk.ts';
import { canEditView, canSeeView, canShareWithTeam, canShareWithTenant, canUseViews } from './access.ts';
import { selectViews, teamExists, viewById, visibleToSql, type ViewRow } from './data.ts';
import { presentView } from './presenter.ts';
import { checkView } from './resources.ts';
import { savedViews } from './tables.ts';
import type { ViewCreate, ViewOut, ViewPatch, ViewResource } from './schemas.ts';

const allowResource = (ctx: Ctx, resource: ViewResource) => {
  if (!canUseViews(ctx.principal, resource)) throw forbidden(`Your role may not list ${resource}`);
};

const nameTaken = (name: string) =>
  new AppError('conflict', 409, `You already have a view named ${name}`, [{ field: 'name', message: `you already have a view named ${name}` }]);

function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = e.cause) if ((e as Error & { code?: string }).code === '23505') return true;
  return false;
}

const auditView = (r: ViewRow) => ({
  name: r.name, visibility: r.visibility, teamId: r.teamId, filters: r.filters, match: r.match, sort: r.sort, columns: r.columns,
});

type Shape = Pick<ViewRow, 'resource' | 'visibility' | 'teamId' | 'filters' | 'sort' | 'columns'>;

/** Every problem with a view about to be stored, or nothing. */
async function problemsOf(tx: Tx, ctx: Ctx, v: Shape): Promise<{ status: number; errors: FieldError[] }> {
  const errors = checkView(v.resource as ViewResource, { filters: v.filters as ViewCreate['filters'], sort: v.sort, columns: v.columns });
  if (v.visibility === 'team') {
    if (!v.teamId) errors.push({ field: 'teamId', message: 'is required when visibility is team' });
    else if (!(await teamExists(tx, ctx.tenantId, v.teamId))) errors.push({ field: 'teamId', message: 'no such team' });
    else if (!canShareWithTeam(ctx.principal, v.teamId)) return { status: 403, errors: [{ field: 'teamId', message: 'you may share views only with your own teams' }] };
  }
  if (v.visibility === 'tenant' && !canShareWithTenant(ctx.principal)) {
    return { status: 403, errors: [{ field: 'visibility', message: 'only admins and managers share views with everyone' }] };
  }
  return { status: 422, errors };
}

async function guard(tx: Tx, ctx: Ctx, v: Shape) {
  const { status, errors } = await problemsOf(tx, ctx, v);
  if (errors.length) throw rowProblem(status, errors);
}

async function record(tx: Tx, ctx: Ctx, action: string, id: string, before: ViewRow | null, after: ViewRow | null) {
  await appendAudit(tx, ctx.tenantId, ctx.actor, [{ action, entity: 'saved_view', entityId: id, changes: diff(before && auditView(before), after && auditView(after)) }]);
  await emitEvents(tx, ctx.tenantId, ctx.actor.id, [{ type: action, entity: 'saved_view', entityId: id, payload: after ? presentView(ctx.principal, after) : { id } }]);
}

async function writing<T>(name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(name);
    throw err;
  }
}

export async function listViews(ctx: Ctx, resource: ViewResource, all: boolean): Promise<ViewOut[]> {
  allowResource(ctx, resource);
  const everyone = all && ctx.principal.role === 'admin';
  const where = everyone ? undefined : visibleToSql(ctx.principal.userId, ctx.principal.teamIds);
  const rows = await readInTenant(ctx, (q) => selectViews(q, ctx.tenantId, resource, where));
  return rows.map((r) => presentView(ctx.principal, r));
}

/** The view if the caller sees it; 404 otherwise, so private views do not reveal they exist. */
async function visibleView(tx: Tx, ctx: Ctx, id: string, lock = false): Promise<ViewRow> {
  const row = await viewById(tx, ctx.tenantId, id, lock);
  if (!row || !canSeeView(ctx.principal, row)) throw notFound('Saved view');
  return row;
}

export async function getView(ctx: Ctx, id: string): Promise<ViewOut> {
  const row = await inTenant(ctx, (tx) => visibleView(tx, ctx, id));
  return presentView(ctx.principal, row);
}

export async function createView(ctx: Ctx, input: ViewCreate): Promise<ViewOut> {
  allowResource(ctx, input.resource);
  return inTenant(ctx, async (tx) => {
    const now = new Date();
    const row: ViewRow = {
      tenantId: ctx.tenantId, id: uuidv7(), ownerId: ctx.principal.userId, visibility: input.visibility,
      teamId: input.visibility === 'team' ? input.teamId ?? null : null, resource: input.resource, name: input.name,
      filters: input.filters, match: input.match, sort: input.sort ?? null, columns: input.columns,
      createdAt: now, updatedAt: now, version: 1,
    };
    await guard(tx, ctx, row);
    await writing(input.name, () => tx.insert(savedViews).values(row));
    await record(tx, ctx, 'saved_view.created', row.id, null, row);
    return presentView(ctx.principal, row);
  });
}

export async function updateView(ctx: Ctx, id: string, patch: ViewPatch, ifMatch?: number): Promise<ViewOut> {
  return inTenant(ctx, async (tx) => {
    const before = await visibleView(tx, ctx, id, true);
    if (!canEditView(ctx.principal, before)) throw forbidden('Only the owner or an admin changes a saved view');
    if (ifMatch !== undefined && ifMatch !== before.version) {
      throw new AppError('stale_write', 412, `The view was changed by someone else (now version ${before.version}); reload and retry`);
    }
    const visibility = patch.visibility ?? before.visibility;
    const after: ViewRow = {
      ...before,
      name: patch.name ?? before.name,
      visibility,
      teamId: visibility === 'team' ? (patch.teamId !== undefined ? patch.teamId : before.teamId) : null,
      filters: patch.filters ?? before.filters,
      match: patch.match ?? before.match,
      sort: patch.sort !== undefined ? patch.sort : before.sort,
      columns: patch.columns ?? before.columns,
      updatedAt: new Date(),
      version: before.version + 1,
    };
    await guard(tx, ctx, after);
    const { tenantId: _t, id: _i, ownerId: _o, resource: _r, createdAt: _c, ...changes } = after;
    await writing(after.name, () => tx.update(savedViews).set(changes).where(and(eq(savedViews.tenantId, ctx.tenantId), eq(savedViews.id, id))));
    await record(tx, ctx, 'saved_view.updated', id, before, after);
    return presentView(ctx.principal, after);
  });
}

export async function deleteView(ctx: Ctx, id: string): Promise<void> {
  await inTenant(ctx, async (tx) => {
    const before = await visibleView(tx, ctx, id, true);
    if (!canEditView(ctx.principal, before)) throw forbidden('Only the owner or an admin deletes a saved view');
    await tx.delete(savedViews).where(and(eq(savedViews.tenantId, ctx.tenantId), eq(savedViews.id, id)));
    await record(tx, ctx, 'saved_view.deleted', id, before, null);
  });
}
