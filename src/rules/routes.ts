// /api/v1/rules: categorisation rules (conditions as JSON data) and their re-run as a job.
import { z } from 'zod';
import { ctxOf, type App } from '../platform/http.ts';
import { etagOf, parseIfMatch } from '../platform/records.ts';
import { problemResponses } from '../platform/openapi.ts';
import { ruleCreate, ruleOut, rulePatch, runOut } from './schemas.ts';
import { createRule, deleteRule, getRule, listRules, runRule, updateRule } from './service.ts';

const idParams = z.object({ id: z.uuid() });
const tags = ['rules'];

export default async function ruleRoutes(app: App) {
  app.post('/rules', {
    schema: { tags, summary: 'Create a rule: applied to every later write of its entity', body: ruleCreate, response: { 201: ruleOut, ...problemResponses } },
  }, async (req, reply) => {
    const rule = await createRule(ctxOf(req), req.body);
    return reply.code(201).header('etag', etagOf(rule.version)).header('location', `/api/v1/rules/${rule.id}`).send(rule);
  });

  app.get('/rules', {
    schema: {
      tags, summary: 'All rules, in the order they apply', querystring: z.object({ entity: z.enum(['contact', 'company']).optional() }),
      response: { 200: z.object({ data: z.array(ruleOut) }), ...problemResponses },
    },
  }, async (req) => ({ data: await listRules(ctxOf(req), req.query.entity) }));

  app.get('/rules/:id', {
    schema: { tags, summary: 'Get a rule', params: idParams, response: { 200: ruleOut, ...problemResponses } },
  }, async (req, reply) => {
    const rule = await getRule(ctxOf(req), req.params.id);
    return reply.header('etag', etagOf(rule.version)).send(rule);
  });

  app.patch('/rules/:id', {
    schema: { tags, summary: 'Change a rule (If-Match refuses stale writes)', params: idParams, body: rulePatch, response: { 200: ruleOut, ...problemResponses } },
  }, async (req, reply) => {
    const rule = await updateRule(ctxOf(req), req.params.id, req.body, parseIfMatch(req.headers['if-match']));
    return reply.header('etag', etagOf(rule.version)).send(rule);
  });

  app.delete('/rules/:id', {
    schema: { tags, summary: 'Delete a rule (what it already did stays)', params: idParams, response: { 204: z.null(), ...problemResponses } },
  }, async (req, reply) => {
    await deleteRule(ctxOf(req), req.params.id);
    return reply.code(204).send(null);
  });

  app.post('/rules/:id/run', {
    schema: { tags, summary: 'Re-run a rule over every existing record of its entity, as a background job in batches of 1,000', params: idParams, response: { 202: runOut, ...problemResponses } },
  }, async (req, reply) => reply.code(202).send(await runRule(ctxOf(req), req.params.id)));
}
