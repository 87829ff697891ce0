// Checks that need the database before contacts are written: referenced users, teams, companies
// and categories exist in this tenant; custom fields match their definitions; source identifiers
// are not already used. Batched, so a 1,000-row bulk call costs a handful of queries.
import type { Tx } from '../db/client.ts';
import type { Ctx } from '../platform/context.ts';
import { existingIds } from '../platform/records.ts';
import type { FieldError } from '../platform/errors.ts';
import { AppError } from '../platform/errors.ts';
import { canWriteField, sensitiveFields } from '../platform/policy/index.ts';
import { users, teams } from '../users/tables.ts';
import { companies } from '../companies/tables.ts';
import { categories } from '../categories/tables.ts';
import { definitionsFor, validateCustomFields, type Definition } from '../custom-fields/service.ts';
import { existingSourceIdentifiers } from './data.ts';
import { NET_WORTH_LIMIT, type ContactPatch } from './schemas.ts';

export interface RowProblem {
  status: number;
  errors: FieldError[];
}

export interface CheckedRow {
  customFields: Record<string, unknown>;
}

/**
 * Returns one entry per input: the problems found (empty when the row is fine) and the merged
 * custom fields. `current` gives each row's stored state for patches (undefined for creates);
 * `selfIds` the contact each row updates, so its own source identifiers do not count as taken.
 */
export async function checkContactInputs(
  tx: Tx,
  ctx: Ctx,
  inputs: ContactPatch[],
  current: Array<{ customFields: Record<string, unknown> } | undefined>,
  selfIds: Array<string | undefined>,
): Promise<Array<RowProblem & CheckedRow>> {
  const need = { users: new Set<string>(), teams: new Set<string>(), companies: new Set<string>(), categories: new Set<string>() };
  for (const i of inputs) {
    if (i.ownerId) need.users.add(i.ownerId);
    if (i.teamId) need.teams.add(i.teamId);
    for (const c of i.companies ?? []) need.companies.add(c.companyId);
    for (const c of i.categoryIds ?? []) need.categories.add(c);
  }
  // One after the other: these share the transaction's connection (node-postgres 9 refuses overlapping queries on one client).
  const okUsers = await existingIds(tx, ctx.tenantId, users, need.users);
  const okTeams = await existingIds(tx, ctx.tenantId, teams, need.teams);
  const okCompanies = await existingIds(tx, ctx.tenantId, companies, need.companies);
  const okCategories = await existingIds(tx, ctx.tenantId, categories, need.categories);
  const defs: Definition[] = inputs.some((i) => i.customFields) || current.every((c) => !c) ? await definitionsFor(tx, ctx.tenantId, 'contact') : [];
  const pairs = inputs.flatMap((i) => i.sourceIdentifiers ?? []);
  const taken = await existingSourceIdentifiers(tx, ctx.tenantId, pairs);
  const seen = new Map<string, number>();

  return inputs.map((input, row) => {
    const errors: FieldError[] = [];
    let status = 422;
    for (const field of sensitiveFields.contact ?? []) {
      if ((input as Record<string, unknown>)[field] !== undefined && !canWriteField(ctx.principal, 'contact', field)) {
        errors.push({ field, message: 'your role may not set this field' });
        status = 403;
      }
    }
    // Imports, jobs and the seed call the service without the route's zod parse: a value the column
    // cannot hold is refused here by name rather than stored as NaN or failing the statement.
    const worth = input.netWorth?.amount;
    if (worth !== undefined && !(typeof worth === 'number' && Math.abs(worth) < NET_WORTH_LIMIT)) {
      errors.push({ field: 'netWorth.amount', message: `must be a number below ${NET_WORTH_LIMIT.toExponential()} in absolute value` });
    }
    if (input.ownerId && !okUsers.has(input.ownerId)) errors.push({ field: 'ownerId', message: 'no such user' });
    if (input.teamId && !okTeams.has(input.teamId)) errors.push({ field: 'teamId', message: 'no such team' });
    input.companies?.forEach((c, i) => {
      if (!okCompanies.has(c.companyId)) errors.push({ field: `companies.${i}.companyId`, message: 'no such company' });
    });
    input.categoryIds?.forEach((c, i) => {
      if (!okCategories.has(c)) errors.push({ field: `categoryIds.${i}`, message: 'no such category' });
    });
    if (checkSourceIdentifiers(input.sourceIdentifiers, row, taken, seen, (t) => t.contactId === selfIds[row], errors) && status === 422) status = 409;
    const customFields = checkCustomFields(defs, current[row], input.customFields, errors);
    return { status, errors, customFields };
  });
}

type TakenIdentifier = Awaited<ReturnType<typeof existingSourceIdentifiers>>[number];

/**
 * Source identifiers of one row: taken by another record (409) or repeated within the request
 * (422). `seen` spans the whole request; `isSelf` says whether a taken pair is the row's own.
 * Returns true when a pair belongs to another record.
 */
export function checkSourceIdentifiers(
  ids: Array<{ system: string; externalId: string }> | undefined, row: number, taken: TakenIdentifier[],
  seen: Map<string, number>, isSelf: (t: TakenIdentifier) => boolean, errors: FieldError[],
): boolean {
  let conflict = false;
  ids?.forEach((s, i) => {
    const key = `${s.system}\u001f${s.externalId}`;
    const owner = taken.find((t) => t.system === s.system && t.externalId === s.externalId);
    if (owner && !isSelf(owner)) {
      errors.push({ field: `sourceIdentifiers.${i}.externalId`, message: `${s.system} id ${s.externalId} already belongs to another record` });
      conflict = true;
    } else if (seen.has(key) && seen.get(key) !== row) {
      errors.push({ field: `sourceIdentifiers.${i}.externalId`, message: `${s.system} id ${s.externalId} appears twice in this request` });
    }
    seen.set(key, row);
  });
  return conflict;
}

/** The row's custom fields after its patch (all of them checked on create), problems into errors. */
export function checkCustomFields(
  defs: Definition[], current: { customFields: Record<string, unknown> } | undefined, patch: Record<string, unknown> | undefined, errors: FieldError[],
): Record<string, unknown> {
  const base = current?.customFields ?? {};
  if (patch === undefined && current) return base;
  try {
    return validateCustomFields(defs, base, patch);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    errors.push(...err.errors);
    return base;
  }
}
