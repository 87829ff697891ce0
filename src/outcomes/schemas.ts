// The outcome API's shapes: a claim, a decision on it, the outcome with its decision history,
// evidence suggestions and the lapse run.
import { z } from 'zod';
import { outcomeKinds, outcomeStatuses } from './tables.ts';

const MAX_AMOUNT = 1e16;
const money = z.number().finite().positive().refine((n) => n < MAX_AMOUNT, 'is too large');
const currency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code like EUR');

export const outcomeClaim = z.strictObject({
  kind: z.enum(outcomeKinds),
  contactId: z.uuid().optional().describe("The client; defaults to the interaction's first contact participant"),
  amount: money.optional(),
  currency: currency.optional(),
  targetAccountId: z.uuid().optional().describe("The client's (or household's) account the assets go to, or the account opened"),
  pledgeId: z.uuid().optional().describe('For a deposit: the pledge it fulfils'),
  ibType: z.string().trim().min(1).max(100).optional().describe('Investment-banking engagement type (M&A advisory, IPO, debt placement...)'),
  expectedFee: money.optional(),
  campaignId: z.uuid().optional().describe('Credit a campaign explicitly'),
  notes: z.string().max(5000).optional(),
}).superRefine((c, ctx) => {
  const needsAmount = c.kind === 'assets_pledged' || c.kind === 'assets_deposited' || c.kind === 'revenue';
  if (needsAmount && c.amount === undefined) ctx.addIssue({ code: 'custom', path: ['amount'], message: `is required for ${c.kind}` });
  if ((c.amount !== undefined || c.expectedFee !== undefined) && c.currency === undefined) ctx.addIssue({ code: 'custom', path: ['currency'], message: 'is required with an amount' });
  if (c.kind === 'ib_engagement' && !c.ibType) ctx.addIssue({ code: 'custom', path: ['ibType'], message: 'is required for ib_engagement' });
  if (c.pledgeId && c.kind !== 'assets_deposited') ctx.addIssue({ code: 'custom', path: ['pledgeId'], message: 'only a deposit fulfils a pledge' });
});
export type OutcomeClaim = z.infer<typeof outcomeClaim>;

export const decisionIn = z.strictObject({
  status: z.enum(['verified', 'partially_verified', 'rejected']),
  amountVerified: money.optional().describe('Required for partially_verified: the amount actually received'),
  reason: z.string().trim().min(1).max(2000).optional().describe('Required for rejected'),
  evidence: z.string().max(5000).optional(),
  transactionIds: z.array(z.uuid()).max(100).default([]).describe("Transactions on the client's or household's accounts that prove it"),
  correctsId: z.uuid().optional().describe('To change a decision already made: the decision this one corrects (the current one)'),
}).superRefine((d, ctx) => {
  if (d.status === 'partially_verified' && d.amountVerified === undefined) ctx.addIssue({ code: 'custom', path: ['amountVerified'], message: 'is required for partially_verified' });
  if (d.status === 'rejected' && !d.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'is required for rejected' });
  if (d.status === 'rejected' && d.transactionIds.length) ctx.addIssue({ code: 'custom', path: ['transactionIds'], message: 'a rejection links no evidence' });
});
export type DecisionIn = z.infer<typeof decisionIn>;

export const decisionOut = z.object({
  id: z.uuid(), seq: z.number(), status: z.enum(outcomeStatuses), amountVerified: z.number().nullable(), reason: z.string().nullable(),
  evidence: z.string().nullable(), transactionIds: z.array(z.uuid()), correctsId: z.uuid().nullable(), decidedBy: z.uuid().nullable(), decidedAt: z.string(),
});
export type DecisionOut = z.infer<typeof decisionOut>;

export const outcomeOut = z.object({
  id: z.uuid(), interactionId: z.uuid(), kind: z.enum(outcomeKinds), contactId: z.uuid(), amount: z.number().nullable(), currency: z.string().nullable(),
  targetAccountId: z.uuid().nullable(), pledgeId: z.uuid().nullable(), ibType: z.string().nullable(), expectedFee: z.number().nullable(),
  campaignId: z.uuid().nullable(), notes: z.string().nullable(), claimedBy: z.uuid(), claimedAt: z.string(),
  status: z.enum(outcomeStatuses).describe('The latest decision'), decisions: z.array(decisionOut).describe('Oldest first; the first is the claim'),
  ownerId: z.uuid().nullable(), teamId: z.uuid().nullable(),
});
export type OutcomeOut = z.infer<typeof outcomeOut>;

export const evidenceQuery = z.object({
  tolerancePct: z.coerce.number().min(0).max(50).default(2).describe('Amount band around the claim, in percent'),
  windowDays: z.coerce.number().int().min(1).max(366).default(30).describe('Days after the claim to look for the money'),
  lookbackDays: z.coerce.number().int().min(0).max(31).default(0).describe('Days before the claim also searched (money booked just before it was logged)'),
});
export type EvidenceQuery = z.infer<typeof evidenceQuery>;

export const suggestionOut = z.object({
  transactionId: z.uuid(), accountId: z.uuid(), numberMasked: z.string(), custodian: z.string().nullable(), viaHousehold: z.boolean(),
  kind: z.string(), amount: z.number(), currency: z.string(), bookedOn: z.string(), description: z.string().nullable(),
  difference: z.number().describe('Booked minus claimed'), alreadyEvidenceFor: z.array(z.uuid()).describe('Other outcomes a decision linked this transaction to'),
});
export type SuggestionOut = z.infer<typeof suggestionOut>;

export const lapseIn = z.strictObject({ days: z.number().int().min(1).max(3650).default(90) });
export const lapseOut = z.object({ lapsed: z.number(), outcomeIds: z.array(z.uuid()) });
