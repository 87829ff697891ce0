// /api/v1/saved-views: thin handlers that parse, call one service function and answer.
import { z } from 'zod';
import { ctxOf, type App } from '../platform/http.ts';
import { problemResponses } from '../platform/openapi.ts';
import { etagOf, parseIfMatch } from '../platform/records.ts';
import { fieldsOut, viewCreate, viewListQuery, viewOut, viewPatch, viewResources } from './schemas.ts';
import { createView, deleteView, getView, listViews, updateView } from './service.ts';
import { describeResource } from './resources.ts';

const idParams = z.object({ id: z.uuid() });
const tags = ['saved views'];

export default async function savedViewRoutes(app: App) {
  app.get('/saved-views', {
    schema: {
      tags, summary: 'Saved views of a resource the caller may see: their own, their teams\' and tenant-wide ones',
      querystring: viewListQuery, response: { 200: z.object({ data: z.array(viewOut) }), ...problemResponses },
    },
  }, async (req) => ({ data: await listViews(ctxOf(req), req.query.resource, req.query.all === 'true') }));

  app.get('/saved-views/fields', {
    schema: {
      tags, summary: 'Fields a view of this resource may filter and sort on, and columns it may show',
      querystring: z.object({ resource: z.enum(viewResources) }), response: { 200: fieldsOut, ...problemResponses },
    },
  }, async (req) => describeResource(req.query.resource));

  app.post('/saved-views', {
    schema: { tags, summary: 'Save a view (filters, sort, columns), private or shared with a team or the tenant', body: viewCreate, response: { 201: viewOut, ...problemResponses } },
  }, async (req, reply) => {
    const v = await createView(ctxOf(req), req.body);
    return reply.code(201).header('etag', etagOf(v.version)).header('location', `/api/v1/saved-views/${v.id}`).send(v);
  });

  app.get('/saved-views/:id', {
    schema: { tags, summary: 'Get a saved view', params: idParams, response: { 200: viewOut, ...problemResponses } },
  }, async (req, reply) => {
    const v = await getView(ctxOf(req), req.params.id);
    return reply.header('etag', etagOf(v.version)).send(v);
  });

  app.patch('/saved-views/:id', {
    schema: { tags, summary: 'Change a saved view (owner or admin; If-Match refuses stale writes)', params: idParams, body: viewPatch, response: { 200: viewOut, ...problemResponses } },
  }, async (req, reply) => {
    const v = await updateView(ctxOf(req), req.params.id, req.body, parseIfMatch(req.headers['if-match']));
    return reply.header('etag', etagOf(v.version)).send(v);
  });

  app.delete('/saved-views/:id', {
    schema: { tags, summary: 'Delete a saved view (owner or admin)', params: idParams, response: { 204: z.null(), ...problemResponses } },
  }, async (req, reply) => {
    await deleteView(ctxOf(req), req.params.id);
    return reply.code(204).send(null);
  });
}
