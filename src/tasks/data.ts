// Task queries: list fields, the due=overdue|today shortcuts, and who may see a task. Besides the
// ownership rules, a task is visible to (and workable by) its assignee: a manager who assigns a
// follow-up to a rep outside the owning team still expects the rep to see it.
import { and, eq, or, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import type { Ctx } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { ownedFieldMap, type FieldMap } from '../platform/list.ts';
import { can, visibilityOf, type Action } from '../platform/policy/index.ts';
import { visibilitySql } from '../platform/policy/sql.ts';
import { loadForAction } from '../platform/records.ts';
import { qualified } from '../db/sql.ts';
import { tasks } from './tables.ts';
import type { TaskRow } from './presenter.ts';

export const taskFieldMap: FieldMap = {
  ...ownedFieldMap(tasks),
  title: { column: tasks.title, type: 'text' },
  status: { column: tasks.status, type: 'text' },
  dueAt: { column: tasks.dueAt, type: 'timestamp' },
  completedAt: { column: tasks.completedAt, type: 'timestamp' },
  assigneeId: { column: tasks.assigneeId, type: 'uuid' },
  contactId: { column: tasks.contactId, type: 'uuid' },
  companyId: { column: tasks.companyId, type: 'uuid' },
};

/** 'infinity' stands in for "no due date" so the keyset cursor never compares with NULL. */
export const NO_DUE_DATE = 'infinity';
export const taskSortMap: FieldMap = {
  ...taskFieldMap,
  dueAt: { column: sql`coalesce(${tasks.dueAt}, ${NO_DUE_DATE}::timestamptz)`, type: 'timestamp', sortable: true },
};

export function dueSql(due: 'overdue' | 'today' | undefined, tz: string): SQL | undefined {
  if (due === 'overdue') return sql`(${tasks.status} = 'open' and ${tasks.dueAt} < now())`;
  if (due === 'today') {
    const today = sql`(now() at time zone ${tz})::date`;
    return sql`(${tasks.dueAt} >= (${today})::timestamp at time zone ${tz} and ${tasks.dueAt} < (${today} + 1)::timestamp at time zone ${tz})`;
  }
  return undefined;
}

/** The WHERE clause for tasks the caller may see: ownership rules, or assigned to them. */
export function taskVisibilitySql(ctx: Ctx): SQL | undefined {
  const visibility = visibilityOf(ctx.principal, 'task');
  if (!visibility) return sql`false`;
  const owned = visibilitySql(visibility, tasks, 'task');
  return owned && or(owned, sql`${qualified(tasks.assigneeId)} = ${ctx.principal.userId}`);
}

/** loadForAction, plus: the assignee may read and update (not delete) a task assigned to them. */
export async function loadTask(tx: Tx, ctx: Ctx, id: string, action: Action, opts: { lock?: boolean; ifMatch?: number | undefined } = {}): Promise<TaskRow> {
  if (action === 'read' || action === 'update') {
    const q = tx.select().from(tasks).where(and(eq(tasks.tenantId, ctx.tenantId), eq(tasks.id, id)));
    const [row] = await (opts.lock ? q.for('update') : q);
    if (row && row.assigneeId === ctx.principal.userId && can(ctx.principal, action, 'task')) {
      if (opts.ifMatch !== undefined && row.version !== opts.ifMatch) {
        throw new AppError('stale_write', 412, `Task was changed by someone else (now version ${row.version}); reload and retry`);
      }
      return row;
    }
  }
  return loadForAction<TaskRow>(tx, ctx, 'task', tasks, id, action, opts);
}
