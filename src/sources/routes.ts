// /api/v1/contacts/{id}/lineage and /companies/{id}/lineage (which source gave each field of the golden record, every source
// with its claims, the record's identifiers), /api/v1/sources/settings (survivorship; admin PUT; the
// `survivorship` part of /api/v1/settings, kept for clients written against it) and
// /api/v1/sources/systems (the systems that sent records, for ranking them).
import { z } from 'zod';
import { ctxOf, type App } from '../platform/http.ts';
import { problemResponses } from '../platform/openapi.ts';
import { getContact } from '../contacts/service.ts';
import { getCompany } from '../companies/service.ts';
import { survivorshipSettings } from './golden.ts';
import { lineageOf } from './service.ts';
import { getSurvivorship, putSurvivorship } from './settings.ts';
import { systemsSummary } from './systems.ts';

const tags = ['sources'];
const identifierOut = z.object({ system: z.string(), externalId: z.string() });
export const lineageOut = z.object({
  fields: z.record(z.string(), z.object({
    system: z.string(), externalId: z.string(), at: z.string().describe('When this source sent the value'),
    receivedAt: z.string().describe('When this source was last received'), importId: z.uuid().nullable(),
  })).describe('Per golden field: the source its value comes from'),
  sources: z.array(z.object({
    system: z.string(), externalId: z.string(), receivedAt: z.string(), importId: z.uuid().nullable(), writtenBy: z.uuid().nullable(),
    fields: z.record(z.string(), z.object({ value: z.unknown(), at: z.string() })).describe('What this source claims, each with when it was received'),
    provides: z.array(z.string()).describe('The golden fields taken from this source'),
    payload: z.unknown().optional().describe('The raw payload as last received (absent for roles that may not read every sensitive field)'),
  })),
  identifiers: z.array(identifierOut),
  settings: survivorshipSettings,
});

export default async function sourceRoutes(app: App) {
  app.get('/contacts/:id/lineage', {
    schema: { tags, summary: 'Where each field of a contact comes from: its sources, their claims and identifiers', params: z.object({ id: z.uuid() }), response: { 200: lineageOut, ...problemResponses } },
  }, async (req) => {
    const ctx = ctxOf(req);
    const contact = await getContact(ctx, req.params.id); // 404 when absent or not visible
    return lineageOf(ctx, 'contact', contact.id, contact.sourceIdentifiers);
  });

  app.get('/companies/:id/lineage', {
    schema: { tags, summary: 'Where each field of a company comes from: its sources, their claims and identifiers', params: z.object({ id: z.uuid() }), response: { 200: lineageOut, ...problemResponses } },
  }, async (req) => {
    const ctx = ctxOf(req);
    const company = await getCompany(ctx, req.params.id); // 404 when absent or not visible
    return lineageOf(ctx, 'company', company.id, company.sourceIdentifiers);
  });

  app.get('/sources/settings', {
    schema: { tags, summary: 'Survivorship settings: how the golden record picks each field among its sources (also `survivorship` in GET /settings)', response: { 200: survivorshipSettings, ...problemResponses } },
  }, async (req) => getSurvivorship(ctxOf(req)));

  app.get('/sources/systems', {
    schema: {
      tags, summary: 'The systems that have sent records: contacts and companies each speaks for, records it gives a golden field, when it last sent (admin, controller)',
      response: {
        200: z.object({ data: z.array(z.object({
          system: z.string(), contacts: z.number().int(), companies: z.number().int(),
          providing: z.number().int().describe('Records whose golden value for at least one field comes from this system'),
          lastReceivedAt: z.string(),
        })) }),
        ...problemResponses,
      },
    },
  }, async (req) => ({ data: await systemsSummary(ctxOf(req)) }));

  app.put('/sources/settings', {
    schema: { tags, summary: 'Replace the survivorship settings (admin; audited; stored records are recomputed in a sources.recompute job; also PUT /settings with `survivorship`)', body: survivorshipSettings, response: { 200: survivorshipSettings, ...problemResponses } },
  }, async (req) => putSurvivorship(ctxOf(req), req.body));
}
