// /api/v1/cadence/...: policies, the evaluation run and compliance; /api/v1/contacts/{id}/cadence.
// Thin handlers that parse, call one service function and answer. The nightly run is the
// tenant's cadence.evaluate job schedule (GET /job-schedules); POST /cadence/evaluate runs it on demand.
import { z } from 'zod';
import { ctxOf, type App } from '../platform/http.ts';
import { etagOf, parseIfMatch } from '../platform/records.ts';
import { problemResponses } from '../platform/openapi.ts';
import { complianceOut, complianceQuery, contactCadenceOut, evaluateBody, evaluateOut, policyCreate, policyOut, policyPatch, runOut } from './schemas.ts';
import { createPolicy, deletePolicy, getPolicy, listPolicies, updatePolicy } from './policies.ts';
import { cadenceCompliance, contactCadence, evaluateCadence, listRuns } from './service.ts';

const idParams = z.object({ id: z.uuid() });
const tags = ['cadence'];

export default async function cadenceRoutes(app: App) {
  app.get('/cadence/policies', {
    schema: { tags, summary: 'List cadence policies', response: { 200: z.object({ data: z.array(policyOut) }), ...problemResponses } },
  }, async (req) => ({ data: await listPolicies(ctxOf(req)) }));

  app.post('/cadence/policies', {
    schema: { tags, summary: 'Create a cadence policy (minimum and/or maximum days between contacts for a tier, segment or relationship stage)', body: policyCreate, response: { 201: policyOut, ...problemResponses } },
  }, async (req, reply) => {
    const policy = await createPolicy(ctxOf(req), req.body);
    return reply.code(201).header('etag', etagOf(policy.version)).header('location', `/api/v1/cadence/policies/${policy.id}`).send(policy);
  });

  app.get('/cadence/policies/:id', {
    schema: { tags, summary: 'Get a cadence policy', params: idParams, response: { 200: policyOut, ...problemResponses } },
  }, async (req, reply) => {
    const policy = await getPolicy(ctxOf(req), req.params.id);
    return reply.header('etag', etagOf(policy.version)).send(policy);
  });

  app.patch('/cadence/policies/:id', {
    schema: { tags, summary: 'Change a cadence policy (applies from the next evaluation; If-Match refuses stale writes)', params: idParams, body: policyPatch, response: { 200: policyOut, ...problemResponses } },
  }, async (req, reply) => {
    const policy = await updatePolicy(ctxOf(req), req.params.id, req.body, parseIfMatch(req.headers['if-match']));
    return reply.header('etag', etagOf(policy.version)).send(policy);
  });

  app.delete('/cadence/policies/:id', {
    schema: { tags, summary: 'Delete a cadence policy (its follow-up tasks stay)', params: idParams, response: { 204: z.null(), ...problemResponses } },
  }, async (req, reply) => {
    await deletePolicy(ctxOf(req), req.params.id);
    return reply.code(204).send(null);
  });

  app.post('/cadence/evaluate', {
    schema: { tags, summary: 'Evaluate every active policy for every client now: statuses, and one follow-up task per overdue client and policy', body: evaluateBody.optional(), response: { 200: evaluateOut, ...problemResponses } },
  }, async (req) => evaluateCadence(ctxOf(req), req.body?.asOf ? new Date(req.body.asOf) : undefined));

  app.get('/cadence/runs', {
    schema: { tags, summary: 'The latest evaluation runs, newest first (to check that the nightly run happened)', querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }), response: { 200: z.object({ data: z.array(runOut) }), ...problemResponses } },
  }, async (req) => ({ data: await listRuns(ctxOf(req), req.query.limit) }));

  app.get('/cadence/compliance', {
    schema: { tags, summary: "Each rep's or team's share of their book inside policy (as of the last evaluation)", querystring: complianceQuery, response: { 200: complianceOut, ...problemResponses } },
  }, async (req) => cadenceCompliance(ctxOf(req), req.query.groupBy));

  app.get('/contacts/:id/cadence', {
    schema: { tags, summary: "A contact's standing under each cadence policy, worked out now", params: idParams, response: { 200: contactCadenceOut, ...problemResponses } },
  }, async (req) => contactCadence(ctxOf(req), req.params.id));
}
