// The contact API's shapes: one zod schema each for create, patch and output. They validate
// requests and generate the OpenAPI document.
import { z } from 'zod';
import { isValidEmail } from './normalize.ts';
import { qualityFieldsOut } from '../quality/schemas.ts';

/** Net worth is stored as numeric(18, 2): its absolute value stays below 10^16. */
export const NET_WORTH_LIMIT = 1e16;

export const lifecycleStages = ['lead', 'prospect', 'client', 'former'] as const;
export const consentChannels = ['email', 'phone', 'sms', 'postal', 'in_person', 'web'] as const;

const text = (max = 200) => z.string().max(max).nullish();

export const emailIn = z.strictObject({
  address: z.string().trim().max(320).refine(isValidEmail, 'is not a valid email address'),
  type: z.string().max(40).optional(),
  primary: z.boolean().optional(),
});
export const phoneIn = z.strictObject({
  number: z.string().trim().min(3).max(40).regex(/^[+()\d\s./-]+(\s*(x|ext\.?)\s*\d+)?$/i, 'is not a phone number'),
  type: z.string().max(40).optional(),
  primary: z.boolean().optional(),
});
export const addressIn = z.strictObject({
  type: z.string().max(40).optional(),
  line1: text(), line2: text(), city: text(120),
  region: text(120).describe('Stored as an ISO 3166-2 code ("Texas" -> "US-TX") where the country\'s subdivisions are known'),
  postalCode: text(20).describe('Written the country\'s way when valid there; kept as typed and flagged otherwise'),
  country: z.string().max(100).nullish()
    .describe('Stored as ISO 3166-1 alpha-2: names, alpha-3 and variants ("Deutschland", "USA", "UK") are converted; anything else is kept and flagged'),
  primary: z.boolean().optional(),
});
const consentIn = z.strictObject({
  status: z.enum(['granted', 'denied', 'unknown']),
  at: z.iso.datetime({ offset: true }).nullish(),
  source: text(),
});
const companyLinkIn = z.strictObject({ companyId: z.uuid(), role: text(120), isPrimary: z.boolean().optional() });
export const sourceIdentifierIn = z.strictObject({ system: z.string().min(1).max(60), externalId: z.string().min(1).max(200) });
/** Where a write's values come from (sources/): absent = typed in Rapport (system "rapport"). */
export const sourceIn = z.strictObject({
  system: z.string().min(1).max(60).refine((s) => s !== 'rapport', 'is reserved for edits typed in Rapport (leave source out)'),
  externalId: z.string().min(1).max(200).optional().describe('The record\'s id in that system; added to sourceIdentifiers'),
  payload: z.unknown().optional().describe('The raw record as that system sent it (default: this request\'s body)'),
}).describe('The system these values come from: they become its source record, and the record shows the golden value of each field');

const contactFields = {
  prefix: text(40), givenName: text(), middleName: text(), familyName: text(), suffix: text(40),
  jobTitle: text(),
  lifecycleStage: z.enum(lifecycleStages).optional(),
  tier: text(60),
  ownerId: z.uuid().nullish(),
  teamId: z.uuid().nullish(),
  emails: z.array(emailIn).max(50).optional(),
  phones: z.array(phoneIn).max(50).optional(),
  addresses: z.array(addressIn).max(20).optional(),
  birthDate: z.iso.date().nullish(),
  netWorth: z.strictObject({ amount: z.number().finite().refine((n) => Math.abs(n) < NET_WORTH_LIMIT, 'is too large'), currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code') }).nullish(),
  accountNumbers: z.array(z.strictObject({ system: z.string().min(1).max(60), number: z.string().min(1).max(60) })).max(50).optional(),
  contractDocuments: z.array(z.strictObject({ name: z.string().min(1).max(200), url: z.url().nullish(), signedOn: z.iso.date().nullish() })).max(100).optional(),
  consent: z.partialRecord(z.enum(consentChannels), consentIn).optional(),
  tags: z.array(z.string().trim().min(1).max(60)).max(100).optional(),
  categoryIds: z.array(z.uuid()).max(100).optional(),
  companies: z.array(companyLinkIn).max(50).optional(),
  sourceIdentifiers: z.array(sourceIdentifierIn).max(100).optional(),
  customFields: z.record(z.string(), z.unknown()).optional(),
  source: sourceIn.optional(),
};

export const contactCreate = z.strictObject(contactFields).superRefine((c, ctx) => {
  if (!c.givenName?.trim() && !c.familyName?.trim() && !(c.emails?.length)) {
    ctx.addIssue({ code: 'custom', path: ['familyName'], message: 'a contact needs a given name, a family name or an email' });
  }
});
export const contactPatch = z.strictObject(contactFields).partial();

/**
 * For importers: like contactCreate, but an email that fails the syntax check is accepted, kept
 * as typed and flagged (quality issue email_invalid) instead of failing the row. The API and
 * forms keep the strict check: a person there can correct the address at once.
 */
const lenientEmailIn = emailIn.extend({ address: z.string().trim().min(1).max(320) });
export const contactImportRow = z.strictObject({ ...contactFields, emails: z.array(lenientEmailIn).max(50).optional() }).superRefine((c, ctx) => {
  if (!c.givenName?.trim() && !c.familyName?.trim() && !(c.emails?.length)) {
    ctx.addIssue({ code: 'custom', path: ['familyName'], message: 'a contact needs a given name, a family name or an email' });
  }
});
export type ContactCreate = z.infer<typeof contactCreate>;
export type ContactPatch = z.infer<typeof contactPatch>;

const emailOut = z.object({ address: z.string(), type: z.string(), primary: z.boolean() });
const phoneOut = z.object({ number: z.string(), e164: z.string().nullable(), type: z.string(), primary: z.boolean() });
const addressOut = z.object({
  type: z.string(), line1: z.string().nullable(), line2: z.string().nullable(), city: z.string().nullable(), region: z.string().nullable(),
  postalCode: z.string().nullable(), country: z.string().nullable(), primary: z.boolean(),
});
export { emailOut, phoneOut, addressOut };

export const contactOut = z.object({
  id: z.uuid(),
  prefix: z.string().nullable(), givenName: z.string().nullable(), middleName: z.string().nullable(), familyName: z.string().nullable(), suffix: z.string().nullable(),
  displayName: z.string(), jobTitle: z.string().nullable(), lifecycleStage: z.enum(lifecycleStages), tier: z.string().nullable(),
  ownerId: z.uuid().nullable(), teamId: z.uuid().nullable(),
  emails: z.array(emailOut), phones: z.array(phoneOut), addresses: z.array(addressOut),
  birthDate: z.string().nullable().optional().describe('Sensitive: absent for roles without permission'),
  netWorth: z.object({ amount: z.number(), currency: z.string() }).nullable().optional().describe('Sensitive'),
  accountNumbers: z.array(z.object({ system: z.string(), number: z.string() })).optional().describe('Sensitive'),
  contractDocuments: z.array(z.object({ name: z.string(), url: z.string().nullable(), signedOn: z.string().nullable() })).optional().describe('Sensitive'),
  consent: z.record(z.string(), z.object({ status: z.string(), at: z.string().nullable(), source: z.string().nullable() })),
  tags: z.array(z.string()),
  categories: z.array(z.object({ id: z.uuid(), path: z.string() })),
  companies: z.array(z.object({ companyId: z.uuid(), name: z.string(), role: z.string().nullable(), isPrimary: z.boolean() })),
  sourceIdentifiers: z.array(z.object({ system: z.string(), externalId: z.string() })),
  customFields: z.record(z.string(), z.unknown()),
  ...qualityFieldsOut,
  createdAt: z.string(), updatedAt: z.string(), version: z.number(),
});
export type ContactOut = z.infer<typeof contactOut>;
