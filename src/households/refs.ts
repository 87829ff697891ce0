// Checks on the records a household or relationship points at: contacts must exist in the tenant
// and be visible to the caller (linking a contact you cannot see would reveal that it exists);
// owners and teams must exist. Batched: one query per kind.
import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import type { Ctx } from '../platform/context.ts';
import type { FieldError } from '../platform/errors.ts';
import { visibilityOf } from '../platform/policy/index.ts';
import { visibilitySql } from '../platform/policy/sql.ts';
import { contacts } from '../contacts/tables.ts';
import { teams, users } from '../users/tables.ts';

/** The ids among `ids` that name contacts of this tenant the caller may see. */
export async function visibleContactIds(tx: Tx, ctx: Ctx, ids: readonly string[]): Promise<Set<string>> {
  const unique = [...new Set(ids)];
  const visibility = visibilityOf(ctx.principal, 'contact');
  if (unique.length === 0 || !visibility) return new Set();
  const rows = await tx
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(eq(contacts.tenantId, ctx.tenantId), inArray(contacts.id, unique), visibilitySql(visibility, contacts, 'contact')));
  return new Set(rows.map((r) => r.id));
}

/** Errors for an ownerId / teamId that name no user / team of this tenant. */
export async function ownershipErrors(tx: Tx, tenantId: string, ownerId: string | null | undefined, teamId: string | null | undefined): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  if (ownerId) {
    const [u] = await tx.select({ id: users.id }).from(users).where(and(eq(users.tenantId, tenantId), eq(users.id, ownerId)));
    if (!u) errors.push({ field: 'ownerId', message: 'no such user' });
  }
  if (teamId) {
    const [t] = await tx.select({ id: teams.id }).from(teams).where(and(eq(teams.tenantId, tenantId), eq(teams.id, teamId)));
    if (!t) errors.push({ field: 'teamId', message: 'no such team' });
  }
  return errors;
}
