// /api/v1/imports: upload a file as the raw request body (streamed, never buffered whole), look at
// the suggested mapping, change it, dry-run, run and undo it as jobs, download the error report.
import { Readable } from 'node:stream';
import { z } from 'zod';
import { ctxOf, type App } from '../platform/http.ts';
import { problemResponses } from '../platform/openapi.ts';
import { jobOut } from '../platform/jobs/routes.ts';
import { encodings } from './decode.ts';
import { importResources } from './resources.ts';
import { errorReport } from './errors.ts';
import { getImport, setMapping, startImportJob, uploadImport } from './service.ts';

const tags = ['imports'];
const idParams = z.object({ id: z.uuid() });
const mapping = z.record(z.string(), z.string().max(80)).describe('Column header -> field (see targets), or "ignore"; interactions also take "@timeZone": an IANA zone for dates without an offset');

export const importOut = z.object({
  id: z.uuid(), resource: z.string(), format: z.enum(['csv', 'vcard']), sourceSystem: z.string(), fileName: z.string(),
  size: z.number(), encoding: z.string(), delimiter: z.string().nullable(), headers: z.array(z.string()), mapping,
  status: z.string().describe('uploaded, imported or undone'),
  counts: z.object({ rows: z.number(), created: z.number(), updated: z.number(), failed: z.number() }).passthrough().nullable(),
  dryRun: z.record(z.string(), z.unknown()).nullable().describe('counts, the first rows as they would be stored (preview), at'),
  job: jobOut.nullable().describe('The latest job of this import'),
  createdBy: z.uuid().nullable(), createdAt: z.string(), updatedAt: z.string(),
});

const rawTypes = ['text/csv', 'text/plain', 'text/tab-separated-values', 'text/vcard', 'text/x-vcard', 'text/directory', 'application/octet-stream', 'application/vnd.ms-excel'];

export default async function importRoutes(app: App) {
  // The body stays a stream: the service writes it to the database chunk by chunk. toJSON gives
  // the Idempotency-Key hook (which hashes the JSON of a body) something to hash: the URL then
  // identifies the upload, so a retried upload with the same key gets the first answer.
  app.addContentTypeParser(rawTypes, (_req, payload, done) => done(null, Object.assign(payload, { toJSON: () => ({ upload: 'raw body' }) })));

  app.post('/imports', {
    schema: {
      tags,
      summary: 'Upload a file of contacts, companies or interactions to import (CSV in any common delimiter and encoding, or vCard 3.0/4.0 for contacts) as the raw request body',
      description: `Send the file as the body with Content-Type ${rawTypes.join(', ')}. The answer describes the file and suggests a mapping; then dry-run or run it.`,
      querystring: z.object({
        resource: z.enum(importResources).default('contacts'),
        source: z.string().trim().min(1).max(60).describe('The system the file comes from (hubspot, salesforce, ...): external ids are kept per source, and mappings are saved per source'),
        fileName: z.string().max(255).default('import.csv'),
        format: z.enum(['csv', 'vcard']).optional().describe('Detected from the name and content when absent'),
        encoding: z.enum(encodings).optional().describe('Detected (BOM, else UTF-8 when valid, else windows-1252) when absent'),
        delimiter: z.enum([',', ';', '\t', '|']).optional().describe('Sniffed from the first lines when absent'),
      }),
      response: {
        201: z.object({ import: importOut, sample: z.array(z.array(z.string())), savedMapping: mapping.nullable(), targets: z.array(z.string()) }),
        ...problemResponses, 413: problemResponses[422],
      },
    },
  }, async (req, reply) => {
    const body = req.body instanceof Readable ? req.body : Readable.from(typeof req.body === 'string' ? [Buffer.from(req.body)] : []);
    const q = req.query;
    const result = await uploadImport(ctxOf(req), { resource: q.resource, source: q.source, fileName: q.fileName, format: q.format, encoding: q.encoding, delimiter: q.delimiter }, body);
    return reply.code(201).header('location', `/api/v1/imports/${result.import.id}`).send(result);
  });

  app.get('/imports/:id', {
    schema: { tags, summary: 'An import: its file, mapping, counts, dry-run result and latest job', params: idParams, response: { 200: importOut, ...problemResponses } },
  }, async (req) => getImport(ctxOf(req), req.params.id));

  app.put('/imports/:id/mapping', {
    schema: {
      tags, summary: 'Change the column mapping (save: also remember it for the next file from this source)', params: idParams,
      body: z.strictObject({ mapping, save: z.boolean().default(false) }), response: { 200: importOut, ...problemResponses },
    },
  }, async (req) => setMapping(ctxOf(req), req.params.id, req.body.mapping, req.body.save));

  const start = (what: 'run' | 'dry' | 'undo', path: string, summary: string) =>
    app.post(path, {
      schema: {
        tags, summary, params: idParams,
        body: z.strictObject({ batchRows: z.number().int().min(1).max(5000).optional().describe('Rows per transaction (default 1,000)') }).nullish(),
        response: { 202: jobOut, ...problemResponses },
      },
    }, async (req, reply) => reply.code(202).header('location', '/api/v1/jobs').send(await startImportJob(ctxOf(req), req.params.id, what, { batchRows: req.body?.batchRows ?? undefined })));
  start('dry', '/imports/:id/dry-run', 'Dry run as a job: counts, the first rows as they would be stored, every row\'s problems; nothing is written');
  start('run', '/imports/:id/run', 'Run the import as a job (resumable; rows with a known source identifier update their record)');
  start('undo', '/imports/:id/undo', 'Undo a finished import as a job: delete what it created, restore what it overwrote');

  app.get('/imports/:id/errors.csv', {
    schema: {
      tags, summary: 'The rows that were not imported: original cells and the reason (CSV)', params: idParams,
      querystring: z.object({ phase: z.enum(['run', 'dry']).default('run') }),
      response: { 200: z.string().describe('text/csv'), ...problemResponses },
    },
  }, async (req, reply) => {
    const report = await errorReport(ctxOf(req), req.params.id, req.query.phase);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${report.fileName.replace(/[^\w.-]/g, '_')}"`).send(Readable.from(report.lines) as unknown as string);
  });
}
