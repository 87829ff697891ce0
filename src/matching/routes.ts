// /api/v1/matching, a contact's duplicates and merges: thin handlers that parse, call one service
// function and answer through the presenter.
import { z } from 'zod';
import { ctxOf, type App } from '../platform/http.ts';
import { listOut, problemResponses } from '../platform/openapi.ts';
import { etagOf } from '../platform/records.ts';
import { jobOut } from '../platform/jobs/routes.ts';
import { contactPatch } from '../contacts/schemas.ts';
import { companyPatch } from '../companies/schemas.ts';
import { checkCompanyDraft, companyDuplicatesOf } from './company-realtime.ts';
import { enqueueDedupe } from './dedupe.ts';
import { checkDraft, duplicatesOf } from './realtime.ts';
import { decideCandidate, decidePair, getCandidate, listCandidates } from './review.ts';
import { mergeCompanies, mergeContacts } from './merge.ts';
import { getMerge, listMergesOf, unmerge } from './unmerge.ts';
import { presentCheck, presentMerge } from './presenter.ts';
import { candidateOut, candidateQuery, checkOut, companyCheckOut, checkQuery, draftCheckQuery, companyMergeBody, dedupeQuery, decisionBody, decisionOut, mergeBody, mergeOut, pairDecisionBody, pairDecisionOut } from './schemas.ts';

const tags = ['matching'];
const idParams = z.object({ id: z.uuid() });

export default async function matchingRoutes(app: App) {
  app.post('/matching/dedupe', {
    schema: { tags, summary: 'Queue a dedupe job over the tenant\'s contacts or companies (progress at GET /jobs/{id}); needs a role that sees every record', querystring: dedupeQuery, response: { 202: jobOut, ...problemResponses } },
  }, async (req, reply) => reply.code(202).send(await enqueueDedupe(ctxOf(req), req.query.entity)));

  app.post('/matching/check', {
    schema: { tags, summary: 'Real-time duplicate check of a contact draft (create or edit form); nothing is written', querystring: draftCheckQuery, body: contactPatch, response: { 200: checkOut, ...problemResponses } },
  }, async (req) => presentCheck(await checkDraft(ctxOf(req), req.body, req.query.limit, req.query.excludeId), ctxOf(req).principal));

  app.get('/contacts/:id/duplicates', {
    schema: { tags, summary: 'Likely duplicates of a contact, with probability and waterfall', params: idParams, querystring: checkQuery, response: { 200: checkOut, ...problemResponses } },
  }, async (req) => presentCheck(await duplicatesOf(ctxOf(req), req.params.id, req.query.limit), ctxOf(req).principal));

  app.post('/matching/check-company', {
    schema: { tags, summary: 'Real-time duplicate check of a company draft; nothing is written', querystring: draftCheckQuery, body: companyPatch, response: { 200: companyCheckOut, ...problemResponses } },
  }, async (req) => checkCompanyDraft(ctxOf(req), req.body, req.query.limit, req.query.excludeId));

  app.get('/companies/:id/duplicates', {
    schema: { tags, summary: 'Likely duplicates of a company, with probability and waterfall', params: idParams, querystring: checkQuery, response: { 200: companyCheckOut, ...problemResponses } },
  }, async (req) => companyDuplicatesOf(ctxOf(req), req.params.id, req.query.limit));

  app.get('/matching/candidates', {
    schema: { tags, summary: 'Review queue: candidate pairs whose both contacts you may see, the uncertain band first', querystring: candidateQuery, response: { 200: listOut(candidateOut), ...problemResponses } },
  }, async (req) => listCandidates(ctxOf(req), req.query));

  app.get('/matching/candidates/:id', {
    schema: { tags, summary: 'One candidate pair with both records and the waterfall', params: idParams, response: { 200: candidateOut, ...problemResponses } },
  }, async (req) => getCandidate(ctxOf(req), req.params.id));

  app.post('/matching/candidates/:id/decision', {
    schema: { tags, summary: 'Decide a pair: merge, not_duplicate or dismiss (merge and not_duplicate become labels for the next dedupe run)', params: idParams, body: decisionBody, response: { 200: decisionOut, ...problemResponses } },
  }, async (req) => decideCandidate(ctxOf(req), req.params.id, req.body));

  app.post('/matching/decisions', {
    schema: { tags, summary: 'Say whether any two contacts (or two companies) are the same: a label like a review decision; "not_same" pairs are no longer offered by the checks or the review queue. Needs update on both; repeating a decision changes nothing', body: pairDecisionBody, response: { 200: pairDecisionOut, ...problemResponses } },
  }, async (req) => decidePair(ctxOf(req), req.body));

  app.post('/contacts/:id/merge', {
    schema: { tags, summary: 'Merge another contact into this one (per-field survivorship; every related row moves here; the other is removed)', params: idParams, body: mergeBody, response: { 201: mergeOut, ...problemResponses } },
  }, async (req, reply) => {
    const { merge, survivor } = await mergeContacts(ctxOf(req), req.params.id, req.body);
    return reply.code(201).header('etag', etagOf(survivor.version)).header('location', `/api/v1/merges/${merge.id}`).send({ ...presentMerge(merge), survivor });
  });

  app.post('/companies/:id/merge', {
    schema: { tags, summary: 'Merge another company into this one (per-field survivorship; contact links, notes, tasks, interactions and identifiers move here; the other is removed)', params: idParams, body: companyMergeBody, response: { 201: mergeOut, ...problemResponses } },
  }, async (req, reply) => {
    const { merge, survivor } = await mergeCompanies(ctxOf(req), req.params.id, req.body);
    return reply.code(201).header('etag', etagOf(survivor.version)).header('location', `/api/v1/merges/${merge.id}`).send({ ...presentMerge(merge), survivor });
  });

  app.get('/companies/:id/merges', {
    schema: { tags, summary: 'Merges into a company, newest first, with field lineage (up to 200)', params: idParams, response: { 200: z.object({ data: z.array(mergeOut) }), ...problemResponses } },
  }, async (req) => ({ data: (await listMergesOf(ctxOf(req), 'company', req.params.id)).map(presentMerge) }));

  app.get('/contacts/:id/merges', {
    schema: { tags, summary: 'Merges into a contact, newest first, with field lineage (up to 200)', params: idParams, response: { 200: z.object({ data: z.array(mergeOut) }), ...problemResponses } },
  }, async (req) => ({ data: (await listMergesOf(ctxOf(req), 'contact', req.params.id)).map(presentMerge) }));

  app.get('/merges/:id', {
    schema: { tags, summary: 'A merge with its field choices and lineage', params: idParams, response: { 200: mergeOut, ...problemResponses } },
  }, async (req) => presentMerge(await getMerge(ctxOf(req), req.params.id)));

  app.post('/merges/:id/undo', {
    schema: { tags, summary: 'Undo a merge: both contacts and every moved row exactly as before (409 once the survivor changed after the merge)', params: idParams, response: { 200: mergeOut, ...problemResponses } },
  }, async (req) => presentMerge(await unmerge(ctxOf(req), req.params.id)));
}
