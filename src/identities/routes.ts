// /api/v1/identities/{system}/{externalId}: the golden record behind an outside system's identifier.
import { z } from 'zod';
import { ctxOf, type App } from '../platform/http.ts';
import { problemResponses } from '../platform/openapi.ts';
import { contactOut } from '../contacts/schemas.ts';
import { companyOut } from '../companies/schemas.ts';
import { resolveIdentity } from './service.ts';

const identityOut = z.object({
  type: z.enum(['contact', 'company']),
  id: z.uuid(),
  system: z.string(),
  externalId: z.string(),
  contact: contactOut.optional().describe('When type is contact'),
  company: companyOut.optional().describe('When type is company'),
});

export default async function identityRoutes(app: App) {
  app.get('/identities/:system/:externalId', {
    schema: {
      tags: ['identities'],
      summary: 'The contact or company an outside system knows under this identifier (404 when unknown or not visible)',
      params: z.object({ system: z.string().min(1).max(60), externalId: z.string().min(1).max(200) }),
      response: { 200: identityOut, ...problemResponses },
    },
  }, async (req) => resolveIdentity(ctxOf(req), req.params.system, req.params.externalId));
}
