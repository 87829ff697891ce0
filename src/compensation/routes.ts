// /api/v1/compensation/...: plans, managers' scores and statements. Thin handlers that parse, call
// one service function and answer.
import { z } from 'zod';
import { ctxOf, type App } from '../platform/http.ts';
import { etagOf, parseIfMatch } from '../platform/records.ts';
import { problemResponses } from '../platform/openapi.ts';
import { planCreate, planOut, planPatch, scoreBody, scoreOut, statementOut, statementSummary } from './schemas.ts';
import { createPlan, deletePlan, getPlan, listPlans, setScore, updatePlan } from './plans.ts';
import { getStatement, listStatements } from './service.ts';

const idParams = z.object({ id: z.uuid() });
const personParams = z.object({ id: z.uuid(), userId: z.uuid() });
const tags = ['compensation'];
const planRef = z.object({ id: z.uuid(), name: z.string(), periodStart: z.string(), periodEnd: z.string() });

export default async function compensationRoutes(app: App) {
  app.get('/compensation/plans', {
    schema: { tags, summary: 'List compensation plans, latest period first', response: { 200: z.object({ data: z.array(planOut) }), ...problemResponses } },
  }, async (req) => ({ data: await listPlans(ctxOf(req)) }));

  app.post('/compensation/plans', {
    schema: { tags, summary: 'Create a compensation plan for a period (asset bands, per-outcome bonuses, subjective component: declared as data)', body: planCreate, response: { 201: planOut, ...problemResponses } },
  }, async (req, reply) => {
    const plan = await createPlan(ctxOf(req), req.body);
    return reply.code(201).header('etag', etagOf(plan.version)).header('location', `/api/v1/compensation/plans/${plan.id}`).send(plan);
  });

  app.get('/compensation/plans/:id', {
    schema: { tags, summary: 'Get a compensation plan', params: idParams, response: { 200: planOut, ...problemResponses } },
  }, async (req, reply) => {
    const plan = await getPlan(ctxOf(req), req.params.id);
    return reply.header('etag', etagOf(plan.version)).send(plan);
  });

  app.patch('/compensation/plans/:id', {
    schema: { tags, summary: 'Change a compensation plan (If-Match refuses stale writes)', params: idParams, body: planPatch, response: { 200: planOut, ...problemResponses } },
  }, async (req, reply) => {
    const plan = await updatePlan(ctxOf(req), req.params.id, req.body, parseIfMatch(req.headers['if-match']));
    return reply.header('etag', etagOf(plan.version)).send(plan);
  });

  app.delete('/compensation/plans/:id', {
    schema: { tags, summary: 'Delete a compensation plan and its scores', params: idParams, response: { 204: z.null(), ...problemResponses } },
  }, async (req, reply) => {
    await deletePlan(ctxOf(req), req.params.id);
    return reply.code(204).send(null);
  });

  app.put('/compensation/plans/:id/scores/:userId', {
    schema: { tags, summary: "Set a manager's score (0-100) of a rep for the plan's period", params: personParams, body: scoreBody, response: { 200: scoreOut, ...problemResponses } },
  }, async (req) => setScore(ctxOf(req), req.params.id, req.params.userId, req.body));

  app.get('/compensation/plans/:id/statements', {
    schema: { tags, summary: 'Statement totals of every rep the caller may see (own, teams, or all)', params: idParams, response: { 200: z.object({ plan: planRef, data: z.array(statementSummary) }), ...problemResponses } },
  }, async (req) => listStatements(ctxOf(req), req.params.id));

  app.get('/compensation/plans/:id/statements/:userId', {
    schema: { tags, summary: "A rep's statement: every amount with the verified outcomes behind it", params: personParams, response: { 200: statementOut, ...problemResponses } },
  }, async (req) => getStatement(ctxOf(req), req.params.id, req.params.userId));
}
