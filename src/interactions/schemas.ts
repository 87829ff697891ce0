// The interaction API's shapes: create, patch and output. They validate requests and generate the
// OpenAPI document; checks that need the database live in checks.ts.
import { z } from 'zod';
import { ownedOut } from '../platform/openapi.ts';

export const interactionKinds = ['in_person', 'phone_call', 'email', 'postal_mail', 'video_call', 'sms', 'web_form', 'event'] as const;
export const directions = ['inbound', 'outbound', 'internal'] as const;

const text = (max: number) => z.string().max(max).nullish();
// numeric(18, 2) holds 16 integer digits.
const MAX_AMOUNT = 1e16;

const participantIn = z
  .strictObject({ contactId: z.uuid().optional(), userId: z.uuid().optional(), role: text(60) })
  .superRefine((p, ctx) => {
    if ((p.contactId === undefined) === (p.userId === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['contactId'], message: 'give exactly one of contactId or userId' });
    }
  });

const metricIn = z.strictObject({
  kind: z.string().regex(/^[a-z][a-z0-9_]{0,59}$/, 'must be a lower-case key like assets_pledged or revenue'),
  amount: z.number().finite().refine((n) => Math.abs(n) < MAX_AMOUNT, 'is too large'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code').nullish(),
});

const outcomeIn = z.strictObject({ code: z.string().trim().min(1).max(60), text: text(2000) });
const sourceIn = z.strictObject({ system: z.string().trim().min(1).max(60), externalId: z.string().trim().min(1).max(255) })
  .describe('The outside system the interaction came from and its id there (unique per tenant)');

const fields = {
  kind: z.enum(interactionKinds),
  direction: z.enum(directions).nullish(),
  occurredAt: z.iso.datetime({ offset: true }).optional().describe('Defaults to now'),
  durationMinutes: z.number().int().min(0).max(100_000).nullish(),
  subject: text(500),
  notes: text(50_000),
  outcome: outcomeIn.nullish(),
  participants: z.array(participantIn).min(1).max(500),
  companyId: z.uuid().nullish(),
  campaignId: z.uuid().nullish(),
  source: sourceIn.nullish(),
  metrics: z.array(metricIn).max(100).optional(),
  ownerId: z.uuid().nullish().describe('Defaults to the logging user'),
  teamId: z.uuid().nullish().describe("Defaults to the logging user's first team"),
};

type WithParticipants = { participants?: Array<{ contactId?: string | undefined }> | undefined };
const needsContact = (i: WithParticipants, ctx: z.RefinementCtx) => {
  if (i.participants && !i.participants.some((p) => p.contactId)) {
    ctx.addIssue({ code: 'custom', path: ['participants'], message: 'at least one participant must be a contact' });
  }
};

export const interactionCreate = z.strictObject(fields).superRefine(needsContact);
export const interactionPatch = z.strictObject(fields).partial().superRefine(needsContact);
export type InteractionCreate = z.infer<typeof interactionCreate>;
export type InteractionPatch = z.infer<typeof interactionPatch>;

export const participantOut = z.object({ contactId: z.uuid().nullable(), userId: z.uuid().nullable(), role: z.string().nullable() });
export const metricOut = z.object({ kind: z.string(), amount: z.number(), currency: z.string().nullable() });
export const outcomeSummaryOut = z.object({ id: z.uuid(), kind: z.string(), amount: z.number().nullable(), currency: z.string().nullable(), status: z.string() })
  .describe('An outcome claimed on this interaction and its current status (see /outcomes)');

export const interactionOut = z.object({
  id: z.uuid(),
  kind: z.enum(interactionKinds),
  direction: z.enum(directions).nullable(),
  occurredAt: z.string(),
  durationMinutes: z.number().nullable(),
  subject: z.string().nullable(),
  notes: z.string().nullable(),
  outcome: z.object({ code: z.string(), text: z.string().nullable() }).nullable(),
  participants: z.array(participantOut),
  companyId: z.uuid().nullable(),
  campaignId: z.uuid().nullable(),
  source: z.object({ system: z.string(), externalId: z.string() }).nullable(),
  metrics: z.array(metricOut),
  outcomes: z.array(outcomeSummaryOut),
  ...ownedOut,
});
export type InteractionOut = z.infer<typeof interactionOut>;
