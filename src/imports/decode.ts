// Bytes to text for imports: the encoding (a BOM for UTF-8 and UTF-16, else UTF-8 when the bytes
// are valid UTF-8, else windows-1252, the usual spreadsheet export on Windows), the delimiter of a
// CSV file (sniffed from its first lines), and a streaming decoder. Pure: no database, no web.
import iconv from 'iconv-lite';

export const encodings = ['utf8', 'utf16le', 'utf16be', 'windows1252', 'latin1'] as const;
export type Encoding = (typeof encodings)[number];
export const delimiters = [',', ';', '\t', '|'] as const;

export function detectEncoding(head: Uint8Array): Encoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf16be';
  try {
    // stream: true so a character cut at the end of the sample is not counted as invalid.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf8';
  } catch {
    return 'windows1252';
  }
}

/** Decodes a stream of byte chunks; BOMs are dropped. */
export async function* decodeChunks(chunks: AsyncIterable<Uint8Array>, encoding: Encoding): AsyncGenerator<string> {
  const decoder = iconv.getDecoder(encoding === 'utf16be' ? 'utf-16be' : encoding);
  for await (const chunk of chunks) {
    const text = decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

export const decodeAll = (bytes: Uint8Array, encoding: Encoding) =>
  iconv.decode(Buffer.from(bytes), encoding === 'utf16be' ? 'utf-16be' : encoding);

/**
 * The delimiter whose count (outside quotes) is the same, and highest, on each of the first lines.
 * A comma when nothing stands out.
 */
export function sniffDelimiter(sample: string): string {
  const lines = splitLines(sample).slice(0, 20);
  if (lines.length > 1 && !sample.endsWith('\n')) lines.pop(); // the last line may be cut short
  let best: { d: string; score: number } = { d: ',', score: 0 };
  for (const d of delimiters) {
    const counts = lines.map((l) => countOutsideQuotes(l, d));
    const first = counts[0] ?? 0;
    if (first === 0) continue;
    const consistent = counts.filter((c) => c === first).length / counts.length;
    const score = consistent * 1000 + first;
    if (score > best.score) best = { d, score };
  }
  return best.d;
}

/** Lines of a CSV sample, keeping newlines inside quoted fields. */
function splitLines(text: string): string[] {
  const lines: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === '\n' && !quoted) {
      lines.push(text.slice(start, i).replace(/\r$/, ''));
      start = i + 1;
    }
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines.filter((l) => l.trim() !== '');
}

function countOutsideQuotes(line: string, d: string): number {
  let quoted = false;
  let n = 0;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === d && !quoted) n++;
  }
  return n;
}
