// /api/v1/shares: thin handlers over the share service.
import { z } from 'zod';
import { ctxOf, type App } from '../platform/http.ts';
import { listOut, problemResponses } from '../platform/openapi.ts';
import { shareCreate, shareOut, sharePatch, shareQuery } from './schemas.ts';
import { changeShareAccess, createShare, deleteShare, getShare, listShares } from './service.ts';

const idParams = z.object({ id: z.uuid() });
const tags = ['shares'];

export default async function shareRoutes(app: App) {
  app.post('/shares', {
    schema: {
      tags, summary: 'Share a record with a user or a team (admins, the record\'s owner, managers of its team)',
      body: shareCreate, response: { 201: shareOut, ...problemResponses },
    },
  }, async (req, reply) => {
    const s = await createShare(ctxOf(req), req.body);
    return reply.code(201).header('location', `/api/v1/shares/${s.id}`).send(s);
  });

  app.get('/shares', {
    schema: { tags, summary: 'The shares of one record', querystring: shareQuery, response: { 200: listOut(shareOut), ...problemResponses } },
  }, async (req) => ({ data: await listShares(ctxOf(req), req.query.entity, req.query.recordId), nextCursor: null }));

  app.get('/shares/:id', {
    schema: { tags, summary: 'Get a share', params: idParams, response: { 200: shareOut, ...problemResponses } },
  }, async (req) => getShare(ctxOf(req), req.params.id));

  app.patch('/shares/:id', {
    schema: { tags, summary: 'Change a share\'s access', params: idParams, body: sharePatch, response: { 200: shareOut, ...problemResponses } },
  }, async (req) => changeShareAccess(ctxOf(req), req.params.id, req.body.access));

  app.delete('/shares/:id', {
    schema: { tags, summary: 'Withdraw a share', params: idParams, response: { 204: z.null(), ...problemResponses } },
  }, async (req, reply) => {
    await deleteShare(ctxOf(req), req.params.id);
    return reply.code(204).send(null);
  });
}
