// /api/v1/search: one query box over contacts and companies (see service.ts for how it matches).
import { z } from 'zod';
import { ctxOf, type App } from '../platform/http.ts';
import { problemResponses } from '../platform/openapi.ts';
import { search, type SearchType } from './service.ts';

const querystring = z.object({
  q: z.string().trim().min(1).max(200).describe('Words, an email or a phone number; typos and accents are forgiven'),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  types: z.string().regex(/^(contact|company)(,(contact|company))*$/, 'must be a comma-separated list of contact, company').optional()
    .describe('Which record types to return (default: contact,company)'),
});

const hitOut = z.discriminatedUnion('type', [
  z.object({ type: z.literal('contact'), id: z.uuid(), displayName: z.string(), subtitle: z.string().nullable().describe('Job title and company, else email'), score: z.number() }),
  z.object({ type: z.literal('company'), id: z.uuid(), name: z.string(), subtitle: z.string().nullable().describe('Domain, else industry'), score: z.number() }),
]);

export default async function searchRoutes(app: App) {
  app.get('/search', {
    schema: {
      tags: ['search'], summary: 'Search contacts and companies, best match first',
      querystring, response: { 200: z.object({ data: z.array(hitOut) }), ...problemResponses },
    },
  }, async (req) => {
    const types = (req.query.types?.split(',') ?? ['contact', 'company']) as SearchType[];
    const hits = await search(ctxOf(req), req.query.q, req.query.limit, types);
    return {
      data: hits.map(({ type, id, name, subtitle, score }) =>
        type === 'contact' ? { type, id, displayName: name, subtitle, score } : { type, id, name, subtitle, score }),
    };
  });
}
