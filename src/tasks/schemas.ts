// The task API's shapes: create, patch, list query and output.
import { z } from 'zod';
import { ownedOut } from '../platform/openapi.ts';
import { listQuerySchema } from '../platform/list.ts';

export const taskStatuses = ['open', 'done', 'cancelled'] as const;

const fields = {
  title: z.string().trim().min(1, 'must not be empty').max(500),
  notes: z.string().max(50_000).nullish(),
  status: z.enum(taskStatuses).optional().describe('open by default; done sets completedAt, reopening clears it'),
  dueAt: z.iso.datetime({ offset: true }).nullish(),
  assigneeId: z.uuid().nullish().describe('Defaults to the creator'),
  contactId: z.uuid().nullish(),
  companyId: z.uuid().nullish(),
  ownerId: z.uuid().nullish().describe('Defaults to the creator'),
  teamId: z.uuid().nullish().describe("Defaults to the creator's first team"),
};

export const taskCreate = z.strictObject(fields);
export const taskPatch = z.strictObject(fields).partial();
export type TaskCreate = z.infer<typeof taskCreate>;
export type TaskPatch = z.infer<typeof taskPatch>;

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export const taskListQuery = listQuerySchema.extend({
  due: z.enum(['overdue', 'today']).optional().describe('overdue: open and due before now; today: due during today in tz'),
  tz: z.string().max(64).refine(isTimeZone, 'is not an IANA time zone').default('UTC').describe('Time zone that decides what "today" is'),
});

export const taskOut = z.object({
  id: z.uuid(),
  title: z.string(),
  notes: z.string().nullable(),
  status: z.enum(taskStatuses),
  dueAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  assigneeId: z.uuid().nullable(),
  contactId: z.uuid().nullable(),
  companyId: z.uuid().nullable(),
  ...ownedOut,
});
export type TaskOut = z.infer<typeof taskOut>;
