// Hierarchical categories (category > sub-category > ...). path is the names joined by ' > '.
import { foreignKey, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, tenantPolicy } from '../db/columns.ts';

export const categories = pgTable(
  'categories',
  {
    tenantId: tenantId(),
    id: id(),
    parentId: uuid('parent_id'),
    name: text('name').notNull(),
    path: text('path').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.parentId],
      foreignColumns: [t.tenantId, t.id],
    }).onDelete('cascade'),
    uniqueIndex('categories_path_uq').on(t.tenantId, t.path),
    tenantPolicy(),
  ],
).enableRLS();
