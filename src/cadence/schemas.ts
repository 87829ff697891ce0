// The cadence API's shapes: policies, an evaluation run, a contact's cadence, compliance by rep or
// team, and the over-contact warning an interaction create answers with.
import { z } from 'zod';
import { interactionKinds } from '../interactions/schemas.ts';
import { cadenceScopeKinds, cadenceStates } from './tables.ts';

const days = z.number().int().min(1).max(3650);

const fields = {
  name: z.string().trim().min(1, 'must not be empty').max(200),
  active: z.boolean().optional(),
  scopeKind: z.enum(cadenceScopeKinds).describe('tier: contact tier; relationship: lifecycle stage; segment: a category id; all: every contact'),
  scopeValue: z.string().trim().min(1).max(200).nullish(),
  kinds: z.array(z.enum(interactionKinds)).min(1).nullish().describe('Interaction kinds that count; omitted or null: every kind'),
  minIntervalDays: days.nullish().describe('Not too often: fewer days than this between two contacts is over-contact'),
  maxIntervalDays: days.nullish().describe('Not too rarely: a client not contacted for more days than this is overdue'),
  effectiveFrom: z.iso.datetime({ offset: true }).optional().describe('The overdue clock never starts before this; defaults to now'),
};

type PolicyShape = { scopeKind?: string | undefined; scopeValue?: string | null | undefined; minIntervalDays?: number | null | undefined; maxIntervalDays?: number | null | undefined };
const consistent = (p: PolicyShape, ctx: z.RefinementCtx) => {
  if (p.scopeKind !== undefined && p.scopeKind !== 'all' && !p.scopeValue) {
    ctx.addIssue({ code: 'custom', path: ['scopeValue'], message: `is required for scope ${p.scopeKind}` });
  }
  if (p.scopeKind === 'segment' && p.scopeValue && !z.uuid().safeParse(p.scopeValue).success) {
    ctx.addIssue({ code: 'custom', path: ['scopeValue'], message: 'must be a category id for scope segment' });
  }
  if (p.minIntervalDays != null && p.maxIntervalDays != null && p.minIntervalDays > p.maxIntervalDays) {
    ctx.addIssue({ code: 'custom', path: ['minIntervalDays'], message: 'must not exceed maxIntervalDays' });
  }
};

export const policyCreate = z.strictObject(fields).superRefine((p, ctx) => {
  consistent(p, ctx);
  if (p.minIntervalDays == null && p.maxIntervalDays == null) {
    ctx.addIssue({ code: 'custom', path: ['maxIntervalDays'], message: 'give minIntervalDays, maxIntervalDays or both' });
  }
});
export const policyPatch = z.strictObject(fields).partial().superRefine(consistent);
export type PolicyCreate = z.infer<typeof policyCreate>;
export type PolicyPatch = z.infer<typeof policyPatch>;

export const policyOut = z.object({
  id: z.uuid(), name: z.string(), active: z.boolean(), scopeKind: z.enum(cadenceScopeKinds), scopeValue: z.string().nullable(),
  kinds: z.array(z.string()).nullable(), minIntervalDays: z.number().nullable(), maxIntervalDays: z.number().nullable(),
  effectiveFrom: z.string(), createdBy: z.uuid().nullable(), createdAt: z.string(), updatedAt: z.string(), version: z.number(),
});
export type PolicyOut = z.infer<typeof policyOut>;

export const evaluateBody = z.strictObject({
  asOf: z.iso.datetime({ offset: true }).optional().describe('Evaluate as of this instant (defaults to now); interactions after it are ignored'),
});
export const evaluateOut = z.object({
  runId: z.uuid(), asOf: z.string(), evaluated: z.number(), ok: z.number(), overdue: z.number(), overContacted: z.number(),
  inactive: z.number(), tasksCreated: z.number(), ms: z.number(),
});
export type EvaluateOut = z.infer<typeof evaluateOut>;

export const contactCadenceOut = z.object({
  contactId: z.uuid(),
  asOf: z.string(),
  policies: z.array(z.object({
    policy: policyOut.pick({ id: true, name: true, kinds: true, minIntervalDays: true, maxIntervalDays: true }),
    status: z.enum(cadenceStates), timeZone: z.string(), lastContactAt: z.string().nullable(), recentContacts: z.number(),
    nextAllowedOn: z.string().nullable().describe('First local day a contact no longer breaks the minimum interval'),
    dueOn: z.string().nullable().describe('Last local day a contact keeps the client inside the maximum interval'),
    openTaskId: z.uuid().nullable(),
  })),
});
export type ContactCadenceOut = z.infer<typeof contactCadenceOut>;

export const complianceQuery = z.object({ groupBy: z.enum(['rep', 'team']).default('rep') });
export const complianceRow = z.object({
  id: z.uuid().nullable().describe('The rep (owner) or team; null for clients with none'), name: z.string().nullable(),
  clients: z.number(), inside: z.number(), overdue: z.number(), overContacted: z.number(),
  share: z.number().nullable().describe('inside / clients, 0..1; null for an empty book'),
});
export const complianceOut = z.object({ groupBy: z.enum(['rep', 'team']), evaluatedAt: z.string().nullable(), data: z.array(complianceRow) });
export type ComplianceRow = z.infer<typeof complianceRow>;

export const cadenceWarningOut = z.object({
  code: z.literal('over_contacted'), contactId: z.uuid(), policyId: z.uuid(), policyName: z.string(), minIntervalDays: z.number(),
  otherContactAt: z.string(), message: z.string(),
});
export type CadenceWarning = z.infer<typeof cadenceWarningOut>;

export const runOut = z.object({
  id: z.uuid(), asOf: z.string(), startedAt: z.string(), finishedAt: z.string(), counts: z.record(z.string(), z.number()), createdBy: z.uuid().nullable(),
});
export type RunOut = z.infer<typeof runOut>;
