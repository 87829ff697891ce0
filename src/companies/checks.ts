// Checks that need the database before companies are written: referenced users and teams exist in
// this tenant, custom fields match their definitions, source identifiers are not already used.
// Batched, so a 1,000-row bulk call costs a handful of queries.
import type { Tx } from '../db/client.ts';
import type { Ctx } from '../platform/context.ts';
import { existingIds } from '../platform/records.ts';
import type { FieldError } from '../platform/errors.ts';
import { users, teams } from '../users/tables.ts';
import { definitionsFor, type Definition } from '../custom-fields/service.ts';
import { existingSourceIdentifiers } from '../contacts/data.ts';
import { checkCustomFields, checkSourceIdentifiers, type RowProblem } from '../contacts/checks.ts';
import type { CompanyPatch } from './schemas.ts';

export interface CheckedCompany extends RowProblem {
  customFields: Record<string, unknown>;
}

/**
 * One entry per input: its problems (empty when fine; status 409 for a taken source identifier,
 * else 422) and the merged custom fields. `current` is each row's stored state for patches
 * (undefined for creates); `selfIds` the company each row updates, whose identifiers stay its own.
 */
export async function checkCompanyInputs(
  tx: Tx,
  ctx: Ctx,
  inputs: CompanyPatch[],
  current: Array<{ customFields: Record<string, unknown> } | undefined>,
  selfIds: Array<string | undefined>,
): Promise<CheckedCompany[]> {
  const needUsers = new Set(inputs.flatMap((i) => (i.ownerId ? [i.ownerId] : [])));
  const needTeams = new Set(inputs.flatMap((i) => (i.teamId ? [i.teamId] : [])));
  // One after the other: these share the transaction's connection (node-postgres 9 refuses overlapping queries on one client).
  const okUsers = await existingIds(tx, ctx.tenantId, users, needUsers);
  const okTeams = await existingIds(tx, ctx.tenantId, teams, needTeams);
  // Creates always need the definitions: a required custom field must be present.
  const defs: Definition[] = inputs.some((i) => i.customFields) || current.some((c) => !c) ? await definitionsFor(tx, ctx.tenantId, 'company') : [];
  const taken = await existingSourceIdentifiers(tx, ctx.tenantId, inputs.flatMap((i) => i.sourceIdentifiers ?? []));
  const seen = new Map<string, number>();

  return inputs.map((input, row) => {
    const errors: FieldError[] = [];
    let status = 422;
    if (input.ownerId && !okUsers.has(input.ownerId)) errors.push({ field: 'ownerId', message: 'no such user' });
    if (input.teamId && !okTeams.has(input.teamId)) errors.push({ field: 'teamId', message: 'no such team' });
    if (checkSourceIdentifiers(input.sourceIdentifiers, row, taken, seen, (t) => t.companyId !== null && t.companyId === selfIds[row], errors)) status = 409;
    const customFields = checkCustomFields(defs, current[row], input.customFields, errors);
    return { status, errors, customFields };
  });
}
