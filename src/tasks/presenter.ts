// Turns task rows into the API shape and the flat view the audit trail records.
import type { tasks } from './tables.ts';
import type { TaskOut } from './schemas.ts';

export type TaskRow = typeof tasks.$inferSelect;

export function presentTask(row: TaskRow): TaskOut {
  return {
    id: row.id, title: row.title, notes: row.notes, status: row.status as TaskOut['status'],
    dueAt: row.dueAt?.toISOString() ?? null, completedAt: row.completedAt?.toISOString() ?? null,
    assigneeId: row.assigneeId, contactId: row.contactId, companyId: row.companyId,
    ownerId: row.ownerId, teamId: row.teamId, createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString(), version: row.version,
  };
}

export function auditView(row: TaskRow): Record<string, unknown> {
  const { createdAt: _c, updatedAt: _u, version: _v, createdBy: _b, ...rest } = presentTask(row);
  return rest;
}
