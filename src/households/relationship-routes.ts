// /api/v1/relationships and a contact's relationships: thin handlers over relationships.ts.
import { z } from 'zod';
import { ctxOf, type App } from '../platform/http.ts';
import { listOut, problemResponses } from '../platform/openapi.ts';
import { contactRelationshipOut, relationshipCreate, relationshipOut } from './schemas.ts';
import { createRelationship, deleteRelationship, relationshipsOfContact } from './relationships.ts';

const idParams = z.object({ id: z.uuid() });
const tags = ['relationships'];

export default async function relationshipRoutes(app: App) {
  app.post('/relationships', {
    schema: {
      tags, summary: 'Relate two contacts (needs update permission on the from-contact)',
      body: relationshipCreate, response: { 201: relationshipOut, ...problemResponses },
    },
  }, async (req, reply) => reply.code(201).send(await createRelationship(ctxOf(req), req.body)));

  app.delete('/relationships/:id', {
    schema: { tags, summary: 'Remove a relationship', params: idParams, response: { 204: z.null(), ...problemResponses } },
  }, async (req, reply) => {
    await deleteRelationship(ctxOf(req), req.params.id);
    return reply.code(204).send(null);
  });

  app.get('/contacts/:id/relationships', {
    schema: {
      tags: ['relationships', 'contacts'], summary: 'A contact\'s relationships in both directions, read from its side',
      params: idParams, response: { 200: listOut(contactRelationshipOut), ...problemResponses },
    },
  }, async (req) => ({ data: await relationshipsOfContact(ctxOf(req), req.params.id), nextCursor: null }));
}
