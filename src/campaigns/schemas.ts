// The campaign API's shapes: campaigns, their cost lines and touches; attribution output.
import { z } from 'zod';
import { ownedOut } from '../platform/openapi.ts';
import { campaignTypes, touchKinds } from './tables.ts';

const MAX_AMOUNT = 1e16;
export const money = z.number().finite().refine((n) => Math.abs(n) < MAX_AMOUNT, 'is too large');
export const currency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code like EUR');
export const isoDate = z.iso.date();

const fields = {
  name: z.string().trim().min(1).max(200),
  type: z.enum(campaignTypes),
  parentId: z.uuid().nullish().describe('The programme this campaign belongs to (a campaign of type programme)'),
  description: z.string().max(5000).nullish(),
  startsOn: isoDate.nullish(),
  endsOn: isoDate.nullish(),
  budget: money.min(0).nullish(),
  currency: currency.nullish(),
  attributionWindowDays: z.number().int().min(0).max(3650).optional().describe('Days after a touch during which outcomes are credited (default 90)'),
  ownerId: z.uuid().nullish(),
  teamId: z.uuid().nullish(),
};

const datesInOrder = (c: { startsOn?: string | null | undefined; endsOn?: string | null | undefined }, ctx: z.RefinementCtx) => {
  if (c.startsOn && c.endsOn && c.endsOn < c.startsOn) ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'is before startsOn' });
};

export const campaignCreate = z.strictObject(fields).superRefine(datesInOrder);
export const campaignPatch = z.strictObject(fields).partial().superRefine(datesInOrder);
export type CampaignCreate = z.infer<typeof campaignCreate>;
export type CampaignPatch = z.infer<typeof campaignPatch>;

export const campaignOut = z.object({
  id: z.uuid(),
  name: z.string(),
  type: z.enum(campaignTypes),
  parentId: z.uuid().nullable(),
  description: z.string().nullable(),
  startsOn: z.string().nullable(),
  endsOn: z.string().nullable(),
  budget: z.number().nullable(),
  currency: z.string().nullable(),
  attributionWindowDays: z.number(),
  costs: z.array(z.object({ currency: z.string(), total: z.number() })).describe('Cost lines summed per currency'),
  ...ownedOut,
});
export type CampaignOut = z.infer<typeof campaignOut>;

export const costCreate = z.strictObject({
  description: z.string().trim().min(1).max(500),
  amount: money.positive(),
  currency,
  incurredOn: isoDate.nullish(),
});
export type CostCreate = z.infer<typeof costCreate>;
export const costOut = z.object({
  id: z.uuid(), campaignId: z.uuid(), description: z.string(), amount: z.number(), currency: z.string(),
  incurredOn: z.string().nullable(), createdBy: z.uuid().nullable(), createdAt: z.string(),
});
export type CostOut = z.infer<typeof costOut>;

export const touchCreate = z.strictObject({
  contactId: z.uuid(),
  kind: z.enum(touchKinds),
  touchedAt: z.iso.datetime({ offset: true }),
});
export type TouchCreate = z.infer<typeof touchCreate>;
export const touchOut = z.object({
  id: z.uuid(), campaignId: z.uuid(), contactId: z.uuid(), kind: z.enum(touchKinds), touchedAt: z.string(), createdAt: z.string(),
});
export type TouchOut = z.infer<typeof touchOut>;

const creditOut = z.object({ campaignId: z.uuid(), touchedAt: z.string(), source: z.enum(['touch', 'interaction']) }).nullable();
export const attributionOut = z.object({
  outcomeId: z.uuid(),
  explicitCampaignId: z.uuid().nullable().describe('Named on the outcome or on its interaction'),
  firstTouch: creditOut,
  lastTouch: creditOut,
});
