// Category rows: the subtree under a path, tree-ordered listing, and the contacts linked to a set
// of categories. A subtree is found by path prefix, which the service keeps exact on every write.
import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import type { FieldMap } from '../platform/list.ts';
import { contactCategories } from '../contacts/tables.ts';
import { categories } from './tables.ts';
import { SEPARATOR, type CategoryOut } from './schemas.ts';

export type CategoryRow = typeof categories.$inferSelect;

const depthSql = sql`(cardinality(string_to_array(${categories.path}, ${SEPARATOR})) - 1)`;

export const categoryFilterFields: FieldMap = {
  id: { column: categories.id, type: 'uuid' },
  name: { column: categories.name, type: 'text' },
  parentId: { column: categories.parentId, type: 'uuid' },
  path: { column: categories.path, type: 'text' },
  depth: { column: depthSql, type: 'number' },
};

// Tree order: every category right after its parent, siblings alphabetically. The separator
// becomes chr(1), below any character a name may hold, compared bytewise (collate "C") so
// PGlite and PostgreSQL agree whatever their default collation.
const treeKey = sql<string>`(lower(replace(${categories.path}, ${SEPARATOR}, chr(1))) collate "C")`;
export const categorySortFields: FieldMap = { path: { column: treeKey, type: 'text', sortable: true } };

export async function selectCategories(tx: Tx, tenantId: string, where: SQL | undefined, order: SQL[], limit: number) {
  const rows = await tx.select({ c: categories, treeKey }).from(categories).where(and(eq(categories.tenantId, tenantId), where)).orderBy(...order).limit(limit);
  return rows.map(({ c, treeKey: key }) => ({ ...c, treeKey: key }));
}

export async function categoryById(tx: Tx, tenantId: string, id: string, lock = false): Promise<CategoryRow | undefined> {
  const q = tx.select().from(categories).where(and(eq(categories.tenantId, tenantId), eq(categories.id, id)));
  const [row] = await (lock ? q.for('update') : q);
  return row;
}

export async function categoryByPath(tx: Tx, tenantId: string, path: string): Promise<CategoryRow | undefined> {
  const [row] = await tx.select().from(categories).where(and(eq(categories.tenantId, tenantId), eq(categories.path, path)));
  return row;
}

/** The category and everything below it, locked, parents before children. */
export async function subtree(tx: Tx, tenantId: string, root: CategoryRow): Promise<CategoryRow[]> {
  return tx
    .select()
    .from(categories)
    .where(and(eq(categories.tenantId, tenantId), or(eq(categories.id, root.id), sql`starts_with(${categories.path}, ${root.path + SEPARATOR})`)))
    .orderBy(categories.path)
    .for('update');
}

/** Rewrites the path prefix of every descendant of oldPath. */
export async function reprefixDescendants(tx: Tx, tenantId: string, oldPath: string, newPath: string): Promise<void> {
  await tx
    .update(categories)
    .set({ path: sql`${newPath}::text || substr(${categories.path}, char_length(${oldPath}::text) + 1)` })
    .where(and(eq(categories.tenantId, tenantId), sql`starts_with(${categories.path}, ${oldPath + SEPARATOR})`));
}

/** Contact ids linked to each of these categories. */
export async function linkedContacts(tx: Tx, tenantId: string, categoryIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (categoryIds.length === 0) return out;
  const rows = await tx
    .select({ categoryId: contactCategories.categoryId, contactId: contactCategories.contactId })
    .from(contactCategories)
    .where(and(eq(contactCategories.tenantId, tenantId), inArray(contactCategories.categoryId, categoryIds)));
  for (const r of rows) out.set(r.categoryId, [...(out.get(r.categoryId) ?? []), r.contactId]);
  return out;
}

export const presentCategory = (r: CategoryRow): CategoryOut => ({
  id: r.id, name: r.name, parentId: r.parentId, path: r.path, depth: r.path.split(SEPARATOR).length - 1, createdAt: r.createdAt.toISOString(),
});
