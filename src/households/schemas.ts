// The household and relationship API shapes (zod): requests are validated and the OpenAPI document
// generated from these.
import { z } from 'zod';

export const memberRoles = ['head', 'spouse', 'partner', 'dependent', 'member'] as const;
export type MemberRole = (typeof memberRoles)[number];

export const memberIn = z.strictObject({ contactId: z.uuid(), role: z.enum(memberRoles).default('member') });
export type MemberIn = z.infer<typeof memberIn>;

const householdFields = {
  name: z.string().trim().min(1).max(200),
  ownerId: z.uuid().nullish(),
  teamId: z.uuid().nullish(),
  members: z.array(memberIn).max(100).optional(),
};
export const householdCreate = z.strictObject(householdFields);
export const householdPatch = z.strictObject(householdFields).partial();
export type HouseholdCreate = z.infer<typeof householdCreate>;
export type HouseholdPatch = z.infer<typeof householdPatch>;

export const memberOut = z.object({ contactId: z.uuid(), displayName: z.string(), role: z.enum(memberRoles) });
export const householdOut = z.object({
  id: z.uuid(), name: z.string(), ownerId: z.uuid().nullable(), teamId: z.uuid().nullable(),
  members: z.array(memberOut),
  createdAt: z.string(), updatedAt: z.string(), version: z.number(),
});
export type HouseholdOut = z.infer<typeof householdOut>;

/** Kinds as stored, read "from <kind> to": parent_of means the from-contact is the parent. */
export const relationshipKinds = ['spouse', 'partner', 'parent_of', 'child_of', 'assistant_of', 'advisor_of', 'colleague_of', 'referred_by', 'other'] as const;
export type RelationshipKind = (typeof relationshipKinds)[number];

/** The same relationship read from the to-contact's side. */
export const inverseKind = {
  spouse: 'spouse', partner: 'partner', colleague_of: 'colleague_of', other: 'other',
  parent_of: 'child_of', child_of: 'parent_of',
  assistant_of: 'assisted_by', advisor_of: 'advised_by', referred_by: 'referrer_of',
} as const satisfies Record<RelationshipKind, string>;
export const seenKinds = [...new Set([...relationshipKinds, ...Object.values(inverseKind)])] as [string, ...string[]];

export const relationshipCreate = z.strictObject({
  fromContactId: z.uuid(),
  toContactId: z.uuid(),
  kind: z.enum(relationshipKinds),
  notes: z.string().max(2000).nullish(),
});
export type RelationshipCreate = z.infer<typeof relationshipCreate>;

export const relationshipOut = z.object({
  id: z.uuid(), fromContactId: z.uuid(), toContactId: z.uuid(), kind: z.enum(relationshipKinds), notes: z.string().nullable(), createdAt: z.string(),
});
export const contactRelationshipOut = relationshipOut.omit({ kind: true }).extend({
  kind: z.enum(seenKinds).describe('The relationship read from this contact\'s side: a parent_of seen from the child is child_of'),
  contact: z.object({ id: z.uuid(), displayName: z.string() }).describe('The other contact'),
});
export type RelationshipOut = z.infer<typeof relationshipOut>;
export type ContactRelationshipOut = z.infer<typeof contactRelationshipOut>;
