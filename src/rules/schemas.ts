// The rules API's shapes. A condition is JSON data: {field, op, value}, {all: [...]} or
// {any: [...]}; the service checks it against the entity's fields and names the bad path.
import { z } from 'zod';
import { ops } from './engine.ts';

const conditionDoc = `{field, op, value} with op one of ${ops.join(', ')}; or {all: [conditions]} / {any: [conditions]} (up to 5 deep, 50 conditions). `
  + 'Fields: the entity\'s own (givenName, country, region, netWorth, tags, ...; industry and companyName of a contact\'s primary company) or customFields.<key>.';

export const ruleAction = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('addCategory'), categoryId: z.uuid() }),
  z.strictObject({ type: z.literal('addTag'), tag: z.string().trim().min(1).max(60) }),
  z.strictObject({ type: z.literal('setTier'), tier: z.string().trim().min(1).max(60) }),
]);

const fields = {
  name: z.string().trim().min(1).max(200),
  condition: z.record(z.string(), z.unknown()).describe(conditionDoc),
  actions: z.array(ruleAction).min(1).max(20),
  enabled: z.boolean().optional(),
  position: z.number().int().min(0).max(10_000).optional().describe('Rules apply in ascending position; a later setTier wins'),
};

export const ruleCreate = z.strictObject({ ...fields, entity: z.enum(['contact', 'company']) });
export const rulePatch = z.strictObject(fields).partial();
export type RuleCreate = z.infer<typeof ruleCreate>;
export type RulePatch = z.infer<typeof rulePatch>;

export const ruleOut = z.object({
  id: z.uuid(), name: z.string(), entity: z.enum(['contact', 'company']),
  condition: z.record(z.string(), z.unknown()), actions: z.array(ruleAction),
  enabled: z.boolean(), position: z.number(), createdAt: z.string(), updatedAt: z.string(), version: z.number(),
});
export type RuleOut = z.infer<typeof ruleOut>;

export const runOut = z.object({
  jobId: z.uuid().describe('The background job re-running the rule: GET /api/v1/jobs/{jobId} for progress and the summary'),
});
