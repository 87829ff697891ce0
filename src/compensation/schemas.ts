// The compensation API's shapes: plans (rules as a declared document, checked here so the engine
// only ever sees a well-formed plan), manager scores and statements.
import { z } from 'zod';
import { outcomeKinds } from '../outcomes/tables.ts';

const money = z.number().finite().min(0).max(1e13);
const weight = z.number().min(0).max(1);
const day = z.iso.date();

const band = z.strictObject({
  upTo: money.positive().nullable().describe('Upper edge in cumulative verified assets; null for the open-ended top band'),
  bps: z.number().min(0).max(10_000).describe('Basis points paid on the assets falling in this band'),
});

export const planRules = z.strictObject({
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code'),
  assets: z.strictObject({
    kinds: z.array(z.enum(outcomeKinds)).min(1).default(['assets_deposited']).describe('Outcome kinds whose verified amounts are the inflows of net new assets (outflows: withdrawals and transfers out on the clients\' accounts)'),
    bands: z.array(band).min(1).max(20),
    threshold: money.optional().describe('Nothing is paid below this much verified net new assets'),
    cap: money.optional().describe('The most this component pays'),
  }).superRefine((a, ctx) => {
    a.bands.forEach((b, i) => {
      const last = i === a.bands.length - 1;
      if (last !== (b.upTo === null)) ctx.addIssue({ code: 'custom', path: ['bands', i, 'upTo'], message: last ? 'must be null for the top band' : 'must be a number below the top band' });
      const prev = a.bands[i - 1]?.upTo;
      if (i > 0 && b.upTo !== null && prev != null && b.upTo <= prev) ctx.addIssue({ code: 'custom', path: ['bands', i, 'upTo'], message: 'must be above the band before' });
    });
  }).optional(),
  bonuses: z.array(z.strictObject({
    kind: z.enum(outcomeKinds), amount: money.describe('Paid per verified outcome'),
    minAmount: money.optional().describe('Only outcomes verified for at least this much'), cap: money.optional(),
  })).max(20).optional(),
  subjective: z.strictObject({
    pool: money.describe('Paid in full for a score of 1'),
    managerWeight: weight, timelinessWeight: weight, activityWeight: weight,
    activityTarget: z.number().int().min(0).describe('Interactions in the period that earn the full activity weight'),
  }).refine((s) => s.managerWeight + s.timelinessWeight + s.activityWeight <= 1 + 1e-9, { path: ['managerWeight'], message: 'the three weights must add up to at most 1' }).optional(),
});
export type PlanRules = z.infer<typeof planRules>;

const planFields = {
  name: z.string().trim().min(1).max(200),
  periodStart: day,
  periodEnd: day.describe('Inclusive'),
  teamId: z.uuid().nullish().describe('The team whose members the plan covers; omitted: every rep and manager'),
  rules: planRules,
};
const periodOrder = (p: { periodStart?: string | undefined; periodEnd?: string | undefined }, ctx: z.RefinementCtx) => {
  if (p.periodStart && p.periodEnd && p.periodEnd < p.periodStart) ctx.addIssue({ code: 'custom', path: ['periodEnd'], message: 'must not be before periodStart' });
};
export const planCreate = z.strictObject(planFields).superRefine(periodOrder);
export const planPatch = z.strictObject(planFields).partial().superRefine(periodOrder);
export type PlanCreate = z.infer<typeof planCreate>;
export type PlanPatch = z.infer<typeof planPatch>;

export const planOut = z.object({
  id: z.uuid(), name: z.string(), periodStart: z.string(), periodEnd: z.string(), teamId: z.uuid().nullable(), rules: z.record(z.string(), z.unknown()),
  createdBy: z.uuid().nullable(), createdAt: z.string(), updatedAt: z.string(), version: z.number(),
});
export type PlanOut = z.infer<typeof planOut>;

export const scoreBody = z.strictObject({ score: z.number().int().min(0).max(100), note: z.string().max(5000).nullish() });
export const scoreOut = z.object({ planId: z.uuid(), userId: z.uuid(), score: z.number(), note: z.string().nullable(), scoredBy: z.uuid().nullable(), scoredAt: z.string() });

const lineOut = z.object({
  component: z.enum(['assets', 'bonus']),
  outcomeId: z.uuid().nullable().describe('The verified outcome behind the line; null for an outflow'),
  transactionId: z.uuid().nullable().describe('The withdrawal or transfer out behind an outflow line'),
  accountId: z.uuid().nullable(), kind: z.string().describe('Outcome kind, or withdrawal / transfer_out'),
  status: z.string().describe('The outcome\'s status; booked for an outflow'),
  claimed: z.number().nullable(), counted: z.number().describe('Negative for an outflow'), amount: z.number(), bandVolumes: z.array(z.number()).optional(), note: z.string().optional(),
  interactionId: z.uuid().nullable(), contactId: z.uuid().describe('The client (for an outflow: the rep\'s client owning the account, or in its household)'),
  claimedAt: z.string().nullable(), bookedOn: z.string().nullable(), decidedAt: z.string().nullable(), decidedBy: z.uuid().nullable(),
});

export const statementOut = z.object({
  plan: z.object({ id: z.uuid(), name: z.string(), periodStart: z.string(), periodEnd: z.string() }),
  user: z.object({ id: z.uuid(), name: z.string() }),
  currency: z.string(),
  total: z.number(),
  assets: z.object({
    verified: z.number().describe('Net new assets: inflows less outflows, what the bands pay on'),
    inflows: z.number().describe('Verified outcomes of the plan\'s asset kinds'),
    outflows: z.number().describe('Withdrawals and transfers out on the rep\'s clients\' accounts, in the plan\'s currency'),
    threshold: z.number(), reached: z.boolean(), cap: z.number().nullable(), capped: z.boolean(), amount: z.number(),
    bands: z.array(z.object({ upTo: z.number().nullable(), bps: z.number(), volume: z.number() })),
  }),
  bonuses: z.array(z.object({ kind: z.string(), count: z.number(), amount: z.number(), capped: z.boolean() })),
  subjective: z.object({
    managerScore: z.number().nullable(), timeliness: z.number().nullable(), activity: z.number(), activityScore: z.number(), score: z.number(), amount: z.number(),
  }).nullable(),
  lines: z.array(lineOut).describe('Every verified outcome and every outflow behind every amount'),
  notCounted: z.record(z.string(), z.number()).describe('Outcomes of the period left out, by status (claimed, rejected, lapsed); outflows_in_other_currencies'),
});
export type StatementOut = z.infer<typeof statementOut>;

export const statementSummary = z.object({
  userId: z.uuid(), name: z.string(), currency: z.string(), assets: z.number(), bonuses: z.number(), subjective: z.number(), total: z.number(),
  verifiedAssets: z.number().describe('Net new assets'), outflows: z.number(), countedOutcomes: z.number(),
});
export type StatementSummary = z.infer<typeof statementSummary>;
