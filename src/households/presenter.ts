// Household rows -> API shape, and the flattened view the audit trail records.
import type { HouseholdWithMembers } from './data.ts';
import type { HouseholdOut } from './schemas.ts';

export function presentHousehold(row: HouseholdWithMembers): HouseholdOut {
  return {
    id: row.id, name: row.name, ownerId: row.ownerId, teamId: row.teamId,
    members: row.members,
    createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString(), version: row.version,
  };
}

/** Members are recorded by id and role only: display names belong to the contacts' own history. */
export function auditView(row: HouseholdWithMembers): Record<string, unknown> {
  return {
    name: row.name, ownerId: row.ownerId, teamId: row.teamId,
    members: row.members.map((m) => ({ contactId: m.contactId, role: m.role })),
  };
}
