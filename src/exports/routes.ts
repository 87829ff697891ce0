// /api/v1/exports/{resource}.csv and /api/v1/exports/contacts.vcf: a list, with the list endpoints'
// own filter[field][op], match, sort and fields parameters, as a streamed download (read as the
// socket drains: at most a couple of pages ahead of the client).
import { Readable } from 'node:stream';
import { z } from 'zod';
import { ctxOf, type App } from '../platform/http.ts';
import { invalid } from '../platform/errors.ts';
import { listQuerySchema, parseListParams } from '../platform/list.ts';
import { problemResponses } from '../platform/openapi.ts';
import { defaultSortOf, exportLines, exportResources, type ExportResource } from './service.ts';

const fileParams = z.object({ file: z.string().regex(/^[a-z]+\.(csv|vcf)$/, 'must be {resource}.csv or contacts.vcf') });

export default async function exportRoutes(app: App) {
  app.get('/exports/:file', {
    schema: {
      tags: ['exports'],
      summary: 'Export a list as CSV (contacts.csv, companies.csv, interactions.csv) or vCard 4.0 (contacts.vcf)',
      description: 'Takes the list endpoint\'s filter[field][op], match, sort and fields parameters; streams every matching row the caller may see. CSV cells that a spreadsheet would run as formulas start with a single quote.',
      params: fileParams, querystring: listQuerySchema,
      response: { 200: z.string().describe('text/csv or text/vcard'), ...problemResponses },
    },
  }, async (req, reply) => {
    const [name, format] = req.params.file.split('.') as [string, 'csv' | 'vcf'];
    if (!(exportResources as readonly string[]).includes(name)) throw invalid('file', `unknown resource ${name}; use one of ${exportResources.join(', ')}`);
    if (format === 'vcf' && name !== 'contacts') throw invalid('file', 'only contacts export as vCard');
    const resource = name as ExportResource;
    const params = parseListParams(req.query, defaultSortOf(resource));
    const lines = await exportLines(ctxOf(req), resource, format, params);
    const stamp = new Date().toISOString().slice(0, 10);
    return reply
      .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'text/vcard; charset=utf-8')
      .header('content-disposition', `attachment; filename="${resource}-${stamp}.${format}"`)
      .send(Readable.from(lines, { objectMode: true, highWaterMark: 2 }) as unknown as string); // a page or two ahead of the socket
  });
}
