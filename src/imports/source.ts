// The rows of a stored import file, streamed: chunks read from the database one at a time, decoded,
// parsed as CSV or vCard, and mapped to contact inputs. Each row carries its number (the CSV line
// numbering a spreadsheet shows: the header is row 1) and its original cells for the error report.
import { readInTenant, type Ctx } from '../platform/context.ts';
import { chunkAt, type ImportRow } from './data.ts';
import { decodeChunks, type Encoding } from './decode.ts';
import { csvRecords } from './csv.ts';
import type { MappedContact } from './mapping.ts';
import { resourceOf } from './resources.ts';
import { cardToContact, vcardCards } from './vcard.ts';

/** Where a row came from, for its source record (sources/): one object per import, shared by its rows. */
export interface RowOrigin { importId: string; system: string; format: 'csv' | 'vcard'; headers?: string[] }

export interface SourceRow {
  rowNo: number;
  raw: string[];
  mapped?: MappedContact & { notes?: string[] };
  error?: string;
  origin?: RowOrigin;
  /**
   * The mapped input already checked against a patch schema (the job does it while the previous
   * batch is being written): identify() takes the result when it was made with its schema.
   */
  checked?: { schema: unknown; result: { success: true; data: unknown } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } } };
}

export async function* storedChunks(ctx: Ctx, importId: string): AsyncGenerator<Uint8Array> {
  for (let seq = 0; ; seq++) {
    const chunk = await readInTenant(ctx, (q) => chunkAt(q, ctx.tenantId, importId, seq));
    if (!chunk) return;
    yield chunk;
  }
}

/** Every data row of the file, in order; rows with problems carry `error` instead of `mapped`. */
export async function* sourceRows(ctx: Ctx, imp: ImportRow, chunks: AsyncIterable<Uint8Array> = storedChunks(ctx, imp.id)): AsyncGenerator<SourceRow> {
  const text = decodeChunks(chunks, imp.encoding as Encoding);
  // Problems the parsers report through callbacks, numbered when they are yielded so that row numbers
  // stay consecutive (an unreadable record is reported when the parser gives up on it).
  const pending: Array<Omit<SourceRow, 'rowNo'>> = [];
  let rowNo = 0;
  const flush = () => pending.splice(0).map((p) => ({ ...p, rowNo: ++rowNo }));
  if (imp.format === 'vcard') {
    const cardOrigin: RowOrigin = { importId: imp.id, system: imp.sourceSystem, format: 'vcard' };
    const cards = vcardCards(text, (_line, raw, reason) => pending.push({ raw: [raw], error: reason }));
    for await (const card of cards) {
      yield* flush();
      yield { rowNo: ++rowNo, raw: [card.raw], mapped: cardToContact(card, imp.sourceSystem), origin: cardOrigin };
    }
    yield* flush();
    return;
  }
  const records = csvRecords(text, imp.delimiter ?? ',', (s) => pending.push({ raw: [s.raw], error: `unreadable CSV record at line ${s.line}: ${s.reason}` }));
  let headers: string[] | null = null;
  let origin: RowOrigin | undefined;
  const { mapRow } = resourceOf(imp.resource);
  for await (const record of records) {
    yield* flush();
    rowNo++;
    if (!headers) {
      headers = record;
      origin = { importId: imp.id, system: imp.sourceSystem, format: 'csv', headers };
      continue;
    }
    if (record.length > headers.length && record.slice(headers.length).some((c) => c.trim() !== '')) {
      yield { rowNo, raw: record, error: `has ${record.length} cells but the header has ${headers.length}` };
      continue;
    }
    const cells = Object.fromEntries(headers.map((h, i) => [h, record[i] ?? '']));
    yield { rowNo, raw: record, mapped: mapRow(cells, imp.mapping, imp.sourceSystem), ...(origin ? { origin } : {}) };
  }
  yield* flush();
}
