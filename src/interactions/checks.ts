// Checks that need the database before interactions are written: participants are contacts the
// caller may see (or users of the tenant), the company, campaign, owner and team exist, and a source
// identifier belongs to no other interaction. Batched, so a 1,000-row bulk call costs a handful of queries.
import type { Tx } from '../db/client.ts';
import type { Ctx } from '../platform/context.ts';
import type { FieldError } from '../platform/errors.ts';
import { users, teams } from '../users/tables.ts';
import { companies } from '../companies/tables.ts';
import { existingIds, visibleIds } from '../timeline/references.ts';
import { existingCampaignIds } from '../campaigns/service.ts';
import type { InteractionPatch } from './schemas.ts';
import { interactionsBySource, sourceKey } from './data.ts';

/**
 * One list of problems per input (empty when the row is fine). `keptContacts[i]` holds the contacts
 * row i already has as participants: a patch may keep them even if the caller cannot see them,
 * since removing a participant someone else added should not be forced on whoever edits the notes.
 * `selfIds[i]` is the interaction row i updates (its own source identifier is no clash).
 */
export async function checkInteractionInputs(tx: Tx, ctx: Ctx, inputs: InteractionPatch[], keptContacts: Array<ReadonlySet<string>> = [], selfIds: Array<string | undefined> = []): Promise<FieldError[][]> {
  const contactIds = new Set<string>();
  const userIds = new Set<string>();
  const companyIds = new Set<string>();
  const teamIds = new Set<string>();
  const campaignIds = new Set<string>();
  inputs.forEach((input, row) => {
    for (const p of input.participants ?? []) {
      if (p.contactId && !keptContacts[row]?.has(p.contactId)) contactIds.add(p.contactId);
      if (p.userId) userIds.add(p.userId);
    }
    if (input.ownerId) userIds.add(input.ownerId);
    if (input.teamId) teamIds.add(input.teamId);
    if (input.companyId) companyIds.add(input.companyId);
    if (input.campaignId) campaignIds.add(input.campaignId);
  });
  const sources = inputs.flatMap((i) => (i.source ? [i.source] : []));
  // One after the other: these share the transaction's connection (node-postgres 9 refuses overlapping queries on one client).
  const okContacts = await visibleIds(tx, ctx, 'contact', contactIds);
  const okUsers = await existingIds(tx, ctx, users, userIds);
  const okCompanies = await existingIds(tx, ctx, companies, companyIds);
  const okTeams = await existingIds(tx, ctx, teams, teamIds);
  const okCampaigns = await existingCampaignIds(tx, ctx.tenantId, campaignIds);
  const bySource = await interactionsBySource(tx, ctx.tenantId, sources);
  const sourceRow = new Map<string, number>();
  return inputs.map((input, row) => {
    const errors: FieldError[] = [];
    const seen = new Set<string>();
    input.participants?.forEach((p, i) => {
      const party = p.contactId ? `contact:${p.contactId}` : `user:${p.userId}`;
      if (seen.has(party)) errors.push({ field: `participants.${i}.${p.contactId ? 'contactId' : 'userId'}`, message: 'is listed twice' });
      seen.add(party);
      if (p.contactId && !keptContacts[row]?.has(p.contactId) && !okContacts.has(p.contactId)) {
        errors.push({ field: `participants.${i}.contactId`, message: 'no such contact' });
      }
      if (p.userId && !okUsers.has(p.userId)) errors.push({ field: `participants.${i}.userId`, message: 'no such user' });
    });
    if (input.companyId && !okCompanies.has(input.companyId)) errors.push({ field: 'companyId', message: 'no such company' });
    if (input.campaignId && !okCampaigns.has(input.campaignId)) errors.push({ field: 'campaignId', message: 'no such campaign' });
    if (input.ownerId && !okUsers.has(input.ownerId)) errors.push({ field: 'ownerId', message: 'no such user' });
    if (input.teamId && !okTeams.has(input.teamId)) errors.push({ field: 'teamId', message: 'no such team' });
    if (input.source) {
      const key = sourceKey(input.source.system, input.source.externalId);
      const owner = bySource.get(key);
      if (sourceRow.has(key)) errors.push({ field: 'source', message: `is the same as item ${sourceRow.get(key)}'s` });
      else if (owner && owner !== selfIds[row]) errors.push({ field: 'source', message: 'another interaction has this source identifier' });
      if (!sourceRow.has(key)) sourceRow.set(key, row);
    }
    return errors;
  });
}
