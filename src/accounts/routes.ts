// /api/v1/accounts and /api/v1/transactions: bulk loads from the system of record (JSON), CSV
// imports (text/csv), and reads. Thin handlers over service.ts.
import { z } from 'zod';
import { ctxOf, type App } from '../platform/http.ts';
import { fieldErrorOut, listOut, problemResponses } from '../platform/openapi.ts';
import { accountIn, accountOut, loadOut, transactionIn, transactionOut } from './schemas.ts';
import { getAccount, importAccounts, importTransactions, listAccounts, listTransactions, loadAccounts, loadTransactions } from './service.ts';

const tags = ['accounts'];
const mode = z.enum(['atomic', 'perRow']).default('atomic');
const csvOut = z.object({
  rows: z.number(), created: z.number(), updated: z.number(), unchanged: z.number(), skipped: z.number(), failed: z.number(),
  errors: z.array(z.object({ line: z.number(), errors: z.array(fieldErrorOut) })), errorsTruncated: z.boolean(),
});
const csvTypes = ['text/csv', 'application/vnd.ms-excel', 'text/plain'];
const bodyBytes = (body: unknown) => (Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : ''));

export default async function accountRoutes(app: App) {
  // Encapsulated to this plugin: the CSV endpoints take the raw bytes (the encoding is detected).
  app.addContentTypeParser(csvTypes, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.post('/accounts/bulk', {
    schema: {
      tags, summary: 'Load up to 1,000 accounts from the system of record (idempotent by externalId: sent again, an account is updated)',
      body: z.strictObject({ mode, items: z.array(accountIn).min(1).max(1000) }), response: { 200: loadOut, ...problemResponses },
    },
  }, async (req) => loadAccounts(ctxOf(req), req.body.items, req.body.mode));

  app.post('/transactions/bulk', {
    schema: {
      tags, summary: 'Load up to 1,000 transactions (idempotent by externalId: sent again, a transaction is skipped)',
      body: z.strictObject({ mode, items: z.array(transactionIn).min(1).max(1000) }), response: { 200: loadOut, ...problemResponses },
    },
  }, async (req) => loadTransactions(ctxOf(req), req.body.items, req.body.mode));

  app.post('/accounts/import', {
    schema: {
      tags, summary: 'Import accounts from CSV (text/csv): external_id, number, name, kind, custodian, currency, opened_on, closed_on, owner_contact_ids, owner_household_ids',
      description: `Send the file as the body with Content-Type ${csvTypes.join(', ')}; any common delimiter and encoding. Rows load 1,000 per transaction; sending the file again resumes (idempotent by external_id).`,
      response: { 200: csvOut, ...problemResponses },
    },
  }, async (req) => importAccounts(ctxOf(req), bodyBytes(req.body)));

  app.post('/transactions/import', {
    schema: {
      tags, summary: 'Import transactions from CSV (text/csv): external_id, account_external_id or account_number, kind, amount, currency, booked_on, description',
      description: `Send the file as the body with Content-Type ${csvTypes.join(', ')}; any common delimiter and encoding. A transaction already loaded (same external_id) is skipped.`,
      response: { 200: csvOut, ...problemResponses },
    },
  }, async (req) => importTransactions(ctxOf(req), bodyBytes(req.body)));

  app.get('/accounts', {
    schema: {
      tags, summary: 'List accounts you may see (filter by owning contact, directly or through its households, or by household)',
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50), cursor: z.uuid().optional(), contactId: z.uuid().optional(), householdId: z.uuid().optional() }),
      response: { 200: listOut(accountOut), ...problemResponses },
    },
  }, async (req) => listAccounts(ctxOf(req), req.query));

  app.get('/accounts/:id', {
    schema: { tags, summary: 'Get an account (its number only masked)', params: z.object({ id: z.uuid() }), response: { 200: accountOut, ...problemResponses } },
  }, async (req) => getAccount(ctxOf(req), req.params.id));

  app.get('/accounts/:id/transactions', {
    schema: {
      tags, summary: "An account's transactions", params: z.object({ id: z.uuid() }),
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100), cursor: z.uuid().optional(), from: z.iso.date().optional(), to: z.iso.date().optional() }),
      response: { 200: listOut(transactionOut), ...problemResponses },
    },
  }, async (req) => listTransactions(ctxOf(req), req.params.id, req.query));
}
