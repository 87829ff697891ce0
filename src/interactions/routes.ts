// /api/v1/interactions: thin handlers that parse, call one service function and answer.
import { z } from 'zod';
import { ctxOf, type App } from '../platform/http.ts';
import { listQuerySchema, parseListParams, selectFields } from '../platform/list.ts';
import { etagOf, parseIfMatch } from '../platform/records.ts';
import { fieldErrorOut, historyQuery, historyOut, listOut, problemResponses } from '../platform/openapi.ts';
import { recordHistory } from '../platform/audit/history.ts';
import { bulkPatchBody, bulkPatchOut, summarise } from '../platform/bulk.ts';
import { interactionCreate, interactionOut, interactionPatch } from './schemas.ts';
import { deleteInteraction, getInteraction, listInteractions, logInteraction, logInteractions, updateInteraction, updateInteractions } from './service.ts';
import { interactions } from './tables.ts';

const idParams = z.object({ id: z.uuid() });
const tags = ['interactions'];

export default async function interactionRoutes(app: App) {
  app.post('/interactions', {
    schema: { tags, summary: 'Log an interaction', body: interactionCreate, response: { 201: interactionOut, ...problemResponses } },
  }, async (req, reply) => {
    const interaction = await logInteraction(ctxOf(req), req.body);
    return reply.code(201).header('etag', etagOf(interaction.version)).header('location', `/api/v1/interactions/${interaction.id}`).send(interaction);
  });

  app.post('/interactions/bulk', {
    schema: {
      tags, summary: 'Log up to 1,000 interactions: all or nothing (atomic) or row by row (perRow)',
      body: z.strictObject({ mode: z.enum(['atomic', 'perRow']).default('atomic'), items: z.array(interactionCreate).min(1).max(1000) }),
      response: {
        200: z.object({
          created: z.number(), failed: z.number(),
          results: z.array(z.object({ index: z.number(), status: z.number(), interaction: interactionOut.optional(), errors: z.array(fieldErrorOut).optional() })),
        }),
        ...problemResponses,
      },
    },
  }, async (req) => {
    const results = await logInteractions(ctxOf(req), req.body.items, req.body.mode);
    const created = results.filter((r) => r.status === 201).length;
    return { created, failed: results.length - created, results };
  });

  app.patch('/interactions/bulk', {
    schema: {
      tags, summary: 'Change up to 1,000 interactions: all or nothing (atomic) or row by row (perRow)',
      body: bulkPatchBody(interactionPatch), response: { 200: bulkPatchOut(interactionOut), ...problemResponses },
    },
  }, async (req) => summarise(await updateInteractions(ctxOf(req), req.body.items, req.body.mode)));

  app.get('/interactions', {
    schema: {
      tags, summary: 'List interactions (filter, sort, keyset cursor); filter[contactId] finds those a contact took part in',
      querystring: listQuerySchema, response: { 200: listOut(interactionOut.partial().extend({ id: z.uuid() })), ...problemResponses },
    },
  }, async (req) => {
    const params = parseListParams(req.query, '-occurredAt');
    const result = await listInteractions(ctxOf(req), params);
    return params.fields ? { ...result, data: result.data.map((i) => selectFields(i, params.fields)) } : result;
  });

  app.get('/interactions/:id', {
    schema: { tags, summary: 'Get an interaction', params: idParams, response: { 200: interactionOut, ...problemResponses } },
  }, async (req, reply) => {
    const interaction = await getInteraction(ctxOf(req), req.params.id);
    return reply.header('etag', etagOf(interaction.version)).send(interaction);
  });

  app.patch('/interactions/:id', {
    schema: { tags, summary: 'Change an interaction (send If-Match with the ETag to refuse stale writes)', params: idParams, body: interactionPatch, response: { 200: interactionOut, ...problemResponses } },
  }, async (req, reply) => {
    const interaction = await updateInteraction(ctxOf(req), req.params.id, req.body, parseIfMatch(req.headers['if-match']));
    return reply.header('etag', etagOf(interaction.version)).send(interaction);
  });

  app.delete('/interactions/:id', {
    schema: { tags, summary: 'Delete an interaction', params: idParams, response: { 204: z.null(), ...problemResponses } },
  }, async (req, reply) => {
    await deleteInteraction(ctxOf(req), req.params.id);
    return reply.code(204).send(null);
  });

  app.get('/interactions/:id/history', {
    schema: { tags, summary: 'Field-level change history of an interaction', params: idParams, querystring: historyQuery, response: { 200: historyOut, ...problemResponses } },
  }, async (req) => recordHistory(ctxOf(req), 'interaction', interactions, req.params.id, req.query));
}
