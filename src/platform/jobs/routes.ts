// /api/v1/jobs: the caller's background jobs with their progress (rows done, rows/s, ETA), and cancel.
// /api/v1/job-schedules: the tenant's recurring jobs (admin): list, change the time or switch off.
import { z } from 'zod';
import { ctxOf, type App } from '../http.ts';
import { problemResponses } from '../openapi.ts';
import { etagOf, parseIfMatch } from '../records.ts';
import { jobStatuses } from './tables.ts';
import { cancelJob, getJob, listJobs } from './service.ts';
import { listSchedules, updateSchedule } from './schedules.ts';

const tags = ['jobs'];
const idParams = z.object({ id: z.uuid() });

export const jobOut = z.object({
  id: z.uuid(), kind: z.string(), status: z.enum(jobStatuses),
  payload: z.record(z.string(), z.unknown()),
  progress: z.object({
    done: z.number().describe('Rows (units) done'), total: z.number().nullable(),
    rate: z.number().nullable().describe('Rows per second'), eta: z.number().nullable().describe('Seconds left'),
  }),
  result: z.record(z.string(), z.unknown()).nullable(),
  attempts: z.number(), error: z.string().nullable(), createdBy: z.uuid().nullable(),
  createdAt: z.string(), updatedAt: z.string(), startedAt: z.string().nullable(), finishedAt: z.string().nullable(),
});

export const scheduleOut = z.object({
  id: z.uuid(), kind: z.string(), payload: z.record(z.string(), z.unknown()),
  timeOfDay: z.string().nullable().describe('HH:MM local time in timeZone (daily schedules)'),
  timeZone: z.string().nullable().describe('IANA time zone of timeOfDay'),
  intervalMinutes: z.number().nullable().describe('Minutes between runs (interval schedules)'),
  enabled: z.boolean(), nextRunAt: z.string(), lastRunAt: z.string().nullable(), lastJobId: z.uuid().nullable(),
  version: z.number(), updatedAt: z.string(),
});

export const schedulePatch = z.object({
  timeOfDay: z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'a time as HH:MM (00:00-23:59)').optional(),
  timeZone: z.string().min(1).max(64).optional(),
  intervalMinutes: z.number().int().min(1).max(527_040).optional().describe('Run every this many minutes instead of at a daily time'),
  enabled: z.boolean().optional(),
}).strict();

export default async function jobRoutes(app: App) {
  app.get('/jobs', {
    schema: {
      tags, summary: 'List background jobs, newest first (admins see every job of the tenant, others their own)',
      querystring: z.object({
        limit: z.coerce.number().int().min(1).max(200).default(50),
        cursor: z.uuid().optional(), kind: z.string().max(60).optional(), status: z.enum(jobStatuses).optional(),
      }),
      response: { 200: z.object({ data: z.array(jobOut), nextCursor: z.string().nullable() }), ...problemResponses },
    },
  }, async (req) => listJobs(ctxOf(req), { limit: req.query.limit, before: req.query.cursor, kind: req.query.kind, status: req.query.status }));

  app.get('/jobs/:id', {
    schema: { tags, summary: 'A job with its progress', params: idParams, response: { 200: jobOut, ...problemResponses } },
  }, async (req) => getJob(ctxOf(req), req.params.id));

  app.post('/jobs/:id/cancel', {
    schema: { tags, summary: 'Cancel a queued or running job (a running one stops at its next checkpoint)', params: idParams, response: { 200: jobOut, ...problemResponses } },
  }, async (req) => cancelJob(ctxOf(req), req.params.id));

  app.get('/job-schedules', {
    schema: { tags, summary: "The tenant's recurring jobs with their next run (admin)", response: { 200: z.object({ data: z.array(scheduleOut) }), ...problemResponses } },
  }, async (req) => ({ data: await listSchedules(ctxOf(req)) }));

  app.patch('/job-schedules/:id', {
    schema: {
      tags, summary: 'Change when a recurring job runs, or switch it on or off (admin; audited; optional If-Match)',
      params: idParams, body: schedulePatch, response: { 200: scheduleOut, ...problemResponses },
    },
  }, async (req, reply) => {
    const out = await updateSchedule(ctxOf(req), req.params.id, req.body, parseIfMatch(req.headers['if-match']));
    return reply.header('etag', etagOf(out.version)).send(out);
  });
}
