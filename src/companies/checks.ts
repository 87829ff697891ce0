// Checks that need the database before companies are written: referenced users and teams exist in
// this tenant, custom fields match their definitions, source identifiers are not already used.
// Batched, so a 1,000-row bulk call costs a handful of queries.
import type { Tx } from '../db/client.ts';
import type { Ctx } from '../platform/context.ts';
import { existingIds } from '../platform/records.ts';
import { AppError, type FieldError } from '../platform/errors.ts';
import { users, teams } from '../users/tables.ts';
import { definitionsFor, validateCustomFields, type Definition } from '../custom-fields/service.ts';
import { existingSourceIdentifiers } from '../contacts/data.ts';
import type { RowProblem } from '../contacts/checks.ts';
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
  const [okUsers, okTeams] = await Promise.all([existingIds(tx, ctx.tenantId, users, needUsers), existingIds(tx, ctx.tenantId, teams, needTeams)]);
  // Creates always need the definitions: a required custom field must be present.
  const defs: Definition[] = inputs.some((i) => i.customFields) || current.some((c) => !c) ? await definitionsFor(tx, ctx.tenantId, 'company') : [];
  const taken = await existingSourceIdentifiers(tx, ctx.tenantId, inputs.flatMap((i) => i.sourceIdentifiers ?? []));
  const seen = new Map<string, number>();

  return inputs.map((input, row) => {
    const errors: FieldError[] = [];
    let status = 422;
    if (input.ownerId && !okUsers.has(input.ownerId)) errors.push({ field: 'ownerId', message: 'no such user' });
    if (input.teamId && !okTeams.has(input.teamId)) errors.push({ field: 'teamId', message: 'no such team' });
    input.sourceIdentifiers?.forEach((s, i) => {
      const key = `${s.system}\u001f${s.externalId}`;
      const owner = taken.find((t) => t.system === s.system && t.externalId === s.externalId);
      if (owner && (owner.companyId === null || owner.companyId !== selfIds[row])) {
        errors.push({ field: `sourceIdentifiers.${i}.externalId`, message: `${s.system} id ${s.externalId} already belongs to another record` });
        status = 409;
      } else if (seen.has(key) && seen.get(key) !== row) {
        errors.push({ field: `sourceIdentifiers.${i}.externalId`, message: `${s.system} id ${s.externalId} appears twice in this request` });
      }
      seen.set(key, row);
    });
    let customFields = current[row]?.customFields ?? {};
    if (input.customFields !== undefined || !current[row]) {
      try {
        customFields = validateCustomFields(defs, customFields, input.customFields);
      } catch (err) {
        if (err instanceof AppError) errors.push(...err.errors);
        else throw err;
      }
    }
    return { status, errors, customFields };
  });
}
