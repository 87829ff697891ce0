// /api/v1/categories: thin handlers that parse, call one service function and answer.
import { z } from 'zod';
import { ctxOf, type App } from '../platform/http.ts';
import { listQuerySchema, parseListParams } from '../platform/list.ts';
import { listOut, problemResponses } from '../platform/openapi.ts';
import { categoryCreate, categoryOut, categoryPatch } from './schemas.ts';
import { createCategory, deleteCategory, getCategory, listCategories, updateCategory } from './service.ts';

const idParams = z.object({ id: z.uuid() });
const tags = ['categories'];

export default async function categoryRoutes(app: App) {
  app.post('/categories', {
    schema: { tags, summary: 'Create a category, at the top level or under parentId', body: categoryCreate, response: { 201: categoryOut, ...problemResponses } },
  }, async (req, reply) => {
    const c = await createCategory(ctxOf(req), req.body);
    return reply.code(201).header('location', `/api/v1/categories/${c.id}`).send(c);
  });

  app.get('/categories', {
    schema: {
      tags, summary: 'All categories as a flat list in tree order (sort: path or -path; filter on name, parentId, path, depth)',
      querystring: listQuerySchema, response: { 200: listOut(categoryOut), ...problemResponses },
    },
  }, async (req) => listCategories(ctxOf(req), parseListParams(req.query, 'path')));

  app.get('/categories/:id', {
    schema: { tags, summary: 'Get a category', params: idParams, response: { 200: categoryOut, ...problemResponses } },
  }, async (req) => getCategory(ctxOf(req), req.params.id));

  app.patch('/categories/:id', {
    schema: { tags, summary: 'Rename or move a category; its sub-categories follow', params: idParams, body: categoryPatch, response: { 200: categoryOut, ...problemResponses } },
  }, async (req) => updateCategory(ctxOf(req), req.params.id, req.body));

  app.delete('/categories/:id', {
    schema: { tags, summary: 'Delete a category with its sub-categories; contacts are unlinked', params: idParams, response: { 204: z.null(), ...problemResponses } },
  }, async (req, reply) => {
    await deleteCategory(ctxOf(req), req.params.id);
    return reply.code(204).send(null);
  });
}
