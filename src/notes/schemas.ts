// The note API's shapes: create, patch and output. A note hangs off exactly one contact or company.
import { z } from 'zod';
import { ownedOut } from '../platform/openapi.ts';

const fields = {
  body: z.string().trim().min(1, 'must not be empty').max(100_000),
  contactId: z.uuid().nullish(),
  companyId: z.uuid().nullish(),
  ownerId: z.uuid().nullish().describe('Defaults to the writer'),
  teamId: z.uuid().nullish().describe("Defaults to the writer's first team"),
};

export const noteCreate = z.strictObject(fields).superRefine((n, ctx) => {
  if (!n.contactId === !n.companyId) {
    ctx.addIssue({ code: 'custom', path: ['contactId'], message: 'give exactly one of contactId or companyId' });
  }
});
export const notePatch = z.strictObject(fields).partial();
export type NoteCreate = z.infer<typeof noteCreate>;
export type NotePatch = z.infer<typeof notePatch>;

export const noteOut = z.object({
  id: z.uuid(),
  body: z.string(),
  contactId: z.uuid().nullable(),
  companyId: z.uuid().nullable(),
  ...ownedOut,
});
export type NoteOut = z.infer<typeof noteOut>;
