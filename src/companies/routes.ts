// /api/v1/companies: thin handlers that parse, call one service function and answer.
import { z } from 'zod';
import { ctxOf, type App } from '../platform/http.ts';
import { listQuerySchema, parseListParams, selectFields } from '../platform/list.ts';
import { etagOf, parseIfMatch } from '../platform/records.ts';
import { fieldErrorOut, historyQuery, historyOut, listOut, problemResponses } from '../platform/openapi.ts';
import { recordHistory } from '../platform/audit/history.ts';
import { bulkPatchBody, bulkPatchOut, summarise } from '../platform/bulk.ts';
import { contactOut } from '../contacts/schemas.ts';
import { companyCreate, companyOut, companyPatch } from './schemas.ts';
import { createCompanies, createCompany, deleteCompany, getCompanyJson, listCompaniesJson, listCompanyContacts, updateCompany, updateCompanies } from './service.ts';
import { JSON_TYPE } from '../contacts/json-presenter.ts';
import { companies } from './tables.ts';

const idParams = z.object({ id: z.uuid() });
const tags = ['companies'];
const linkedContactOut = contactOut.partial().extend({
  id: z.uuid(),
  role: z.string().nullable().describe("The contact's role at this company"),
  isPrimary: z.boolean().describe('Whether this is the contact\'s primary company'),
});

export default async function companyRoutes(app: App) {
  app.post('/companies', {
    schema: { tags, summary: 'Create a company', body: companyCreate, response: { 201: companyOut, ...problemResponses } },
  }, async (req, reply) => {
    const company = await createCompany(ctxOf(req), req.body);
    return reply.code(201).header('etag', etagOf(company.version)).header('location', `/api/v1/companies/${company.id}`).send(company);
  });

  app.post('/companies/bulk', {
    schema: {
      tags, summary: 'Create up to 1,000 companies: all or nothing (atomic) or row by row (perRow)',
      body: z.strictObject({ mode: z.enum(['atomic', 'perRow']).default('atomic'), items: z.array(companyCreate).min(1).max(1000) }),
      response: {
        200: z.object({
          created: z.number(), failed: z.number(),
          results: z.array(z.object({ index: z.number(), status: z.number(), company: companyOut.optional(), errors: z.array(fieldErrorOut).optional() })),
        }),
        ...problemResponses,
      },
    },
  }, async (req) => {
    const results = await createCompanies(ctxOf(req), req.body.items, req.body.mode);
    const created = results.filter((r) => r.status === 201).length;
    return { created, failed: results.length - created, results };
  });

  app.patch('/companies/bulk', {
    schema: {
      tags, summary: 'Change up to 1,000 companies: all or nothing (atomic) or row by row (perRow)',
      body: bulkPatchBody(companyPatch), response: { 200: bulkPatchOut(companyOut), ...problemResponses },
    },
  }, async (req) => summarise(await updateCompanies(ctxOf(req), req.body.items, req.body.mode)));

  app.get('/companies', {
    schema: { tags, summary: 'List companies (filter, sort, keyset cursor, field selection)', querystring: listQuerySchema, response: { 200: listOut(companyOut.partial().extend({ id: z.uuid() })), ...problemResponses } },
  }, async (req, reply) => {
    // Presented by PostgreSQL and sent as written (companies/presenter.ts, companyJsonSql).
    const json = await listCompaniesJson(ctxOf(req), parseListParams(req.query, 'name'));
    return reply.type(JSON_TYPE).send(json as never);
  });

  app.get('/companies/:id', {
    schema: { tags, summary: 'Get a company', params: idParams, response: { 200: companyOut, ...problemResponses } },
  }, async (req, reply) => {
    const company = await getCompanyJson(ctxOf(req), req.params.id);
    return reply.header('etag', etagOf(company.version)).type(JSON_TYPE).send(company.json as never);
  });

  app.patch('/companies/:id', {
    schema: { tags, summary: 'Change a company (send If-Match with the ETag to refuse stale writes)', params: idParams, body: companyPatch, response: { 200: companyOut, ...problemResponses } },
  }, async (req, reply) => {
    const company = await updateCompany(ctxOf(req), req.params.id, req.body, parseIfMatch(req.headers['if-match']));
    return reply.header('etag', etagOf(company.version)).send(company);
  });

  app.delete('/companies/:id', {
    schema: { tags, summary: 'Delete a company (its contact links go with it; the contacts stay)', params: idParams, response: { 204: z.null(), ...problemResponses } },
  }, async (req, reply) => {
    await deleteCompany(ctxOf(req), req.params.id);
    return reply.code(204).send(null);
  });

  app.get('/companies/:id/history', {
    schema: { tags, summary: 'Field-level change history of a company', params: idParams, querystring: historyQuery, response: { 200: historyOut, ...problemResponses } },
  }, async (req) => recordHistory(ctxOf(req), 'company', companies, req.params.id, req.query));

  app.get('/companies/:id/contacts', {
    schema: {
      tags, summary: 'Contacts linked to a company, with their role (only contacts you may see; contact list filters apply)',
      params: idParams, querystring: listQuerySchema, response: { 200: listOut(linkedContactOut), ...problemResponses },
    },
  }, async (req) => {
    const params = parseListParams(req.query, 'displayName');
    const result = await listCompanyContacts(ctxOf(req), req.params.id, params);
    // The link's own fields stay whatever fields= asks for.
    return params.fields ? { ...result, data: result.data.map((c) => ({ ...selectFields(c, params.fields), role: c.role, isPrimary: c.isPrimary })) } : result;
  });
}
