// Category use cases: create, list (tree order), get, rename or move (descendants' paths follow in
// the same transaction; cycles refused), delete (sub-categories go too; contacts are unlinked).
// Policy resource 'category'; every change is audited and evented.
import { and, eq, ne, type SQL } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { inTenant, type Ctx } from '../platform/context.ts';
import { AppError, forbidden, invalid, notFound } from '../platform/errors.ts';
import { uuidv7 } from '../platform/ids.ts';
import { appendAudit, diff, type AuditInput } from '../platform/audit/service.ts';
import { emitEvents, type DomainEvent } from '../platform/outbox/service.ts';
import { can, type Action } from '../platform/policy/index.ts';
import { cursorSql, filtersSql, orderSql, page, sortPlan, type ListParams } from '../platform/list.ts';
import { categories } from './tables.ts';
import {
  categoryById, categoryByPath, categoryFilterFields, categorySortFields, linkedContacts, presentCategory, reprefixDescendants, selectCategories, subtree,
  type CategoryRow,
} from './data.ts';
import { SEPARATOR, type CategoryCreate, type CategoryOut, type CategoryPatch } from './schemas.ts';

const allow = (ctx: Ctx, action: Action) => {
  if (!can(ctx.principal, action, 'category')) throw forbidden(`Your role may not ${action} categories`);
};

const pathTaken = (path: string) =>
  new AppError('conflict', 409, `A category ${path} already exists`, [{ field: 'name', message: `a category ${path} already exists` }]);

/** Two writers can both pass the existence check; the unique index then decides, and says 409. */
function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = e.cause) if ((e as Error & { code?: string }).code === '23505') return true;
  return false;
}

async function guardUnique<T>(path: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isUniqueViolation(err)) throw pathTaken(path);
    throw err;
  }
}

const view = (r: CategoryRow) => ({ name: r.name, parentId: r.parentId, path: r.path });

async function record(tx: Tx, ctx: Ctx, audits: AuditInput[], events: DomainEvent[]) {
  await appendAudit(tx, ctx.tenantId, ctx.actor, audits);
  await emitEvents(tx, ctx.tenantId, ctx.actor.id, events);
}

async function parentOf(tx: Tx, ctx: Ctx, parentId: string | null | undefined): Promise<CategoryRow | null> {
  if (!parentId) return null;
  const parent = await categoryById(tx, ctx.tenantId, parentId, true);
  if (!parent) throw invalid('parentId', 'no such category');
  return parent;
}

export async function createCategory(ctx: Ctx, input: CategoryCreate): Promise<CategoryOut> {
  allow(ctx, 'create');
  return inTenant(ctx, async (tx) => {
    const parent = await parentOf(tx, ctx, input.parentId);
    const path = parent ? parent.path + SEPARATOR + input.name : input.name;
    if (await categoryByPath(tx, ctx.tenantId, path)) throw pathTaken(path);
    const [row] = await guardUnique(path, () =>
      tx.insert(categories).values({ tenantId: ctx.tenantId, id: uuidv7(), parentId: parent?.id ?? null, name: input.name, path, createdAt: new Date() }).returning());
    const out = presentCategory(row!);
    await record(tx, ctx, [{ action: 'category.created', entity: 'category', entityId: out.id, changes: diff(null, view(row!)) }], [{ type: 'category.created', entity: 'category', entityId: out.id, payload: out }]);
    return out;
  });
}

export async function getCategory(ctx: Ctx, id: string): Promise<CategoryOut> {
  allow(ctx, 'read');
  const row = await inTenant(ctx, (tx) => categoryById(tx, ctx.tenantId, id));
  if (!row) throw notFound('Category');
  return presentCategory(row);
}

export async function listCategories(ctx: Ctx, params: ListParams) {
  allow(ctx, 'read');
  const plan = sortPlan(categorySortFields, params.sort);
  const where: SQL | undefined = and(filtersSql(categoryFilterFields, params), cursorSql(plan, categories.id, params.cursor));
  const rows = await inTenant(ctx, (tx) => selectCategories(tx, ctx.tenantId, where, orderSql(plan, categories.id), params.limit + 1));
  const { data, nextCursor } = page(rows, params.limit, (r) => r.treeKey);
  return { data: data.map(presentCategory), nextCursor };
}

export async function updateCategory(ctx: Ctx, id: string, patch: CategoryPatch): Promise<CategoryOut> {
  allow(ctx, 'update');
  return inTenant(ctx, async (tx) => {
    const row = await categoryById(tx, ctx.tenantId, id, true);
    if (!row) throw notFound('Category');
    const parentId = patch.parentId !== undefined ? patch.parentId : row.parentId;
    if (parentId === id) throw invalid('parentId', 'a category cannot be its own parent');
    const parent = await parentOf(tx, ctx, parentId);
    if (parent && parent.path.startsWith(row.path + SEPARATOR)) throw invalid('parentId', 'a category cannot move under its own sub-category');
    const name = patch.name ?? row.name;
    const path = parent ? parent.path + SEPARATOR + name : name;
    if (path === row.path) return presentCategory(row);
    const clash = await tx.select({ id: categories.id }).from(categories).where(and(eq(categories.tenantId, ctx.tenantId), eq(categories.path, path), ne(categories.id, id)));
    if (clash.length) throw pathTaken(path);

    const before = await subtree(tx, ctx.tenantId, row);
    await guardUnique(path, async () => {
      // No descendant path can clash: each starts with the new path, which is free.
      await reprefixDescendants(tx, ctx.tenantId, row.path, path);
      await tx.update(categories).set({ name, parentId: parent?.id ?? null, path }).where(and(eq(categories.tenantId, ctx.tenantId), eq(categories.id, id)));
    });
    const after = await subtree(tx, ctx.tenantId, { ...row, path });
    const beforeById = new Map(before.map((b) => [b.id, b]));
    await record(
      tx, ctx,
      after.map((a) => ({ action: 'category.updated', entity: 'category', entityId: a.id, changes: diff(view(beforeById.get(a.id)!), view(a)) })),
      after.map((a) => ({ type: 'category.updated', entity: 'category', entityId: a.id, payload: presentCategory(a) })),
    );
    return presentCategory(after.find((a) => a.id === id)!);
  });
}

export async function deleteCategory(ctx: Ctx, id: string): Promise<void> {
  allow(ctx, 'delete');
  await inTenant(ctx, async (tx) => {
    const row = await categoryById(tx, ctx.tenantId, id, true);
    if (!row) throw notFound('Category');
    const gone = await subtree(tx, ctx.tenantId, row);
    const links = await linkedContacts(tx, ctx.tenantId, gone.map((g) => g.id));
    // Foreign keys cascade: sub-categories and contact links go with the row.
    await tx.delete(categories).where(and(eq(categories.tenantId, ctx.tenantId), eq(categories.id, id)));
    await record(
      tx, ctx,
      gone.map((g) => ({ action: 'category.deleted', entity: 'category', entityId: g.id, changes: diff({ ...view(g), contactIds: links.get(g.id) ?? null }, null) })),
      gone.map((g) => ({ type: 'category.deleted', entity: 'category', entityId: g.id, payload: { id: g.id, path: g.path, unlinkedContactIds: links.get(g.id) ?? [] } })),
    );
  });
}
