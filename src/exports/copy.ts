// The exports on PostgreSQL as one COPY each. CSV: every line (cells flattened by flat.ts,
// neutralised and quoted exactly as csv.ts's csvText does, joined with commas, CRLF-terminated) is
// computed by the database, and Node only strips COPY's binary framing and passes the bytes on
// (CopyTextRows). vCard: the cells' texts as arrays straight from the framing (CopyTextTuples), no
// driver row objects. Why binary and not COPY's own CSV format: PostgreSQL ends rows with LF and
// quotes by other rules (a CR, LF, comma or quote only; never ; | tab or edge white space; always an
// empty string), and no choice of QUOTE or DELIMITER makes it write our CRLF lines; a one-column
// binary COPY gives each line's bytes verbatim behind a 6-byte header. COPY (query) runs as
// rapport_app in the tenant (readTenant), so row-level security applies as to every other read; it
// takes no bind parameters, so the query's values are inlined as literals by Drizzle
// (standard_conforming_strings, on since PostgreSQL 9.1).
import { Transform, type TransformCallback } from 'node:stream';
import { finished } from 'node:stream/promises';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { Ctx } from '../platform/context.ts';

/** What JavaScript's \s matches (csv.ts needsQuotes), spelled out: PostgreSQL's [[:space:]] depends on the locale. */
const space = String.raw`\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff`;
/** csv.ts needsQuotes, tested on the cell before neutralisation (the quote it adds is neither). */
const needsQuotes = String.raw`[",\r\n;\t|]|^[${space}]|[${space}]$`;

/**
 * One cell's CSV text, as csvText writes it: '' for null or empty; a leading single quote when it
 * starts with = + - @ tab or CR; in double quotes (doubled inside) when it holds a delimiter-like
 * character or starts or ends with white space. `v` must be cheap to repeat (a column of a fenced
 * subquery), as it is read up to four times.
 */
export function csvCellSql(v: SQL): SQL {
  const formula = sql`ascii(${v}) in (61, 43, 45, 64, 9, 13)`;
  return sql`case when ${v} = '' then null
    when ${v} ~ ${sql.raw(`'${needsQuotes}'`)} then concat('"', case when ${formula} then '''' end, replace(${v}, '"', '""'), '"')
    when ${formula} then '''' || ${v}
    else ${v} end`;
}

/**
 * csvCellSql's tests over a whole row at once: the cells joined by U+001F (unit separator) hold no
 * delimiter-like character, no cell starts with white space or a formula character and none ends
 * with white space. A row that passes is written as its raw cells; any other row cell by cell. A
 * cell holding U+001F can only add matches, sending its row the slow way, which writes the same.
 */
const rowNeedsEscaping = String.raw`'[",\r\n;\t|]|(^|\x1f)[${space}=+@-]|[${space}](\x1f|$)'`;

/** How csvCopySql writes a cell: as it is (ids, timestamps), by the row test, or always on its own (cells that usually need escaping, such as phone numbers starting with +). */
export type CellEscape = 'plain' | 'row' | 'own';

/**
 * The COPY statement: `keyed` (flatSelectKeyed) gives each row's sort keys k0, k1 and each cell's
 * text as c0 ...; it is fenced with offset 0 so that each cell is computed once however often its
 * escape reads it. The finished lines are sorted, not the cells: a sort of a million rows carries
 * the keys and one text of about 300 bytes each instead of every cell. Most rows need no quoting
 * at all, so one regex test over the row's `row` cells decides between writing them as they are
 * and escaping each (csvCellSql).
 */
export function csvCopySql(keyed: SQL, width: number, escape: (n: number) => CellEscape, desc: boolean): string {
  const cell = (n: number) => sql.raw(`x.c${n}`);
  const ns = Array.from({ length: width }, (_x, n) => n);
  const checked = ns.filter((n) => escape(n) === 'row');
  const slow = ns.map((n) => (escape(n) === 'plain' ? cell(n) : csvCellSql(cell(n))));
  const fast = ns.map((n) => (escape(n) === 'own' ? csvCellSql(cell(n)) : cell(n)));
  const joined = sql`concat(${sql.join(checked.map(cell), sql`, chr(31), `)})`;
  const direction = sql.raw(desc ? 'desc' : 'asc');
  // concat() builds the line in one buffer (a chain of || copies it once per cell) and reads null as ''.
  const text = checked.length
    ? sql`case when ${joined} ~ ${sql.raw(rowNeedsEscaping)} then concat(${sql.join(slow, sql`, ',', `)}, E'\\r\\n')
        else concat(${sql.join(fast, sql`, ',', `)}, E'\\r\\n') end`
    : sql`concat(${sql.join(slow, sql`, ',', `)}, E'\\r\\n')`;
  const line = sql`select y.line from (select x.k0, x.k1, ${text} as line
    from (${keyed} offset 0) x offset 0) y order by y.k0 ${direction}, y.k1 ${direction}`;
  return copySql(line);
}

/** `copy (select) to stdout with (format binary)`, the select's values inlined. */
export const copySql = (select: SQL) => `copy (${inline(select)}) to stdout with (format binary)`;

const dialect = new PgDialect();
/** The SQL text with every parameter written as a literal (COPY cannot take parameters). */
function inline(query: SQL): string {
  return dialect.sqlToQuery(query.inlineParams()).sql;
}

/** PGCOPY\n\377\r\n\0, then 32-bit flags and a 32-bit header extension length. */
const signature = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/**
 * Reads binary COPY output: each complete tuple's fields are handed to `field` (offset and length
 * in `buf`, length -1 for null), then `row`; `chunk` ends each input chunk. A tuple cut by a chunk
 * boundary waits for the rest.
 */
abstract class BinaryCopyReader extends Transform {
  private rest: Buffer = Buffer.alloc(0);
  private header = true;
  private ended = false;

  protected abstract field(buf: Buffer, start: number, length: number): void;
  protected abstract row(): void;
  protected abstract chunk(inputSize: number): void;

  override _transform(input: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const buf = this.rest.length ? Buffer.concat([this.rest, input]) : input;
    let pos = 0;
    if (this.header) {
      if (buf.length < 19 || buf.length < 19 + buf.readUInt32BE(15)) return this.keep(buf, 0, callback);
      if (!buf.subarray(0, 11).equals(signature)) return callback(new Error('COPY: not a binary COPY stream'));
      pos = 19 + buf.readUInt32BE(15);
      this.header = false;
    }
    while (!this.ended && pos + 2 <= buf.length) {
      const fields = buf.readInt16BE(pos);
      if (fields === -1) { // trailer
        this.ended = true;
        pos += 2;
        break;
      }
      let end = pos + 2; // find the tuple's end first: it may continue in the next chunk
      for (let f = 0; f < fields && end <= buf.length; f++) end = end + 4 > buf.length ? buf.length + 1 : end + 4 + Math.max(0, buf.readInt32BE(end));
      if (end > buf.length) break;
      let p = pos + 2;
      for (let f = 0; f < fields; f++) {
        const length = buf.readInt32BE(p);
        this.field(buf, p + 4, length);
        p += 4 + Math.max(0, length);
      }
      this.row();
      pos = end;
    }
    this.chunk(buf.length);
    this.keep(buf, pos, callback);
  }

  override _flush(callback: TransformCallback): void {
    callback(this.rest.length || !this.ended ? new Error('COPY: the binary stream ended inside a row') : null);
  }

  private keep(buf: Buffer, from: number, callback: TransformCallback) {
    this.rest = from >= buf.length ? Buffer.alloc(0) : Buffer.from(buf.subarray(from)); // a copy: not the whole chunk
    callback();
  }
}

/**
 * Binary COPY output of a one-column text query -> the column's bytes, row after row. Each output
 * chunk holds whole rows only (so whole UTF-8 characters).
 */
export class CopyTextRows extends BinaryCopyReader {
  private out = Buffer.alloc(0);
  private size = 0;

  protected field(buf: Buffer, start: number, length: number) {
    if (length > 0) {
      if (this.size + length > this.out.length) { // a row longer than its input chunk (it spanned chunks)
        const grown = Buffer.allocUnsafe(Math.max(this.out.length * 2, this.size + length));
        this.out.copy(grown, 0, 0, this.size);
        this.out = grown;
      }
      this.size += buf.copy(this.out, this.size, start, start + length);
    }
  }

  protected row() {}

  protected chunk(inputSize: number) {
    if (this.size) this.push(this.out.subarray(0, this.size));
    this.out = Buffer.allocUnsafe(inputSize);
    this.size = 0;
  }
}

/**
 * Binary COPY output of text columns -> arrays of rows (each an array of strings or nulls), one
 * array per input chunk: no node-postgres row objects or type parsers on the way.
 */
export class CopyTextTuples extends BinaryCopyReader {
  private rows: Array<Array<string | null>> = [];
  private current: Array<string | null> = [];

  constructor() {
    super({ readableObjectMode: true });
  }

  protected field(buf: Buffer, start: number, length: number) {
    this.current.push(length < 0 ? null : buf.toString('utf8', start, start + length));
  }

  protected row() {
    this.rows.push(this.current);
    this.current = [];
  }

  protected chunk() {
    if (this.rows.length) this.push(this.rows);
    this.rows = [];
  }
}

/** The node-postgres client behind a pinned connection's Drizzle database. */
const clientOf = (db: unknown) => (db as { $client: pg.PoolClient }).$client;

const isDatabaseError = (err: unknown) => err instanceof Error && 'code' in err && typeof err.code === 'string' && /^[0-9A-Z]{5}$/.test(err.code);

/**
 * Runs a `copy (...) to stdout with (format binary)` as rapport_app in the tenant, in a read-only
 * transaction that first runs `settings` (set local ...), and gives what `reader` (CopyTextRows,
 * CopyTextTuples) makes of the bytes as they arrive. The connection is held until the caller has
 * read everything or stops (the returned generator's return()); a caller that stops early costs the
 * connection (closed, so the server ends the COPY) rather than leaving it mid-COPY in the pool. The
 * first chunk is awaited here, so a query the database rejects is an error before any byte is sent.
 */
export async function copyOut<T>(ctx: Ctx, copy: string, settings: readonly string[], reader: () => Transform): Promise<AsyncGenerator<T>> {
  let hand: (rows: Transform) => void = () => {};
  const handed = new Promise<Transform>((resolve) => { hand = resolve; });
  const done = ctx.database.readTenant(ctx.tenantId, async (db) => {
    const client = clientOf(db);
    await client.query('begin read only');
    try {
      for (const setting of settings) await client.query(setting);
      const source = client.query(copyTo(copy));
      const rows = reader();
      // Reported through `rows`; errors after it is gone (the connection closed under it) are expected.
      source.on('error', (err) => rows.destroy(err));
      source.pipe(rows);
      hand(rows);
      await finished(rows);
    } catch (err) {
      // A database error leaves the connection usable once rolled back; anything else (the caller
      // stopped, the connection broke) must close it, which a plain Error does in readTenant.
      if (!isDatabaseError(err)) throw new Error(`export COPY stopped: ${err instanceof Error ? err.message : String(err)}`);
      await client.query('rollback');
      throw err;
    }
    await client.query('commit');
  });
  done.catch(() => undefined); // surfaced through the stream or below
  const rows = await Promise.race([handed, done.then(() => { throw new Error('COPY: no stream'); })]);
  const it = rows[Symbol.asyncIterator]() as AsyncIterator<T>;
  const first = await it.next().catch(async (err: unknown) => {
    await done.catch(() => undefined);
    throw err;
  });
  return (async function* bytes() {
    try {
      if (!first.done) yield first.value;
      for (;;) {
        const next = await it.next();
        if (next.done) break;
        yield next.value;
      }
      await done;
    } finally {
      if (!rows.readableEnded) rows.destroy(new Error('the download stopped'));
      await done.catch(() => undefined);
    }
  })();
}
