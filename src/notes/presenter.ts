// Turns note rows into the API shape and the flat view the audit trail records.
import type { notes } from './tables.ts';
import type { NoteOut } from './schemas.ts';

export type NoteRow = typeof notes.$inferSelect;

export function presentNote(row: NoteRow): NoteOut {
  return {
    id: row.id, body: row.body, contactId: row.contactId, companyId: row.companyId,
    ownerId: row.ownerId, teamId: row.teamId, createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString(), version: row.version,
  };
}

export function auditView(row: NoteRow): Record<string, unknown> {
  const { createdAt: _c, updatedAt: _u, version: _v, createdBy: _b, ...rest } = presentNote(row);
  return rest;
}
