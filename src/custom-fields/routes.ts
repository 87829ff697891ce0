// /api/v1/custom-fields: thin handlers over definitions.ts.
import { z } from 'zod';
import { ctxOf, type App } from '../platform/http.ts';
import { listOut, problemResponses } from '../platform/openapi.ts';
import { customFieldEntities, definitionCreate, definitionOut, definitionPatch } from './schemas.ts';
import { createDefinition, deleteDefinition, getDefinition, listDefinitions, updateDefinition } from './definitions.ts';

const idParams = z.object({ id: z.uuid() });
const tags = ['custom fields'];

export default async function customFieldRoutes(app: App) {
  app.post('/custom-fields', {
    schema: { tags, summary: 'Define a custom field (admins)', body: definitionCreate, response: { 201: definitionOut, ...problemResponses } },
  }, async (req, reply) => {
    const d = await createDefinition(ctxOf(req), req.body);
    return reply.code(201).header('location', `/api/v1/custom-fields/${d.id}`).send(d);
  });

  app.get('/custom-fields', {
    schema: {
      tags, summary: 'Custom field definitions, by entity and key',
      querystring: z.object({ entity: z.enum(customFieldEntities).optional() }), response: { 200: listOut(definitionOut), ...problemResponses },
    },
  }, async (req) => ({ data: await listDefinitions(ctxOf(req), req.query.entity), nextCursor: null }));

  app.get('/custom-fields/:id', {
    schema: { tags, summary: 'Get a custom field definition', params: idParams, response: { 200: definitionOut, ...problemResponses } },
  }, async (req) => getDefinition(ctxOf(req), req.params.id));

  app.patch('/custom-fields/:id', {
    schema: { tags, summary: 'Change a custom field definition (admins; entity and key are fixed)', params: idParams, body: definitionPatch, response: { 200: definitionOut, ...problemResponses } },
  }, async (req) => updateDefinition(ctxOf(req), req.params.id, req.body));

  app.delete('/custom-fields/:id', {
    schema: { tags, summary: 'Delete a custom field definition and its values (admins)', params: idParams, response: { 204: z.null(), ...problemResponses } },
  }, async (req, reply) => {
    await deleteDefinition(ctxOf(req), req.params.id);
    return reply.code(204).send(null);
  });
}
