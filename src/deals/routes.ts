// /api/v1/deals: thin handlers that parse, call one service function and answer.
import { z } from 'zod';
import { ctxOf, type App } from '../platform/http.ts';
import { listQuerySchema, parseListParams, selectFields } from '../platform/list.ts';
import { etagOf, parseIfMatch } from '../platform/records.ts';
import { historyQuery, historyOut, listOut, problemResponses } from '../platform/openapi.ts';
import { recordHistory } from '../platform/audit/history.ts';
import { dealAttributionOut, dealCreate, dealOut, dealPatch } from './schemas.ts';
import { createDeal, dealAttribution, deleteDeal, getDeal, listDeals, updateDeal } from './service.ts';
import { deals } from './tables.ts';

const idParams = z.object({ id: z.uuid() });
const tags = ['deals'];

export default async function dealRoutes(app: App) {
  app.post('/deals', {
    schema: { tags, summary: 'Create a deal', body: dealCreate, response: { 201: dealOut, ...problemResponses } },
  }, async (req, reply) => {
    const deal = await createDeal(ctxOf(req), req.body);
    return reply.code(201).header('etag', etagOf(deal.version)).header('location', `/api/v1/deals/${deal.id}`).send(deal);
  });

  app.get('/deals', {
    schema: {
      tags, summary: 'List deals (filter[stage][in]=won,lost, filter[contactId], filter[amount][gte], ...; sort name, amount, expectedCloseOn, closedAt, createdAt; keyset cursor)',
      querystring: listQuerySchema, response: { 200: listOut(dealOut.partial().extend({ id: z.uuid() })), ...problemResponses },
    },
  }, async (req) => {
    const params = parseListParams(req.query, '-createdAt');
    const result = await listDeals(ctxOf(req), params);
    return params.fields ? { ...result, data: result.data.map((d) => selectFields(d, params.fields)) } : result;
  });

  app.get('/deals/:id', {
    schema: { tags, summary: 'Get a deal', params: idParams, response: { 200: dealOut, ...problemResponses } },
  }, async (req, reply) => {
    const deal = await getDeal(ctxOf(req), req.params.id);
    return reply.header('etag', etagOf(deal.version)).send(deal);
  });

  app.patch('/deals/:id', {
    schema: {
      tags, summary: 'Change a deal; stage won or lost closes it, an open stage reopens it (send If-Match to refuse stale writes)',
      params: idParams, body: dealPatch, response: { 200: dealOut, ...problemResponses },
    },
  }, async (req, reply) => {
    const deal = await updateDeal(ctxOf(req), req.params.id, req.body, parseIfMatch(req.headers['if-match']));
    return reply.header('etag', etagOf(deal.version)).send(deal);
  });

  app.delete('/deals/:id', {
    schema: { tags, summary: 'Delete a deal', params: idParams, response: { 204: z.null(), ...problemResponses } },
  }, async (req, reply) => {
    await deleteDeal(ctxOf(req), req.params.id);
    return reply.code(204).send(null);
  });

  app.get('/deals/:id/history', {
    schema: { tags, summary: 'Field-level change history of a deal', params: idParams, querystring: historyQuery, response: { 200: historyOut, ...problemResponses } },
  }, async (req) => recordHistory(ctxOf(req), 'deal', deals, req.params.id, req.query));

  app.get('/deals/:id/attribution', {
    schema: {
      tags, summary: "Campaign credit for a deal: explicit, and the contact's first and last campaign touch inside the attribution window before the deal opened",
      params: idParams, querystring: z.object({ windowDays: z.coerce.number().int().min(0).max(3650).optional().describe("Overrides each campaign's own window") }),
      response: { 200: dealAttributionOut, ...problemResponses },
    },
  }, async (req) => dealAttribution(ctxOf(req), req.params.id, req.query.windowDays));
}
