// /api/v1/households and a contact's households: thin handlers that parse, call one service
// function and answer.
import { z } from 'zod';
import { ctxOf, type App } from '../platform/http.ts';
import { listQuerySchema, parseListParams, selectFields } from '../platform/list.ts';
import { etagOf, parseIfMatch } from '../platform/records.ts';
import { historyOut, historyQuery, listOut, problemResponses } from '../platform/openapi.ts';
import { recordHistory } from '../platform/audit/history.ts';
import { households } from './tables.ts';
import { householdCreate, householdOut, householdPatch, memberIn } from './schemas.ts';
import { addMember, createHousehold, deleteHousehold, getHousehold, householdsOfContact, listHouseholds, removeMember, updateHousehold } from './service.ts';

const idParams = z.object({ id: z.uuid() });
const tags = ['households'];

export default async function householdRoutes(app: App) {
  app.post('/households', {
    schema: { tags, summary: 'Create a household', body: householdCreate, response: { 201: householdOut, ...problemResponses } },
  }, async (req, reply) => {
    const h = await createHousehold(ctxOf(req), req.body);
    return reply.code(201).header('etag', etagOf(h.version)).header('location', `/api/v1/households/${h.id}`).send(h);
  });

  app.get('/households', {
    schema: { tags, summary: 'List households (filter, sort by name/createdAt/updatedAt, keyset cursor)', querystring: listQuerySchema, response: { 200: listOut(householdOut.partial().extend({ id: z.uuid() })), ...problemResponses } },
  }, async (req) => {
    const params = parseListParams(req.query, 'name');
    const result = await listHouseholds(ctxOf(req), params);
    return params.fields ? { ...result, data: result.data.map((h) => selectFields(h, params.fields)) } : result;
  });

  app.get('/households/:id', {
    schema: { tags, summary: 'Get a household', params: idParams, response: { 200: householdOut, ...problemResponses } },
  }, async (req, reply) => {
    const h = await getHousehold(ctxOf(req), req.params.id);
    return reply.header('etag', etagOf(h.version)).send(h);
  });

  app.patch('/households/:id', {
    schema: { tags, summary: 'Change a household; members, when sent, replace the current ones', params: idParams, body: householdPatch, response: { 200: householdOut, ...problemResponses } },
  }, async (req, reply) => {
    const h = await updateHousehold(ctxOf(req), req.params.id, req.body, parseIfMatch(req.headers['if-match']));
    return reply.header('etag', etagOf(h.version)).send(h);
  });

  app.delete('/households/:id', {
    schema: { tags, summary: 'Delete a household (its contacts stay)', params: idParams, response: { 204: z.null(), ...problemResponses } },
  }, async (req, reply) => {
    await deleteHousehold(ctxOf(req), req.params.id);
    return reply.code(204).send(null);
  });

  app.post('/households/:id/members', {
    schema: { tags, summary: 'Add a contact to a household', params: idParams, body: memberIn, response: { 200: householdOut, ...problemResponses } },
  }, async (req, reply) => {
    const h = await addMember(ctxOf(req), req.params.id, req.body);
    return reply.header('etag', etagOf(h.version)).send(h);
  });

  app.delete('/households/:id/members/:contactId', {
    schema: { tags, summary: 'Remove a contact from a household', params: z.object({ id: z.uuid(), contactId: z.uuid() }), response: { 200: householdOut, ...problemResponses } },
  }, async (req, reply) => {
    const h = await removeMember(ctxOf(req), req.params.id, req.params.contactId);
    return reply.header('etag', etagOf(h.version)).send(h);
  });

  app.get('/households/:id/history', {
    schema: { tags, summary: 'Field-level change history of a household', params: idParams, querystring: historyQuery, response: { 200: historyOut, ...problemResponses } },
  }, async (req) => recordHistory(ctxOf(req), 'household', households, req.params.id, req.query));

  app.get('/contacts/:id/households', {
    schema: { tags: ['households', 'contacts'], summary: 'The households a contact belongs to', params: idParams, response: { 200: listOut(householdOut), ...problemResponses } },
  }, async (req) => ({ data: await householdsOfContact(ctxOf(req), req.params.id), nextCursor: null }));
}
