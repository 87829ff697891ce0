// The management reports' shapes: a period, a format (json or csv), and one flat row type per
// report, so the CSV export writes exactly what the JSON answers.
import { z } from 'zod';

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export const format = z.enum(['json', 'csv']).default('json').describe('csv: a download with formula-neutralised cells');

export const periodQuery = z.object({
  from: z.iso.date().describe('First day (UTC), inclusive'),
  to: z.iso.date().describe('Last day (UTC), inclusive'),
  format,
}).refine((q) => q.to >= q.from, { path: ['to'], message: 'must not be before from' });

export const activityQuery = z.object({
  from: z.iso.date(), to: z.iso.date(), format,
  tz: z.string().default('UTC').refine(isTimeZone, 'must be an IANA time zone').describe('Weeks (Monday to Sunday) in this zone'),
}).refine((q) => q.to >= q.from, { path: ['to'], message: 'must not be before from' });

export const activityRow = z.object({ userId: z.uuid().nullable(), name: z.string().nullable(), kind: z.string(), week: z.string(), interactions: z.number() });
export type ActivityRow = z.infer<typeof activityRow>;

export const outcomesRow = z.object({
  userId: z.uuid(), name: z.string().nullable(), kind: z.string(),
  claimed: z.number(), verified: z.number(), partiallyVerified: z.number(), rejected: z.number(), lapsed: z.number(), pending: z.number(),
  claimedAmount: z.number(), verifiedAmount: z.number(),
  lagDaysAvg: z.number().nullable().describe('Days from claim to first verification'), lagDaysMedian: z.number().nullable(),
});
export type OutcomesRow = z.infer<typeof outcomesRow>;

export const roiQuery = z.object({
  from: z.iso.date(), to: z.iso.date(), format,
  groupBy: z.enum(['campaign', 'type']).default('campaign'),
  interval: z.enum(['none', 'month']).default('none').describe('month: one row per month (outcomes by claim date, deals by the day they were won, costs by date incurred)'),
}).refine((q) => q.to >= q.from, { path: ['to'], message: 'must not be before from' });

export const roiRow = z.object({
  key: z.string().describe('Campaign id or campaign type'), name: z.string(), type: z.string(), month: z.string().nullable(),
  model: z.enum(['explicit', 'firstTouch', 'lastTouch']),
  cost: z.number(), assets: z.number(), revenue: z.number().describe('Verified revenue outcomes'), engagements: z.number(), clientsGained: z.number(), outcomes: z.number(),
  dealsWon: z.number().describe('Deals won in the period (closed as won; open and lost deals never count)'),
  dealRevenue: z.number().describe('Amounts of those won deals'),
  costPerClient: z.number().nullable(), revenuePerCost: z.number().nullable().describe('(revenue + dealRevenue) / cost'),
});
export type RoiRow = z.infer<typeof roiRow>;

export const cadenceReportQuery = z.object({ groupBy: z.enum(['rep', 'team']).default('rep'), format });
export const compensationReportQuery = z.object({ planId: z.uuid(), format });
