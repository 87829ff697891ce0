// The deal API's shapes: create, patch, output and the attribution answer. Cross-field rules that
// need the stored row (a contact or company must remain, an amount needs a currency) are checked in
// the service against the merged values; the ones a single body decides are checked here.
import { z } from 'zod';
import { ownedOut } from '../platform/openapi.ts';
import { currency, money } from '../campaigns/schemas.ts';
import { dealStages } from './tables.ts';

const fields = {
  name: z.string().trim().min(1, 'must not be empty').max(300),
  contactId: z.uuid().nullish().describe('The client; a deal names a contact, a company or both'),
  companyId: z.uuid().nullish(),
  stage: z.enum(dealStages).optional().describe('lead by default; won and lost close the deal (closedAt), an open stage reopens it'),
  amount: money.min(0).nullish().describe('Expected (open) or booked (won) value'),
  currency: currency.nullish().describe('Required with an amount'),
  expectedCloseOn: z.iso.date().nullish(),
  closedAt: z.iso.datetime({ offset: true }).nullish().describe('When it was won or lost; defaults to now on closing. Only for won or lost deals'),
  lostReason: z.string().trim().max(2000).nullish(),
  description: z.string().max(20_000).nullish(),
  campaignId: z.uuid().nullish().describe('Explicit campaign credit (rule-based credit comes from the contact\'s campaign touches)'),
  ownerId: z.uuid().nullish().describe('Defaults to the creator'),
  teamId: z.uuid().nullish().describe("Defaults to the creator's first team"),
};

export const dealCreate = z.strictObject(fields);
export const dealPatch = z.strictObject(fields).partial();
export type DealCreate = z.infer<typeof dealCreate>;
export type DealPatch = z.infer<typeof dealPatch>;

export const dealOut = z.object({
  id: z.uuid(),
  name: z.string(),
  contactId: z.uuid().nullable(),
  companyId: z.uuid().nullable(),
  stage: z.enum(dealStages),
  amount: z.number().nullable(),
  currency: z.string().nullable(),
  expectedCloseOn: z.string().nullable(),
  closedAt: z.string().nullable(),
  lostReason: z.string().nullable(),
  description: z.string().nullable(),
  campaignId: z.uuid().nullable(),
  ...ownedOut,
});
export type DealOut = z.infer<typeof dealOut>;

const creditOut = z.object({ campaignId: z.uuid(), touchedAt: z.string(), source: z.enum(['touch', 'interaction']) }).nullable();
export const dealAttributionOut = z.object({
  dealId: z.uuid(),
  explicitCampaignId: z.uuid().nullable().describe('The campaign named on the deal'),
  firstTouch: creditOut.describe("The contact's earliest campaign touch inside the window before the deal opened"),
  lastTouch: creditOut.describe('The latest one'),
});
