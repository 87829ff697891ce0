// Record share API shapes: a record of one owned kind, granted to exactly one user or one team.
import { z } from 'zod';
import { ownedResources } from '../platform/policy/index.ts';

export const shareAccess = ['read', 'write'] as const;

export const shareCreate = z
  .strictObject({
    entity: z.enum(ownedResources),
    recordId: z.uuid(),
    userId: z.uuid().nullish(),
    teamId: z.uuid().nullish(),
    access: z.enum(shareAccess).default('read'),
  })
  .superRefine((s, ctx) => {
    if (!s.userId === !s.teamId) ctx.addIssue({ code: 'custom', path: ['userId'], message: 'give exactly one of userId and teamId' });
  });
export const sharePatch = z.strictObject({ access: z.enum(shareAccess) });
export const shareQuery = z.object({ entity: z.enum(ownedResources), recordId: z.uuid() });
export type ShareCreate = z.infer<typeof shareCreate>;

export const shareOut = z.object({
  id: z.uuid(), entity: z.enum(ownedResources), recordId: z.uuid(), userId: z.uuid().nullable(), teamId: z.uuid().nullable(),
  access: z.enum(shareAccess), createdAt: z.string(),
});
export type ShareOut = z.infer<typeof shareOut>;
