// /api/v1/quality: the tenant's data quality summary and the on-demand recompute; and
// POST /contacts/{id}/confirm, /companies/{id}/confirm to mark data confirmed, and
// POST /contacts/{id}/enrich, /companies/{id}/enrich to ask the configured enrichment webhook.
import { z } from 'zod';
import { ctxOf, type App } from '../platform/http.ts';
import { problemResponses } from '../platform/openapi.ts';
import { jobStartedOut, qualityFieldsOut, summaryOut, summaryQuery } from './schemas.ts';
import { confirmRecord, qualitySummary } from './service.ts';
import { startRecompute } from './recompute.ts';
import { enrichRecord } from './enrich-service.ts';
import { webhookProvider } from './provider.ts';
import { AppError } from '../platform/errors.ts';

const idParams = z.object({ id: z.uuid() });
const confirmedOut = z.object({ id: z.uuid(), confirmedAt: z.string(), version: z.number() });
const enrichedOut = z.object({ enrichment: qualityFieldsOut.enrichment, version: z.number() });

export default async function qualityRoutes(app: App) {
  app.get('/quality/summary', {
    schema: {
      tags: ['quality'], summary: 'Data quality of the contacts and companies you can see: valid emails and phones, missing fields, stale records, suspected duplicates',
      querystring: summaryQuery, response: { 200: summaryOut, ...problemResponses },
    },
  }, async (req) => qualitySummary(ctxOf(req), req.query.staleMonths));

  app.post('/quality/recompute', {
    schema: {
      tags: ['quality'], summary: 'Recompute quality issues, completeness and enrichment of every record, as a job in batches of 1,000 (admin; safe to repeat)',
      response: { 202: jobStartedOut, ...problemResponses },
    },
  }, async (req, reply) => reply.code(202).send(await startRecompute(ctxOf(req))));

  for (const [path, entity] of [['contacts', 'contact'], ['companies', 'company']] as const) {
    app.post(`/${path}/:id/confirm`, {
      schema: { tags: [path], summary: `Mark the ${entity}'s data as confirmed now`, params: idParams, response: { 200: confirmedOut, ...problemResponses } },
    }, async (req, reply) => {
      const out = await confirmRecord(ctxOf(req), entity, req.params.id);
      return reply.header('etag', `W/"${out.version}"`).send(out);
    });

    app.post(`/${path}/:id/enrich`, {
      schema: {
        tags: [path], summary: `Ask the configured enrichment webhook about the ${entity} (ENRICHMENT_WEBHOOK_URL); values are stored beside typed ones`,
        params: idParams, response: { 200: enrichedOut, ...problemResponses },
      },
    }, async (req, reply) => {
      const { ENRICHMENT_WEBHOOK_URL: url, ENRICHMENT_WEBHOOK_SECRET: secret, ENRICHMENT_WEBHOOK_TIMEOUT_MS: timeoutMs } = req.server.config;
      if (!url) throw new AppError('enrichment_not_configured', 409, 'No enrichment provider is configured (set ENRICHMENT_WEBHOOK_URL)');
      const out = await enrichRecord(ctxOf(req), entity, req.params.id, webhookProvider({ url, secret, timeoutMs }));
      return reply.header('etag', `W/"${out.version}"`).send(out);
    });
  }
}
