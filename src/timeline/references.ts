// What activity records (interactions, notes, tasks) may point at: users, teams and companies that
// exist in the tenant, and contacts or companies the caller may see. Shared by the three write
// paths so each checks a whole batch in a handful of queries and names the offending field.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import type { Ctx } from '../platform/context.ts';
import { AppError, type FieldError } from '../platform/errors.ts';
import { visibilityOf } from '../platform/policy/index.ts';
import { visibilitySql } from '../platform/policy/sql.ts';
import { existingIds as existingRows } from '../platform/records.ts';
import { users, teams } from '../users/tables.ts';
import { companies } from '../companies/tables.ts';
import { contacts } from '../contacts/tables.ts';

/** Ids among `ids` that name a row of this tenant. */
export const existingIds = (tx: Tx, ctx: Ctx, table: typeof users | typeof teams | typeof companies, ids: Iterable<string>) =>
  existingRows(tx, ctx.tenantId, table, ids);

/**
 * Ids among `ids` naming a contact or company the caller may read. A record that exists but is
 * hidden counts as missing, so the answer reveals nothing about records the caller cannot see.
 */
export async function visibleIds(tx: Tx, ctx: Ctx, resource: 'contact' | 'company', ids: Iterable<string>): Promise<Set<string>> {
  const wanted = [...new Set(ids)];
  const visibility = visibilityOf(ctx.principal, resource);
  if (wanted.length === 0 || !visibility) return new Set();
  const table = resource === 'contact' ? contacts : companies;
  const rows = await tx
    .select({ id: table.id })
    .from(table)
    .where(and(eq(table.tenantId, ctx.tenantId), inArray(table.id, wanted), visibilitySql(visibility, table, resource) ?? sql`true`));
  return new Set(rows.map((r) => r.id));
}

/** 403 beats 422: the most serious reason a write cannot happen. */
export function fieldProblem(errors: FieldError[], status = 422): AppError {
  return new AppError(status === 403 ? 'forbidden' : 'validation_failed', status, errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
}

export interface Links {
  contactId?: string | null | undefined;
  companyId?: string | null | undefined;
  ownerId?: string | null | undefined;
  teamId?: string | null | undefined;
  assigneeId?: string | null | undefined;
}

/** Problems with one record's links: the contact or company must be visible, users and teams exist. */
export async function checkLinks(tx: Tx, ctx: Ctx, links: Links): Promise<FieldError[]> {
  const userIds = [links.ownerId, links.assigneeId].filter((u): u is string => !!u);
  // One after the other: these share the transaction's connection (node-postgres 9 refuses overlapping queries on one client).
  const okContacts = await visibleIds(tx, ctx, 'contact', links.contactId ? [links.contactId] : []);
  const okCompanies = await visibleIds(tx, ctx, 'company', links.companyId ? [links.companyId] : []);
  const okUsers = await existingIds(tx, ctx, users, userIds);
  const okTeams = await existingIds(tx, ctx, teams, links.teamId ? [links.teamId] : []);
  const errors: FieldError[] = [];
  if (links.contactId && !okContacts.has(links.contactId)) errors.push({ field: 'contactId', message: 'no such contact' });
  if (links.companyId && !okCompanies.has(links.companyId)) errors.push({ field: 'companyId', message: 'no such company' });
  if (links.ownerId && !okUsers.has(links.ownerId)) errors.push({ field: 'ownerId', message: 'no such user' });
  if (links.assigneeId && !okUsers.has(links.assigneeId)) errors.push({ field: 'assigneeId', message: 'no such user' });
  if (links.teamId && !okTeams.has(links.teamId)) errors.push({ field: 'teamId', message: 'no such team' });
  return errors;
}

/** The links a patch changes: unchanged ones are not re-checked, so keeping them never fails. */
export function changedLinks<K extends keyof Links>(patch: Links, row: Record<K, string | null>, keys: K[]): Links {
  const out: Links = {};
  for (const k of keys) if (patch[k] !== undefined && patch[k] !== row[k]) out[k] = patch[k];
  return out;
}
