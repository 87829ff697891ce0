// /api/v1/jobs: the caller's background jobs with their progress (rows done, rows/s, ETA), and cancel.
import { z } from 'zod';
import { ctxOf, type App } from '../http.ts';
import { problemResponses } from '../openapi.ts';
import { jobStatuses } from './tables.ts';
import { cancelJob, getJob, listJobs } from './service.ts';

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
}
