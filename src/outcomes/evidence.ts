// Evidence for claimed outcomes: the transactions on the client's accounts (directly or through a
// household) that match the claimed amount within a tolerance, in the claimed currency, booked in
// a window after the claim, closest amount first; and the controller's queue of claims awaiting a
// decision, each with its suggestions and whether the caller may decide on it.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { readInTenant, type Ctx } from '../platform/context.ts';
import { forbidden, invalid, notFound } from '../platform/errors.ts';
import { canAdvisor } from '../platform/policy/advisor.ts';
import { inflowsFor } from '../accounts/service.ts';
import { outcomes } from './tables.ts';
import { evidenceLinks, selectOutcomes, statusSql, type OutcomeWithDecisions } from './data.ts';
import { separationProblem } from './duties.ts';
import { reportingLine } from './decisions.ts';
import { presentOutcome } from './presenter.ts';
import type { EvidenceQuery, OutcomeOut, SuggestionOut } from './schemas.ts';

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export async function suggestionsFor(q: Queryable, tenantId: string, o: OutcomeWithDecisions, opts: EvidenceQuery, limit = 20): Promise<SuggestionOut[]> {
  if (o.amount === null || o.currency === null) return [];
  const amount = Number(o.amount);
  const band = (amount * opts.tolerancePct) / 100;
  const claimed = o.claimedAt.getTime();
  const rows = await inflowsFor(q, tenantId, {
    contactId: o.contactId, currency: o.currency, min: amount - band, max: amount + band,
    from: isoDay(claimed - opts.lookbackDays * DAY), to: isoDay(claimed + opts.windowDays * DAY), target: amount, limit,
  });
  const links = await evidenceLinks(q, tenantId, rows.map((r) => r.id), o.id);
  return rows.map((r) => ({
    transactionId: r.id, accountId: r.account_id, numberMasked: r.number_masked, custodian: r.custodian, viaHousehold: r.via_household,
    kind: r.kind, amount: Number(r.amount), currency: r.currency, bookedOn: r.booked_on, description: r.description,
    difference: Math.round((Number(r.amount) - amount) * 100) / 100, alreadyEvidenceFor: links.get(r.id) ?? [],
  }));
}

function allowVerify(ctx: Ctx) {
  if (!canAdvisor(ctx.principal, 'verify', 'outcome')) throw forbidden('Only controllers and admins see evidence suggestions');
}

export async function suggestEvidence(ctx: Ctx, outcomeId: string, opts: EvidenceQuery): Promise<SuggestionOut[]> {
  allowVerify(ctx);
  return readInTenant(ctx, async (q) => {
    const [o] = await selectOutcomes(q, ctx.tenantId, eq(outcomes.id, outcomeId), [], 1);
    if (!o) throw notFound('Outcome');
    return suggestionsFor(q, ctx.tenantId, o, opts);
  });
}

export interface QueueItem { outcome: OutcomeOut; suggestions: SuggestionOut[]; mayDecide: boolean; blockedBecause: string | null }

/** Claims awaiting a decision, oldest first (keyset on claimedAt, id), with up to 5 suggestions each. */
export async function verificationQueue(ctx: Ctx, q: EvidenceQuery & { limit: number; cursor?: string | undefined; kind?: string | undefined }) {
  allowVerify(ctx);
  let after: { at: string; id: string } | null = null;
  if (q.cursor) {
    const [at, id] = Buffer.from(q.cursor, 'base64url').toString('utf8').split('|');
    if (!at || !id || !/^[0-9a-f-]{36}$/i.test(id) || Number.isNaN(Date.parse(at))) throw invalid('cursor', 'is not a cursor this API issued');
    after = { at, id };
  }
  return readInTenant(ctx, async (db) => {
    const rows = await selectOutcomes(db, ctx.tenantId, and(
      sql`${statusSql} = 'claimed'`, q.kind ? eq(outcomes.kind, q.kind as OutcomeOut['kind']) : undefined,
      after ? sql`(${outcomes.claimedAt}, ${outcomes.id}) > (${after.at}::timestamptz, ${after.id}::uuid)` : undefined,
    ), [asc(outcomes.claimedAt), asc(outcomes.id)], q.limit + 1);
    const line = await reportingLine(db, ctx);
    const page = rows.slice(0, q.limit);
    const data: QueueItem[] = [];
    for (const o of page) {
      const blockedBecause = separationProblem(line, o.claimedBy);
      data.push({ outcome: presentOutcome(o), suggestions: await suggestionsFor(db, ctx.tenantId, o, q, 5), mayDecide: blockedBecause === null, blockedBecause });
    }
    const last = page[page.length - 1];
    const nextCursor = rows.length > q.limit && last ? Buffer.from(`${last.claimedAt.toISOString()}|${last.id}`).toString('base64url') : null;
    return { data, nextCursor };
  });
}
