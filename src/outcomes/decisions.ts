// Deciding on claimed outcomes: verify (linking the transactions that prove it), partially verify
// (the amount actually received) or reject with a reason; only controllers and admins, never on
// their own claims or their reporting line's (duties.ts). Decisions are append-only: changing one
// is a new decision naming the one it corrects. Pledges not converted in time lapse (a decision by
// the system), which flags them to their claimant through the outcome.lapsed event.
import { and, eq, inArray } from 'drizzle-orm';
import type { Queryable, Tx } from '../db/client.ts';
import { inTenant, type Ctx } from '../platform/context.ts';
import { AppError, conflict, forbidden, notFound, type FieldError } from '../platform/errors.ts';
import { uuidv7 } from '../platform/ids.ts';
import { appendAudit } from '../platform/audit/service.ts';
import { emitEvents } from '../platform/outbox/service.ts';
import { canAdvisor } from '../platform/policy/advisor.ts';
import { fieldProblem } from '../timeline/references.ts';
import { transactions } from '../accounts/tables.ts';
import { decisionTransactions, outcomeDecisions, outcomes } from './tables.ts';
import { managerChain, outcomesByIds, pledgesToLapse, reportsOf } from './data.ts';
import { separationProblem, type ReportingLine } from './duties.ts';
import { presentOutcome } from './presenter.ts';
import { isClientAccount } from './service.ts';
import type { DecisionIn, OutcomeOut } from './schemas.ts';

export async function reportingLine(q: Queryable, ctx: Ctx): Promise<ReportingLine> {
  // One after the other: `q` may be one connection (node-postgres 9 refuses overlapping queries on one client).
  const managers = await managerChain(q, ctx.tenantId, ctx.principal.userId);
  const reports = await reportsOf(q, ctx.tenantId, ctx.principal.userId);
  return { userId: ctx.principal.userId, managers, reports };
}

async function checkEvidence(tx: Tx, ctx: Ctx, contactId: string, ids: string[]): Promise<{ sum: number; currencies: Set<string> }> {
  if (ids.length === 0) return { sum: 0, currencies: new Set() };
  const rows = await tx.select({ id: transactions.id, accountId: transactions.accountId, amount: transactions.amount, currency: transactions.currency, kind: transactions.kind })
    .from(transactions).where(and(eq(transactions.tenantId, ctx.tenantId), inArray(transactions.id, ids)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const clientAccounts = await isClientAccount(tx, ctx.tenantId, contactId, [...new Set(rows.map((r) => r.accountId))]);
  const errors: FieldError[] = [];
  ids.forEach((id, i) => {
    const t = byId.get(id);
    if (!t) errors.push({ field: `transactionIds.${i}`, message: 'no such transaction' });
    else if (!clientAccounts.has(t.accountId)) errors.push({ field: `transactionIds.${i}`, message: "is not on an account of the client or the client's household" });
    else if (t.kind !== 'deposit' && t.kind !== 'transfer_in') errors.push({ field: `transactionIds.${i}`, message: `is a ${t.kind}, not money coming in` });
  });
  if (new Set(ids).size !== ids.length) errors.push({ field: 'transactionIds', message: 'lists a transaction twice' });
  if (errors.length) throw fieldProblem(errors);
  return { sum: rows.reduce((s, r) => s + Number(r.amount), 0), currencies: new Set(rows.map((r) => r.currency)) };
}

export async function decideOutcome(ctx: Ctx, outcomeId: string, input: DecisionIn): Promise<OutcomeOut> {
  if (!canAdvisor(ctx.principal, 'verify', 'outcome')) throw forbidden('Only controllers and admins decide on outcomes');
  return inTenant(ctx, async (tx) => {
    // The row lock serialises decisions on one outcome, so seq numbers never collide.
    const [locked] = await tx.select({ id: outcomes.id }).from(outcomes).where(and(eq(outcomes.tenantId, ctx.tenantId), eq(outcomes.id, outcomeId))).for('update');
    if (!locked) throw notFound('Outcome');
    const [outcome] = await outcomesByIds(tx, ctx.tenantId, [outcomeId]);
    const o = outcome!;
    const problem = separationProblem(await reportingLine(tx, ctx), o.claimedBy);
    if (problem) throw new AppError('separation_of_duties', 403, problem);
    const latest = o.decisions[o.decisions.length - 1]!;
    if (input.correctsId) {
      if (latest.status === 'claimed' || input.correctsId !== latest.id) {
        throw fieldProblem([{ field: 'correctsId', message: latest.status === 'claimed' ? 'nothing to correct: the outcome is undecided' : `must be the current decision ${latest.id}` }]);
      }
    } else if (latest.status !== 'claimed') {
      throw conflict(`Outcome is already ${latest.status}; to change that, send correctsId ${latest.id} with the new decision`, 'correctsId');
    }
    const evidence = await checkEvidence(tx, ctx, o.contactId, input.transactionIds);
    if (o.currency && evidence.currencies.size && ![...evidence.currencies].every((c) => c === o.currency)) {
      throw fieldProblem([{ field: 'transactionIds', message: `are not all in the claimed currency ${o.currency}` }]);
    }
    const claimed = o.amount === null ? null : Number(o.amount);
    let amountVerified: number | null = null;
    if (input.status === 'verified') amountVerified = input.amountVerified ?? (input.transactionIds.length ? evidence.sum : claimed);
    if (input.status === 'partially_verified') {
      amountVerified = input.amountVerified!;
      if (claimed !== null && amountVerified >= claimed) throw fieldProblem([{ field: 'amountVerified', message: 'is the full claimed amount or more: verify instead' }]);
    }
    const decisionId = uuidv7();
    await tx.insert(outcomeDecisions).values({
      tenantId: ctx.tenantId, id: decisionId, outcomeId, seq: latest.seq + 1, status: input.status,
      amountVerified: amountVerified === null ? null : amountVerified.toFixed(2), reason: input.reason ?? null, evidence: input.evidence?.trim() || null,
      correctsId: input.correctsId ?? null, decidedBy: ctx.principal.userId, decidedAt: new Date(),
    });
    if (input.transactionIds.length) {
      await tx.insert(decisionTransactions).values(input.transactionIds.map((transactionId) => ({ tenantId: ctx.tenantId, decisionId, transactionId })));
    }
    const [after] = await outcomesByIds(tx, ctx.tenantId, [outcomeId]);
    const out = presentOutcome(after!);
    await appendAudit(tx, ctx.tenantId, ctx.actor, [{
      action: input.correctsId ? 'outcome.decision_corrected' : `outcome.${input.status}`, entity: 'outcome', entityId: outcomeId,
      changes: {
        status: { before: latest.status, after: input.status },
        decision: { before: input.correctsId ?? null, after: { id: decisionId, amountVerified, reason: input.reason ?? null, transactionIds: input.transactionIds } },
      },
    }]);
    await emitEvents(tx, ctx.tenantId, ctx.actor.id, [{ type: 'outcome.decided', entity: 'outcome', entityId: outcomeId, payload: out }]);
    return out;
  });
}

/** Lapses up to `limit` pledges in tx; answers their ids (empty when none are left). */
export async function lapseBatch(tx: Tx, ctx: Ctx, days: number, limit = 500): Promise<string[]> {
  const candidates = await pledgesToLapse(tx, ctx.tenantId, days, limit);
  if (candidates.length === 0) return [];
  // Lock, then re-read: a controller deciding at the same moment wins and the pledge is left alone.
  await tx.select({ id: outcomes.id }).from(outcomes).where(and(eq(outcomes.tenantId, ctx.tenantId), inArray(outcomes.id, candidates))).for('update');
  const still = new Set(await pledgesToLapse(tx, ctx.tenantId, days, limit));
  const rows = (await outcomesByIds(tx, ctx.tenantId, candidates.filter((id) => still.has(id))));
  const now = new Date();
  const reason = `Pledge not converted within ${days} days`;
  if (rows.length === 0) return [];
  await tx.insert(outcomeDecisions).values(rows.map((o) => ({
    tenantId: ctx.tenantId, id: uuidv7(), outcomeId: o.id, seq: o.decisions[o.decisions.length - 1]!.seq + 1, status: 'lapsed' as const,
    reason, decidedBy: null, decidedAt: now,
  })));
  await appendAudit(tx, ctx.tenantId, ctx.actor, rows.map((o) => ({ action: 'outcome.lapsed', entity: 'outcome', entityId: o.id, changes: { status: { before: 'claimed', after: 'lapsed' } } })));
  await emitEvents(tx, ctx.tenantId, ctx.actor.id, rows.map((o) => ({
    type: 'outcome.lapsed', entity: 'outcome', entityId: o.id, payload: { id: o.id, claimedBy: o.claimedBy, contactId: o.contactId, amount: Number(o.amount), currency: o.currency, reason },
  })));
  return rows.map((o) => o.id);
}

/** Lapses every pledge still claimed after `days`, 500 per transaction. */
export async function lapsePledges(ctx: Ctx, days: number): Promise<{ lapsed: number; outcomeIds: string[] }> {
  if (!canAdvisor(ctx.principal, 'lapse', 'outcome')) throw forbidden('Only controllers and admins lapse pledges');
  const all: string[] = [];
  for (;;) {
    const ids = await inTenant(ctx, (tx) => lapseBatch(tx, ctx, days));
    all.push(...ids);
    if (ids.length < 500) break;
  }
  return { lapsed: all.length, outcomeIds: all };
}

