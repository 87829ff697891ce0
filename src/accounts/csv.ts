// CSV import of accounts and transactions: the file is decoded (BOM, UTF-8 or windows-1252) and its
// delimiter sniffed with the imports domain's helpers, each row mapped by its header onto the API
// shape and validated by the same zod schema, then loaded 1,000 rows per transaction. Loads are
// idempotent by external id, so a file sent again after a failure resumes where it stopped. Every
// row ends up counted: written, unchanged, skipped as already loaded, or failed with its line.
import { parse } from 'csv-parse/sync';
import type { z } from 'zod';
import type { Ctx } from '../platform/context.ts';
import { invalid, type FieldError } from '../platform/errors.ts';
import { decodeAll, detectEncoding, sniffDelimiter } from '../imports/decode.ts';
import { loadAccounts, loadTransactions } from './load.ts';
import { accountIn, transactionIn, type AccountIn, type TransactionIn } from './schemas.ts';

const BATCH = 1000;
const MAX_ERRORS = 1000;

export interface CsvImportResult {
  rows: number;
  created: number; updated: number; unchanged: number; skipped: number; failed: number;
  errors: Array<{ line: number; errors: FieldError[] }>;
  errorsTruncated: boolean;
}

const key = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, '');
const aliases: Record<string, string> = {
  id: 'externalId', externalid: 'externalId', number: 'number', accountnumber: 'number', name: 'name', kind: 'kind', type: 'kind',
  custodian: 'custodian', currency: 'currency', openedon: 'openedOn', closedon: 'closedOn',
  ownercontactid: 'ownerContactIds', ownercontactids: 'ownerContactIds', ownerhouseholdid: 'ownerHouseholdIds', ownerhouseholdids: 'ownerHouseholdIds',
  accountexternalid: 'accountExternalId', amount: 'amount', bookedon: 'bookedOn', date: 'bookedOn', description: 'description',
};

function records(bytes: Buffer): { header: string[]; rows: string[][] } {
  const text = decodeAll(bytes, detectEncoding(bytes.subarray(0, 4096)));
  const all = parse(text, { delimiter: sniffDelimiter(text.slice(0, 64 * 1024)), bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  const [header, ...rows] = all;
  if (!header) throw invalid('body', 'the file is empty');
  return { header: header.map((h) => aliases[key(h)] ?? h), rows };
}

const split = (v: string | undefined) => (v ? v.split(/[;|]/).map((s) => s.trim()).filter(Boolean) : []);

function toAccount(r: Record<string, string>): unknown {
  return {
    externalId: r['externalId'], number: r['number'], name: r['name'] || null, kind: r['kind'] || null, custodian: r['custodian'] || null,
    currency: r['currency']?.toUpperCase() || null, openedOn: r['openedOn'] || null, closedOn: r['closedOn'] || null,
    owners: [...split(r['ownerContactIds']).map((contactId) => ({ contactId })), ...split(r['ownerHouseholdIds']).map((householdId) => ({ householdId }))],
  };
}

function toTransaction(r: Record<string, string>): unknown {
  const amount = r['amount'] ? Number(r['amount'].replace(/[\s,']/g, '')) : undefined;
  return {
    externalId: r['externalId'], ...(r['accountExternalId'] ? { accountExternalId: r['accountExternalId'] } : {}),
    ...(r['number'] ? { accountNumber: r['number'] } : {}), kind: r['kind']?.toLowerCase().replace(/\s+/g, '_'),
    amount, currency: r['currency']?.toUpperCase(), bookedOn: r['bookedOn'], description: r['description'] || null,
  };
}

async function importCsv<T>(
  bytes: Buffer, schema: z.ZodType<T>, map: (r: Record<string, string>) => unknown,
  load: (items: T[]) => Promise<{ created: number; updated: number; unchanged: number; skipped: number; results: Array<{ index: number; status: string; errors?: FieldError[] | undefined }> }>,
): Promise<CsvImportResult> {
  const { header, rows } = records(bytes);
  const out: CsvImportResult = { rows: rows.length, created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0, errors: [], errorsTruncated: false };
  const fail = (line: number, errors: FieldError[]) => {
    out.failed += 1;
    if (out.errors.length < MAX_ERRORS) out.errors.push({ line, errors });
    else out.errorsTruncated = true;
  };
  for (let start = 0; start < rows.length; start += BATCH) {
    const items: T[] = [];
    const lines: number[] = [];
    rows.slice(start, start + BATCH).forEach((cells, i) => {
      const line = start + i + 2; // 1-based, after the header
      const parsed = schema.safeParse(map(Object.fromEntries(header.map((h, j) => [h, (cells[j] ?? '').trim()]))));
      if (!parsed.success) return fail(line, parsed.error.issues.map((e) => ({ field: e.path.join('.') || 'row', message: e.message })));
      items.push(parsed.data);
      lines.push(line);
    });
    if (items.length === 0) continue;
    const result = await load(items);
    out.created += result.created; out.updated += result.updated; out.unchanged += result.unchanged; out.skipped += result.skipped;
    for (const r of result.results) if (r.status === 'failed') fail(lines[r.index]!, r.errors ?? []);
  }
  out.errors.sort((a, b) => a.line - b.line);
  return out;
}

export const importAccountsCsv = (ctx: Ctx, bytes: Buffer) =>
  importCsv<AccountIn>(bytes, accountIn, toAccount, (items) => loadAccounts(ctx, items, 'perRow'));

export const importTransactionsCsv = (ctx: Ctx, bytes: Buffer) =>
  importCsv<TransactionIn>(bytes, transactionIn, toTransaction, (items) => loadTransactions(ctx, items, 'perRow'));
