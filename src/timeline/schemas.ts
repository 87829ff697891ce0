// The timeline's query and item shapes. Every item has type, id, at and a one-line summary; data
// carries the type's own fields.
import { z } from 'zod';
import { itemTypes } from './query.ts';

export const timelineQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  types: z.string().max(100).optional().describe(`Comma-separated item types to include (${itemTypes.join(', ')}); all by default`),
});

const base = { id: z.string(), at: z.string(), summary: z.string() };
const uuidOrNull = z.uuid().nullable();

export const timelineItemOut = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('interaction'), ...base,
    data: z.object({
      kind: z.string(), direction: z.string().nullable(), subject: z.string().nullable(), durationMinutes: z.number().nullable(),
      outcome: z.object({ code: z.string(), text: z.string().nullable() }).nullable(), companyId: uuidOrNull, ownerId: uuidOrNull,
    }),
  }),
  z.object({
    type: z.literal('note'), ...base,
    data: z.object({ body: z.string(), contactId: uuidOrNull, companyId: uuidOrNull, ownerId: uuidOrNull }),
  }),
  z.object({
    type: z.literal('task'), ...base,
    data: z.object({ title: z.string(), status: z.string(), dueAt: z.string().nullable(), completedAt: z.string().nullable(), assigneeId: uuidOrNull, ownerId: uuidOrNull }),
  }),
  z.object({
    type: z.literal('deal'), ...base,
    data: z.object({
      name: z.string(), stage: z.string(), amount: z.number().nullable(), currency: z.string().nullable(),
      expectedCloseOn: z.string().nullable(), closedAt: z.string().nullable(), ownerId: uuidOrNull,
    }),
  }),
  z.object({
    type: z.literal('change'), ...base,
    data: z.object({
      action: z.string(), actorId: uuidOrNull, actorLabel: z.string(),
      changes: z.record(z.string(), z.object({ before: z.unknown().optional(), after: z.unknown().optional() })),
    }),
  }),
]);
export type TimelineItem = z.infer<typeof timelineItemOut>;

export const timelineOut = z.object({
  data: z.array(timelineItemOut),
  nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null at the end'),
});
