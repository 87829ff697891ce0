// /api/v1/contacts: thin handlers that parse, call one service function and answer.
import { z } from 'zod';
import { ctxOf, type App } from '../platform/http.ts';
import { listQuerySchema, parseListParams } from '../platform/list.ts';
import { etagOf, parseIfMatch } from '../platform/records.ts';
import { fieldErrorOut, historyQuery, historyOut, listOut, problemResponses } from '../platform/openapi.ts';
import { contactCreate, contactOut, contactPatch } from './schemas.ts';
import { bulkPatchBody, bulkPatchOut, summarise } from '../platform/bulk.ts';
import { createContact, createContacts, deleteContact, getContactJson, listContactsJson, updateContact, updateContacts } from './service.ts';
import { recordHistory } from '../platform/audit/history.ts';
import { contacts } from './tables.ts';

const idParams = z.object({ id: z.uuid() });
/** JSON text built by PostgreSQL is sent as is (Fastify does not serialise a string of this type). */
const JSON_TYPE = 'application/json; charset=utf-8';
const tags = ['contacts'];

export default async function contactRoutes(app: App) {
  app.post('/contacts', {
    schema: { tags, summary: 'Create a contact', body: contactCreate, response: { 201: contactOut, ...problemResponses } },
  }, async (req, reply) => {
    const contact = await createContact(ctxOf(req), req.body);
    return reply.code(201).header('etag', etagOf(contact.version)).header('location', `/api/v1/contacts/${contact.id}`).send(contact);
  });

  app.post('/contacts/bulk', {
    schema: {
      tags, summary: 'Create up to 1,000 contacts: all or nothing (atomic) or row by row (perRow)',
      description: 'Each created row answers its contact. With `Prefer: return=minimal` (RFC 7240) it answers only the id and version, '
        + 'which spares a large import client the echo of every record (the answer then carries `Preference-Applied: return=minimal`).',
      headers: z.object({ prefer: z.string().optional() }).passthrough(),
      body: z.strictObject({ mode: z.enum(['atomic', 'perRow']).default('atomic'), items: z.array(contactCreate).min(1).max(1000) }),
      response: {
        200: z.object({
          created: z.number(), failed: z.number(),
          results: z.array(z.object({
            index: z.number(), status: z.number(), contact: contactOut.optional(),
            id: z.uuid().optional().describe('With return=minimal: the created contact\'s id'), version: z.number().optional(),
            errors: z.array(fieldErrorOut).optional(),
          })),
        }),
        ...problemResponses,
      },
    },
  }, async (req, reply) => {
    const results = await createContacts(ctxOf(req), req.body.items, req.body.mode);
    const created = results.filter((r) => r.status === 201).length;
    if (!/(^|[,;\s])return=minimal\b/i.test(req.headers.prefer ?? '')) return { created, failed: results.length - created, results };
    void reply.header('preference-applied', 'return=minimal');
    return {
      created, failed: results.length - created,
      results: results.map(({ contact, ...rest }) => (contact ? { ...rest, id: contact.id, version: contact.version } : rest)),
    };
  });

  app.patch('/contacts/bulk', {
    schema: {
      tags, summary: 'Change up to 1,000 contacts: all or nothing (atomic) or row by row (perRow)',
      body: bulkPatchBody(contactPatch), response: { 200: bulkPatchOut(contactOut), ...problemResponses },
    },
  }, async (req) => summarise(await updateContacts(ctxOf(req), req.body.items, req.body.mode)));

  app.get('/contacts', {
    schema: { tags, summary: 'List contacts (filter, sort, keyset cursor, field selection)', querystring: listQuerySchema, response: { 200: listOut(contactOut.partial().extend({ id: z.uuid() })), ...problemResponses } },
  }, async (req, reply) => {
    // Presented by PostgreSQL and sent as written (contacts/presenter.ts, contactJsonSql).
    const json = await listContactsJson(ctxOf(req), parseListParams(req.query, 'displayName'));
    return reply.type(JSON_TYPE).send(json as never);
  });

  app.get('/contacts/:id', {
    schema: { tags, summary: 'Get a contact', params: idParams, response: { 200: contactOut, ...problemResponses } },
  }, async (req, reply) => {
    const contact = await getContactJson(ctxOf(req), req.params.id);
    return reply.header('etag', etagOf(contact.version)).type(JSON_TYPE).send(contact.json as never);
  });

  app.patch('/contacts/:id', {
    schema: { tags, summary: 'Change a contact (send If-Match with the ETag to refuse stale writes)', params: idParams, body: contactPatch, response: { 200: contactOut, ...problemResponses } },
  }, async (req, reply) => {
    const contact = await updateContact(ctxOf(req), req.params.id, req.body, parseIfMatch(req.headers['if-match']));
    return reply.header('etag', etagOf(contact.version)).send(contact);
  });

  app.delete('/contacts/:id', {
    schema: { tags, summary: 'Delete a contact', params: idParams, response: { 204: z.null(), ...problemResponses } },
  }, async (req, reply) => {
    await deleteContact(ctxOf(req), req.params.id);
    return reply.code(204).send(null);
  });

  app.get('/contacts/:id/history', {
    schema: { tags, summary: 'Field-level change history of a contact', params: idParams, querystring: historyQuery, response: { 200: historyOut, ...problemResponses } },
  }, async (req) => recordHistory(ctxOf(req), 'contact', contacts, req.params.id, req.query));
}

