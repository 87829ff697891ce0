// Household rows in and out of PostgreSQL, members folded in by a correlated subquery so a page of
// households costs one round trip.
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { qualified } from '../db/sql.ts';
import type { FieldMap } from '../platform/list.ts';
import { householdMembers, households } from './tables.ts';
import type { MemberIn, MemberRole } from './schemas.ts';

export type HouseholdRow = typeof households.$inferSelect;
export interface Member { contactId: string; displayName: string; role: MemberRole }
export type HouseholdWithMembers = HouseholdRow & { members: Member[] };

const T = qualified(households.tenantId);
const ID = qualified(households.id);

export const householdFieldMap: FieldMap = {
  id: { column: households.id, type: 'uuid' },
  name: { column: households.name, type: 'text', sortable: true },
  ownerId: { column: households.ownerId, type: 'uuid' },
  teamId: { column: households.teamId, type: 'uuid' },
  contactId: { column: sql`(select array_agg(m.contact_id::text) from household_members m where m.tenant_id = ${T} and m.household_id = ${ID})`, type: 'array' },
  createdAt: { column: households.createdAt, type: 'timestamp', sortable: true },
  updatedAt: { column: households.updatedAt, type: 'timestamp', sortable: true },
};

// Heads first, then partners, dependents and other members; by name within a role.
const membersColumn = sql<Member[]>`coalesce((select json_agg(json_build_object('contactId', m.contact_id, 'displayName', c.display_name, 'role', m.role)
    order by array_position(array['head','spouse','partner','dependent','member'], m.role), c.display_name, m.contact_id)
  from household_members m join contacts c on c.tenant_id = m.tenant_id and c.id = m.contact_id
  where m.tenant_id = ${T} and m.household_id = ${ID}), '[]'::json)`;

export async function selectHouseholds(tx: Tx, tenantId: string, where: SQL | undefined, order: SQL[], limit: number): Promise<HouseholdWithMembers[]> {
  const rows = await tx
    .select({ h: households, members: membersColumn })
    .from(households)
    .where(and(eq(households.tenantId, tenantId), where))
    .orderBy(...order)
    .limit(limit);
  return rows.map(({ h, members }) => ({ ...h, members }));
}

export async function householdById(tx: Tx, tenantId: string, id: string): Promise<HouseholdWithMembers | undefined> {
  const [row] = await selectHouseholds(tx, tenantId, eq(households.id, id), [], 1);
  return row;
}

/** Replaces a household's members with exactly these. */
export async function replaceMembers(tx: Tx, tenantId: string, householdId: string, members: MemberIn[], now: Date): Promise<void> {
  await tx.delete(householdMembers).where(and(eq(householdMembers.tenantId, tenantId), eq(householdMembers.householdId, householdId)));
  if (members.length) {
    await tx.insert(householdMembers).values(members.map((m) => ({ tenantId, householdId, contactId: m.contactId, role: m.role, createdAt: now })));
  }
}

export async function householdIdsOfContact(tx: Tx, tenantId: string, contactId: string): Promise<string[]> {
  const rows = await tx
    .select({ id: householdMembers.householdId })
    .from(householdMembers)
    .where(and(eq(householdMembers.tenantId, tenantId), eq(householdMembers.contactId, contactId)));
  return rows.map((r) => r.id);
}

export const inIds = (ids: string[]) => inArray(households.id, ids);
