// /api/v1/contacts/:id/timeline and /api/v1/companies/:id/timeline.
import { z } from 'zod';
import { ctxOf, type App } from '../platform/http.ts';
import { problemResponses } from '../platform/openapi.ts';
import { timelineOut, timelineQuery } from './schemas.ts';
import { timeline } from './service.ts';

const idParams = z.object({ id: z.uuid() });
const summary = 'interactions, notes, tasks, deals and field changes, newest first (keyset cursor)';

export default async function timelineRoutes(app: App) {
  app.get('/contacts/:id/timeline', {
    schema: { tags: ['contacts'], summary: `A contact's timeline: ${summary}`, params: idParams, querystring: timelineQuery, response: { 200: timelineOut, ...problemResponses } },
  }, async (req) => timeline(ctxOf(req), { resource: 'contact', id: req.params.id }, req.query));

  app.get('/companies/:id/timeline', {
    schema: { tags: ['companies'], summary: `A company's timeline: ${summary}`, params: idParams, querystring: timelineQuery, response: { 200: timelineOut, ...problemResponses } },
  }, async (req) => timeline(ctxOf(req), { resource: 'company', id: req.params.id }, req.query));
}
