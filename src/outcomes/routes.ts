// /api/v1/outcomes and /api/v1/interactions/{id}/outcomes: claims, decisions, evidence, the
// controller's queue, the pledge lapse, attribution. Thin handlers over the service modules.
import { z } from 'zod';
import { ctxOf, type App } from '../platform/http.ts';
import { listOut, problemResponses } from '../platform/openapi.ts';
import { inTenant } from '../platform/context.ts';
import { forbidden } from '../platform/errors.ts';
import { canAdvisor } from '../platform/policy/advisor.ts';
import { enqueueJob, presentJob } from '../platform/jobs/service.ts';
import { attributionOut } from '../campaigns/schemas.ts';
import { outcomeKinds, outcomeStatuses } from './tables.ts';
import { decisionIn, evidenceQuery, lapseIn, lapseOut, outcomeClaim, outcomeOut, suggestionOut } from './schemas.ts';
import { claimOutcome, getOutcome, listOutcomes, outcomeAttribution } from './service.ts';
import { decideOutcome, lapsePledges } from './decisions.ts';
import { suggestEvidence, verificationQueue } from './evidence.ts';
import { LAPSE_JOB } from './jobs.ts';

const tags = ['outcomes'];
const idParams = z.object({ id: z.uuid() });

export default async function outcomeRoutes(app: App) {
  app.post('/interactions/:id/outcomes', {
    schema: { tags, summary: 'Claim an outcome on an interaction you own', params: idParams, body: outcomeClaim, response: { 201: outcomeOut, ...problemResponses } },
  }, async (req, reply) => {
    const o = await claimOutcome(ctxOf(req), req.params.id, req.body);
    return reply.code(201).header('location', `/api/v1/outcomes/${o.id}`).send(o);
  });

  app.get('/outcomes', {
    schema: {
      tags, summary: 'List outcomes you may see, newest claims first',
      querystring: z.object({
        limit: z.coerce.number().int().min(1).max(500).default(50), cursor: z.uuid().optional(), status: z.enum(outcomeStatuses).optional(),
        kind: z.enum(outcomeKinds).optional(), contactId: z.uuid().optional(), campaignId: z.uuid().optional(), claimedBy: z.uuid().optional(), interactionId: z.uuid().optional(),
      }),
      response: { 200: listOut(outcomeOut), ...problemResponses },
    },
  }, async (req) => listOutcomes(ctxOf(req), req.query));

  app.get('/outcomes/queue', {
    schema: {
      tags, summary: "The controller's queue: claims awaiting a decision, oldest first, with suggested evidence",
      querystring: evidenceQuery.extend({ limit: z.coerce.number().int().min(1).max(200).default(25), cursor: z.string().max(200).optional(), kind: z.enum(outcomeKinds).optional() }),
      response: {
        200: listOut(z.object({ outcome: outcomeOut, suggestions: z.array(suggestionOut), mayDecide: z.boolean(), blockedBecause: z.string().nullable() })),
        ...problemResponses,
      },
    },
  }, async (req) => verificationQueue(ctxOf(req), req.query));

  app.get('/outcomes/:id', {
    schema: { tags, summary: 'Get an outcome with its decision history', params: idParams, response: { 200: outcomeOut, ...problemResponses } },
  }, async (req) => getOutcome(ctxOf(req), req.params.id));

  app.get('/outcomes/:id/evidence', {
    schema: {
      tags, summary: "Suggested evidence: inflows on the client's or household's accounts matching the claim",
      params: idParams, querystring: evidenceQuery, response: { 200: z.object({ data: z.array(suggestionOut) }), ...problemResponses },
    },
  }, async (req) => ({ data: await suggestEvidence(ctxOf(req), req.params.id, req.query) }));

  app.post('/outcomes/:id/decisions', {
    schema: {
      tags, summary: 'Verify, partially verify or reject a claim (controllers and admins; never your own or your reporting line\'s). A correction names the decision it corrects',
      params: idParams, body: decisionIn, response: { 201: outcomeOut, ...problemResponses },
    },
  }, async (req, reply) => reply.code(201).send(await decideOutcome(ctxOf(req), req.params.id, req.body)));

  app.get('/outcomes/:id/attribution', {
    schema: {
      tags, summary: 'Campaign credit for an outcome: explicit, first touch and last touch inside the attribution window',
      params: idParams, querystring: z.object({ windowDays: z.coerce.number().int().min(0).max(3650).optional() }),
      response: { 200: attributionOut, ...problemResponses },
    },
  }, async (req) => outcomeAttribution(ctxOf(req), req.params.id, req.query.windowDays));

  app.post('/outcomes/lapse', {
    schema: {
      tags, summary: 'Lapse pledges not converted within `days` (now, or as a background job with ?async=true)',
      querystring: z.object({ async: z.enum(['true', 'false']).optional() }), body: lapseIn,
      response: { 200: lapseOut, 202: z.object({ jobId: z.uuid(), status: z.string() }), ...problemResponses },
    },
  }, async (req, reply) => {
    const ctx = ctxOf(req);
    if (req.query.async !== 'true') return lapsePledges(ctx, req.body.days);
    if (!canAdvisor(ctx.principal, 'lapse', 'outcome')) throw forbidden('Only controllers and admins lapse pledges');
    const job = await inTenant(ctx, (tx) => enqueueJob(tx, ctx, LAPSE_JOB, { days: req.body.days }));
    return reply.code(202).header('location', `/api/v1/jobs/${job.id}`).send({ jobId: job.id, status: presentJob(job).status });
  });
}
