// Writes one batch of mapped rows as interactions through the interactions service (its schemas,
// checks, audit, outbox and cadence warnings), inside the batch's transaction (ctx from inBatch).
// References are resolved first, a handful of queries per batch: participants by the contact's
// Rapport id, source identifier (under the import's source) or email, the company likewise or by
// name, the owner by email or id, the campaign by name or id. A reference that finds nothing, or
// more than one record, fails the row naming its column; nothing is silently dropped. A row whose
// source identifier (or Rapport id) names an existing interaction updates it: values the file gives
// replace stored ones, participants and metrics are added (a metric of the same kind replaced),
// empty cells clear nothing. Outcomes as for contacts (created, updated with the previous values,
// unchanged, failed with the reason and the original cells).
import { inTenant, readInTenant, type Ctx } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { checkAssignment } from '../platform/records.ts';
import { interactionsBySource, sourceKey } from '../interactions/data.ts';
import { interactionCreate, type InteractionCreate, type InteractionOut, type InteractionPatch } from '../interactions/schemas.ts';
import { listInteractions, logInteractions, updateInteractions } from '../interactions/service.ts';
import { fieldErrors, issues, type Outcome } from './identify.ts';
import { draftOf, isUuid, type InteractionDraft } from './interaction-mapping.ts';
import { findCampaigns, findCompanies, findContacts, findUsers, type Found } from './interaction-lookups.ts';
import type { SourceRow } from './source.ts';

async function interactionsById(ctx: Ctx, ids: string[]): Promise<Map<string, InteractionOut>> {
  if (ids.length === 0) return new Map();
  const { data } = await listInteractions(ctx, { limit: ids.length, sort: 'occurredAt', match: 'all', filters: [{ field: 'id', op: 'in', value: ids.join(',') }] });
  return new Map(data.map((i) => [i.id, i]));
}

/** The one id a value names, or why not. */
function one(found: Found, key: string, column: string, what: string, value: string): string | { error: string } {
  const ids = found.get(key) ?? [];
  if (ids.length === 1) return ids[0]!;
  if (ids.length === 0) return { error: `${column}: no ${what} "${value}"` };
  return { error: `${column}: "${value}" matches ${ids.length} ${what.split(' ')[0]}s; give its id instead` };
}

const participantsOf = (i: InteractionOut): NonNullable<InteractionPatch['participants']> =>
  i.participants.map((p) => ({ ...(p.contactId ? { contactId: p.contactId } : { userId: p.userId! }), role: p.role }));
const metricsOf = (i: InteractionOut): NonNullable<InteractionPatch['metrics']> => i.metrics.map((m) => ({ kind: m.kind, amount: m.amount, currency: m.currency }));

/** What an imported row changes on an existing interaction (empty: nothing). */
export function mergeIntoInteraction(current: InteractionOut, input: InteractionCreate): InteractionPatch {
  const patch: InteractionPatch = {};
  if (input.kind !== current.kind) patch.kind = input.kind;
  if (input.direction && input.direction !== current.direction) patch.direction = input.direction;
  if (input.occurredAt && Date.parse(input.occurredAt) !== Date.parse(current.occurredAt)) patch.occurredAt = input.occurredAt;
  if (input.durationMinutes != null && input.durationMinutes !== current.durationMinutes) patch.durationMinutes = input.durationMinutes;
  if (input.subject && input.subject.trim() !== current.subject) patch.subject = input.subject;
  if (input.notes && input.notes.trim() !== current.notes) patch.notes = input.notes;
  if (input.outcome && (input.outcome.code !== current.outcome?.code || (input.outcome.text != null && input.outcome.text.trim() !== current.outcome?.text))) {
    patch.outcome = { code: input.outcome.code, text: input.outcome.text ?? current.outcome?.text ?? null };
  }
  if (input.companyId && input.companyId !== current.companyId) patch.companyId = input.companyId;
  if (input.campaignId && input.campaignId !== current.campaignId) patch.campaignId = input.campaignId;
  if (input.ownerId && input.ownerId !== current.ownerId) patch.ownerId = input.ownerId;
  if (input.source && !current.source) patch.source = input.source;
  const have = new Set(current.participants.map((p) => p.contactId));
  const added = input.participants.filter((p) => p.contactId && !have.has(p.contactId));
  if (added.length) patch.participants = [...participantsOf(current), ...added];
  if (input.metrics?.length) {
    const merged = metricsOf(current);
    let changed = false;
    for (const m of input.metrics) {
      const at = merged.findIndex((x) => x.kind === m.kind);
      const next = { kind: m.kind, amount: m.amount, currency: m.currency ?? (at >= 0 ? merged[at]!.currency : null) ?? null };
      if (at < 0) { merged.push(next); changed = true; } else if (merged[at]!.amount !== next.amount || merged[at]!.currency !== next.currency) { merged[at] = next; changed = true; }
    }
    if (changed) patch.metrics = merged;
  }
  return patch;
}

/** The stored values of what `patch` changes, in the shape a patch takes (what undo writes back). */
export function interactionSnapshot(current: InteractionOut, patch: InteractionPatch): InteractionPatch {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(patch) as Array<keyof InteractionPatch>) {
    if (k === 'participants') out[k] = participantsOf(current);
    else if (k === 'metrics') out[k] = metricsOf(current);
    else out[k] = (current as unknown as Record<string, unknown>)[k] ?? null;
  }
  return out as InteractionPatch;
}

export async function applyInteractions(ctx: Ctx, rows: SourceRow[], system: string): Promise<{ outcomes: Outcome[]; preview: InteractionOut[] }> {
  const outcomes: Outcome[] = [];
  const fail = (r: SourceRow, error: string) => outcomes.push({ rowNo: r.rowNo, entity: 'interaction', action: 'failed', error, raw: r.raw });
  const drafts: Array<{ row: SourceRow; draft: InteractionDraft }> = [];
  for (const r of rows) {
    if (r.error || !r.mapped) { fail(r, r.error ?? 'nothing to import'); continue; }
    const draft = draftOf(r.mapped);
    if (draft.problems.length) fail(r, draft.problems.join('; '));
    else drafts.push({ row: r, draft });
  }

  // Every reference of the batch, looked up at once.
  const want = { contactIds: new Set<string>(), contactSources: new Set<string>(), emails: new Set<string>(), companyIds: new Set<string>(), companySources: new Set<string>(), companyNames: new Set<string>(), users: new Set<string>(), campaigns: new Set<string>() };
  for (const { draft } of drafts) {
    for (const c of draft.contacts) (c.by === 'id' ? want.contactIds : c.by === 'source' ? want.contactSources : want.emails).add(c.value);
    if (draft.company) (draft.company.by === 'id' ? want.companyIds : draft.company.by === 'source' ? want.companySources : want.companyNames).add(draft.company.value);
    if (draft.owner) want.users.add(draft.owner.value.toLowerCase());
    if (draft.campaign) want.campaigns.add(draft.campaign.value);
  }
  const found = await inTenant(ctx, async (tx) => ({
    contacts: await findContacts(tx, ctx, system, { ids: [...want.contactIds], sources: [...want.contactSources], emails: [...want.emails] }),
    companies: await findCompanies(tx, ctx, system, { ids: [...want.companyIds], sources: [...want.companySources], names: [...want.companyNames] }),
    users: await findUsers(tx, ctx.tenantId, [...want.users]),
    campaigns: await findCampaigns(tx, ctx.tenantId, [...want.campaigns]),
  }));

  const resolved: Array<{ row: SourceRow; input: InteractionCreate; rapportId: string | null }> = [];
  for (const { row, draft } of drafts) {
    const problems: string[] = [];
    const pick = (r: string | { error: string }) => (typeof r === 'string' ? r : (problems.push(r.error), undefined));
    const contactIds = new Set<string>();
    for (const c of draft.contacts) {
      const what = c.by === 'email' ? 'contact with email' : c.by === 'source' ? `contact with ${system} id` : 'contact with id';
      const id = pick(one(found.contacts[c.by], c.value, c.column, what, c.value));
      if (id) contactIds.add(id);
    }
    const co = draft.company;
    const companyId = co ? pick(one(found.companies[co.by], co.value, co.column, co.by === 'name' ? 'company named' : co.by === 'source' ? `company with ${system} id` : 'company with id', co.value)) : undefined;
    const ownerId = draft.owner ? pick(one(found.users, draft.owner.value.toLowerCase(), draft.owner.column, 'user', draft.owner.value)) : undefined;
    const campaignId = draft.campaign ? pick(one(found.campaigns, draft.campaign.value, draft.campaign.column, 'campaign', draft.campaign.value)) : undefined;
    if (ownerId) {
      try { checkAssignment(ctx, ownerId, undefined); } catch (err) {
        if (!(err instanceof AppError)) throw err;
        problems.push(`${draft.owner!.column}: you may only make yourself the owner`);
      }
    }
    if (problems.length) { fail(row, problems.join('; ')); continue; }
    const input = {
      ...draft.fields,
      participants: [...contactIds].map((contactId) => ({ contactId })),
      ...(companyId ? { companyId } : {}), ...(campaignId ? { campaignId } : {}), ...(ownerId ? { ownerId } : {}),
    };
    const parsed = interactionCreate.safeParse(input);
    if (!parsed.success) { fail(row, issues(parsed.error)); continue; }
    resolved.push({ row, input: parsed.data, rapportId: row.mapped!.rapportId });
  }

  // Which rows update an existing interaction: by Rapport id when this caller can see it, else by source identifier.
  const bySource = await readInTenant(ctx, (q) => interactionsBySource(q, ctx.tenantId, resolved.flatMap((r) => (r.input.source ? [r.input.source] : []))));
  const rapportIds = resolved.map((r) => r.rapportId).filter((id): id is string => !!id && isUuid(id));
  const existing = await interactionsById(ctx, [...new Set([...rapportIds, ...bySource.values()])]);
  const claimed = new Map<string, number>();
  const creates: typeof resolved = [];
  const updates: Array<{ row: SourceRow; input: InteractionCreate; target: InteractionOut }> = [];
  for (const r of resolved) {
    const sourceId = r.input.source ? bySource.get(sourceKey(r.input.source.system, r.input.source.externalId)) : undefined;
    const targetId = r.rapportId && existing.has(r.rapportId) ? r.rapportId : sourceId;
    const keys = targetId ? [targetId] : r.input.source ? [sourceKey(r.input.source.system, r.input.source.externalId)] : [];
    const earlier = keys.map((k) => claimed.get(k)).find((n) => n !== undefined);
    if (earlier !== undefined) { fail(r.row, `the same interaction as row ${earlier}`); continue; }
    for (const k of keys) claimed.set(k, r.row.rowNo);
    if (!targetId) { creates.push(r); continue; }
    const target = existing.get(targetId);
    if (!target) { fail(r.row, 'matches an interaction you may not see or change'); continue; }
    updates.push({ row: r.row, input: r.input, target });
  }

  const preview: InteractionOut[] = [];
  if (creates.length) {
    const results = await logInteractions(ctx, creates.map((c) => c.input), 'perRow', () => '');
    for (const [i, r] of results.entries()) {
      const { row } = creates[i]!;
      if (!r.interaction) { fail(row, fieldErrors(r.errors)); continue; }
      outcomes.push({ rowNo: row.rowNo, entity: 'interaction', action: 'created', recordId: r.interaction.id });
      if (preview.length < 10) preview.push(r.interaction);
    }
  }
  const changes = updates.flatMap((u) => {
    const patch = mergeIntoInteraction(u.target, u.input);
    if (Object.keys(patch).length === 0) {
      outcomes.push({ rowNo: u.row.rowNo, entity: 'interaction', action: 'unchanged', recordId: u.target.id });
      return [];
    }
    return [{ ...u, patch, before: interactionSnapshot(u.target, patch) }];
  });
  if (changes.length) {
    const results = await updateInteractions(ctx, changes.map((c) => ({ id: c.target.id, patch: c.patch })), 'perRow');
    for (const [i, r] of results.entries()) {
      const c = changes[i]!;
      if (!r.record) { fail(c.row, fieldErrors(r.errors)); continue; }
      outcomes.push({ rowNo: c.row.rowNo, entity: 'interaction', action: 'updated', recordId: c.target.id, before: c.before as Record<string, unknown> });
      if (preview.length < 10) preview.push(r.record);
    }
  }
  return { outcomes: outcomes.sort((a, b) => a.rowNo - b.rowNo), preview };
}
