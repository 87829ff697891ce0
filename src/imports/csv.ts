// Streaming CSV records with csv-parse: the file never sits in memory whole. A record csv-parse
// cannot read (a stray quote) is reported through onSkip with its raw text instead of ending the
// import, so good rows are not held back by bad ones.
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';

export interface SkippedRecord {
  /** 1-based line where the unreadable record starts. */
  line: number;
  raw: string;
  reason: string;
}

/**
 * The records of a CSV text stream. The parser reads ahead of the consumer, so a record it gives up
 * on is held back and handed to onSkip just before the first record that comes after it in the file.
 */
export async function* csvRecords(text: AsyncIterable<string>, delimiter: string, onSkip: (s: SkippedRecord) => void): AsyncGenerator<string[]> {
  const skipped: SkippedRecord[] = [];
  const parser = parse({
    info: true,
    delimiter,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (err, raw) => {
      skipped.push({ line: Number(err?.lines ?? 0), raw: raw ?? '', reason: err?.message ?? 'unreadable record' });
      return undefined;
    },
  });
  const source = Readable.from(text);
  source.on('error', (err) => parser.destroy(err));
  source.pipe(parser);
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      while (skipped.length && skipped[0]!.line < info.lines) onSkip(skipped.shift()!);
      yield record;
    }
    for (const s of skipped) onSkip(s);
  } finally {
    source.destroy();
  }
}
