// /api/v1/campaigns: campaigns, their cost lines and touches. Thin handlers over service.ts.
import { z } from 'zod';
import { ctxOf, type App } from '../platform/http.ts';
import { listQuerySchema, parseListParams, selectFields } from '../platform/list.ts';
import { etagOf, parseIfMatch } from '../platform/records.ts';
import { listOut, problemResponses } from '../platform/openapi.ts';
import { campaignCreate, campaignOut, campaignPatch, costCreate, costOut, touchCreate, touchOut } from './schemas.ts';
import {
  addCost, addTouches, createCampaign, deleteCampaign, deleteCost, getCampaign, listCampaigns, listCosts, listTouches, updateCampaign,
} from './service.ts';

const idParams = z.object({ id: z.uuid() });
const tags = ['campaigns'];

export default async function campaignRoutes(app: App) {
  app.post('/campaigns', {
    schema: { tags, summary: 'Create a campaign', body: campaignCreate, response: { 201: campaignOut, ...problemResponses } },
  }, async (req, reply) => {
    const c = await createCampaign(ctxOf(req), req.body);
    return reply.code(201).header('etag', etagOf(c.version)).header('location', `/api/v1/campaigns/${c.id}`).send(c);
  });

  app.get('/campaigns', {
    schema: {
      tags, summary: 'List campaigns (filter by type, parentId, dates; sort by name or startsOn)',
      querystring: listQuerySchema, response: { 200: listOut(campaignOut.partial().extend({ id: z.uuid() })), ...problemResponses },
    },
  }, async (req) => {
    const params = parseListParams(req.query, '-startsOn');
    const result = await listCampaigns(ctxOf(req), params);
    return params.fields ? { ...result, data: result.data.map((c) => selectFields(c, params.fields)) } : result;
  });

  app.get('/campaigns/:id', {
    schema: { tags, summary: 'Get a campaign with its costs summed per currency', params: idParams, response: { 200: campaignOut, ...problemResponses } },
  }, async (req, reply) => {
    const c = await getCampaign(ctxOf(req), req.params.id);
    return reply.header('etag', etagOf(c.version)).send(c);
  });

  app.patch('/campaigns/:id', {
    schema: { tags, summary: 'Change a campaign (If-Match refuses stale writes)', params: idParams, body: campaignPatch, response: { 200: campaignOut, ...problemResponses } },
  }, async (req, reply) => {
    const c = await updateCampaign(ctxOf(req), req.params.id, req.body, parseIfMatch(req.headers['if-match']));
    return reply.header('etag', etagOf(c.version)).send(c);
  });

  app.delete('/campaigns/:id', {
    schema: { tags, summary: 'Delete a campaign nothing is attributed to (409 otherwise)', params: idParams, response: { 204: z.null(), ...problemResponses } },
  }, async (req, reply) => {
    await deleteCampaign(ctxOf(req), req.params.id);
    return reply.code(204).send(null);
  });

  app.post('/campaigns/:id/costs', {
    schema: { tags, summary: 'Add a cost line', params: idParams, body: costCreate, response: { 201: costOut, ...problemResponses } },
  }, async (req, reply) => reply.code(201).send(await addCost(ctxOf(req), req.params.id, req.body)));

  app.get('/campaigns/:id/costs', {
    schema: { tags, summary: "A campaign's cost lines", params: idParams, response: { 200: z.object({ data: z.array(costOut) }), ...problemResponses } },
  }, async (req) => ({ data: await listCosts(ctxOf(req), req.params.id) }));

  app.delete('/campaigns/:id/costs/:costId', {
    schema: { tags, summary: 'Remove a cost line', params: idParams.extend({ costId: z.uuid() }), response: { 204: z.null(), ...problemResponses } },
  }, async (req, reply) => {
    await deleteCost(ctxOf(req), req.params.id, req.params.costId);
    return reply.code(204).send(null);
  });

  app.post('/campaigns/:id/touches', {
    schema: {
      tags, summary: 'Record contacts the campaign reached (invited, attended...): up to 1,000, all or nothing',
      params: idParams, body: z.strictObject({ items: z.array(touchCreate).min(1).max(1000) }),
      response: { 201: z.object({ data: z.array(touchOut) }), ...problemResponses },
    },
  }, async (req, reply) => reply.code(201).send({ data: await addTouches(ctxOf(req), req.params.id, req.body.items) }));

  app.get('/campaigns/:id/touches', {
    schema: {
      tags, summary: "A campaign's touches", params: idParams,
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100), cursor: z.uuid().optional(), contactId: z.uuid().optional() }),
      response: { 200: listOut(touchOut), ...problemResponses },
    },
  }, async (req) => listTouches(ctxOf(req), req.params.id, req.query));
}
