// Schemas shared by many routes' OpenAPI descriptions: problem+json, list envelopes, history.
import { z } from 'zod';

export const fieldErrorOut = z.object({ field: z.string(), message: z.string() });

export const problemOut = z
  .object({
    type: z.string(), title: z.string(), status: z.number(), detail: z.string(), instance: z.string(),
    code: z.string().optional(), requestId: z.string().optional(), errors: z.array(fieldErrorOut).optional(),
  })
  .describe('RFC 9457 problem details (application/problem+json)');

export const problemResponses = {
  401: problemOut, 403: problemOut, 404: problemOut, 409: problemOut, 412: problemOut, 422: problemOut,
} as const;

export const listOut = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null at the end') });

export const historyQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().regex(/^\d+$/, 'must be a cursor this API issued').optional(),
});

export const historyOut = z.object({
  data: z.array(z.object({
    seq: z.number(), at: z.string(), actorId: z.uuid().nullable(), actorLabel: z.string(), action: z.string(),
    changes: z.record(z.string(), z.object({ before: z.unknown().optional(), after: z.unknown().optional() })),
  })),
  nextCursor: z.string().nullable(),
});

/** Output fields every owned record shares (spread into its schema after its own fields). */
export const ownedOut = {
  ownerId: z.uuid().nullable(),
  teamId: z.uuid().nullable(),
  createdBy: z.uuid().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
};
