// Exports of any list as CSV or vCard: the same filters, match, sort and fields as the list
// endpoints, never every row in memory. Contacts and companies read through the export path
// (flat.ts) under the list services' own scope (platform/list-scope.ts). On PostgreSQL each export is
// one COPY (copy.ts: the CSV lines written by the database, the vCard cells read from the binary
// framing); on PGlite, keyset pages of PAGE rows whose cells the database flattens to text, related
// rows one query per page, the next page fetched while this one is written.
// Interactions (participants, metrics and outcomes written as JSON) go through listInteractions
// page by page. Sensitive columns are left out for roles that may not see them (visibleColumns).
import { and, sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../platform/context.ts';
import { readInTenant } from '../platform/context.ts';
import { rowsOf } from '../db/sql.ts';
import { canViewField } from '../platform/policy/index.ts';
import { cursorSql, encodeCursor, type ListParams } from '../platform/list.ts';
import { listScope } from '../platform/list-scope.ts';
import { listInteractions } from '../interactions/service.ts';
import { contactListTarget } from '../contacts/service.ts';
import { companyListTarget } from '../companies/service.ts';
import { interactionColumns, visibleColumns, type Column } from './columns.ts';
import { csvLine, csvText } from './csv.ts';
import { contactToVcard, type VcardContact } from './vcard.ts';
import { flatPage, flatQuery, flatSelect, flatSelectKeyed, flatSpecs, ownEscapeCells, plainCells, vcardCells, withRelations, type Cell, type FlatRow, type FlatSpec } from './flat.ts';
import { copyOut, copySql, CopyTextRows, CopyTextTuples, csvCopySql } from './copy.ts';

export const exportResources = ['contacts', 'companies', 'interactions'] as const;
export type ExportResource = (typeof exportResources)[number];
/** Rows per keyset page of the export path. */
export const PAGE = 5000;
/** Rows per page of the list-service path (interactions): the list API's own page size limit does not apply. */
export const LIST_PAGE = 1000;

const defaultSorts: Record<ExportResource, string> = { contacts: 'displayName', companies: 'name', interactions: '-occurredAt' };
export const defaultSortOf = (resource: ExportResource) => defaultSorts[resource];

const BOM = '\ufeff'; // spreadsheets read UTF-8
/** The list services' own scope definitions: an export writes exactly its list's rows. */
const listTargets = { contact: contactListTarget, company: companyListTarget };

/**
 * For the export COPY: room for its relation aggregates' hash tables and its sort (a list of about
 * 150,000 contacts sorts in memory; a million spills some 385 MB to temporary files), and no JIT
 * compilation (for this one-pass query it cost more than it saved).
 */
const COPY_SETTINGS = [`set local work_mem = '64MB'`, 'set local jit = off'];

/**
 * Pages of the export path in list order. The where clause is built (and a bad filter or sort
 * thrown) before the first page is fetched; each page's successor is requested as soon as the
 * page arrives, so the database works while the caller writes.
 */
function flatPages(ctx: Ctx, spec: FlatSpec, params: ListParams, cells: ReadonlyArray<readonly [string, Cell]>, pageSize: number) {
  const { plan, where: base, after, order } = listScope(ctx.principal, listTargets[spec.entity], params);
  // PostgreSQL: one server-side cursor in one read transaction, planned for the whole result (a
  // full export scans and sorts like COPY instead of walking the index row by row).
  if (ctx.database.kind === 'postgres') return cursorPages(ctx, cells, flatQuery(spec, ctx.tenantId, cells, plan, and(base, after), order), pageSize);
  // PGlite is one connection: keyset pages, so other requests run between them.
  const fetch = (cursor: string | undefined) => readInTenant(ctx, (q) =>
    flatPage(q, spec, ctx.tenantId, cells, plan, and(base, cursorSql(plan, spec.idColumn, cursor)), order, pageSize));
  let pending = fetch(params.cursor);
  async function* pages(): AsyncGenerator<FlatRow[]> {
    for (;;) {
      const rows = await pending;
      const last = rows[rows.length - 1];
      const more = rows.length === pageSize && last !== undefined;
      if (more) {
        pending = fetch(encodeCursor(last.k, last.i!));
        pending.catch(() => undefined); // the caller may stop reading before it is awaited
      }
      if (rows.length) yield rows;
      if (!more) return;
    }
  }
  return pages();
}

/**
 * Pages FETCHed from a cursor inside one tenant transaction. The transaction produces into a
 * one-page slot: it fetches the next page while the caller writes this one, waits while the slot
 * is full, and ends (releasing its connection) when the result is exhausted or the caller stops.
 */
function cursorPages(ctx: Ctx, cells: ReadonlyArray<readonly [string, Cell]>, query: SQL, pageSize: number): AsyncGenerator<FlatRow[]> {
  let slot: FlatRow[] | null = null;
  let finished = false;
  let stopped = false;
  let failure: unknown;
  let wakeConsumer = () => {};
  let wakeProducer = () => {};
  void ctx.database.withTenant(ctx.tenantId, async (tx) => {
    await tx.execute(sql`set local cursor_tuple_fraction = 1`);
    await tx.execute(sql`declare rapport_export no scroll cursor for ${query}`);
    for (;;) {
      const rows = await withRelations(tx, ctx.tenantId, cells, await rowsOf<FlatRow>(tx, sql.raw(`fetch forward ${pageSize} from rapport_export`)));
      while (slot !== null && !stopped) await new Promise<void>((resolve) => { wakeProducer = resolve; });
      if (stopped) return;
      slot = rows;
      wakeConsumer();
      if (rows.length < pageSize) return;
    }
  }).catch((err: unknown) => { failure = err; }).finally(() => {
    finished = true;
    wakeConsumer();
  });
  async function* pages(): AsyncGenerator<FlatRow[]> {
    try {
      for (;;) {
        while (slot === null && !finished) await new Promise<void>((resolve) => { wakeConsumer = resolve; });
        if (slot === null) {
          if (failure) throw failure;
          return;
        }
        const rows: FlatRow[] = slot;
        slot = null;
        wakeProducer();
        if (rows.length) yield rows;
      }
    } finally {
      stopped = true;
      wakeProducer();
    }
  }
  return pages();
}

/** One page as CSV text: cells c0..cn-1 of each row, escaped, comma-separated, CRLF-terminated. */
export function csvPage(rows: readonly FlatRow[], width: number): string {
  const keys = Array.from({ length: width }, (_x, n) => `c${n}`);
  let out = '';
  for (const row of rows) {
    let line = '';
    for (let n = 0; n < width; n++) {
      const v = row[keys[n]!];
      if (n) line += ',';
      if (v !== null && v !== undefined) line += csvText(v);
    }
    out += `${line}\r\n`;
  }
  return out;
}

const vcardKeys = Object.keys(vcardCells);
const parseList = <T>(text: string | null | undefined): T[] => (text ? (JSON.parse(text) as T[]) : []);

/** The position of each vCard cell in a row. */
const at = Object.fromEntries(vcardKeys.map((k, n) => [k, n])) as Record<keyof typeof vcardCells, number>;

/** A vCard from an export-path row: cell n of `get` is vcardCells' n-th key. */
function vcardOf(get: (n: number) => string | null | undefined, withBirthDate: boolean): string {
  const v = (key: string) => get(at[key]!) ?? null;
  const c: VcardContact = {
    id: v('id')!, displayName: v('displayName')!,
    familyName: v('familyName'), givenName: v('givenName'), middleName: v('middleName'), prefix: v('prefix'), suffix: v('suffix'),
    jobTitle: v('jobTitle'),
    emails: parseList(v('emails')), phones: parseList(v('phones')), addresses: parseList(v('addresses')),
    companies: parseList(v('companies')), tags: parseList(v('tags')), sourceIdentifiers: parseList(v('sourceIdentifiers')),
    updatedAt: v('updatedAt')!,
    ...(withBirthDate ? { birthDate: v('birthDate') } : {}),
  };
  return contactToVcard(c);
}

/** Every row of a list through its list service, page by page (interactions). */
async function* listPages<T>(ctx: Ctx, list: (ctx: Ctx, params: ListParams) => Promise<{ data: T[]; nextCursor: string | null }>, params: ListParams): AsyncGenerator<T[]> {
  let cursor = params.cursor;
  for (;;) {
    const { data, nextCursor } = await list(ctx, { ...params, limit: LIST_PAGE, cursor });
    if (data.length) yield data;
    if (!nextCursor) return;
    cursor = nextCursor;
  }
}

/**
 * The export as text pieces, one per page. The first page is read before this returns, so a bad
 * filter or a forbidden list is an error response rather than a broken download. A CSV of contacts
 * or companies, and a vCard file, is one COPY on PostgreSQL (`copy`; false reads page by page as on
 * PGlite).
 */
export async function exportLines(
  ctx: Ctx, resource: ExportResource, format: 'csv' | 'vcf', params: ListParams, pageSize = PAGE, copy = ctx.database.kind === 'postgres',
): Promise<AsyncGenerator<string | Buffer>> {
  if (resource === 'interactions') {
    const columns = visibleColumns(interactionColumns as Array<Column<unknown>>, 'interaction', ctx.principal, params.fields);
    const it = listPages(ctx, listInteractions, params);
    const first = await it.next();
    const write = (rows: unknown[]) => rows.map((r) => csvLine(columns.map((c) => c.value(r)))).join('');
    return (async function* lines() {
      yield BOM + csvLine(columns.map((c) => c.header));
      if (!first.done) yield write(first.value);
      for await (const rows of it) yield write(rows);
    })();
  }
  const spec = flatSpecs[resource];
  if (format === 'vcf') {
    const withBirthDate = canViewField(ctx.principal, 'contact', 'birthDate');
    // The birth date is not even read for a role that may not see it.
    const cells = vcardKeys.map((k): [string, Cell] => [k, k === 'birthDate' && !withBirthDate ? sql`null::text` : vcardCells[k]!]);
    if (copy) {
      // One COPY of the cells' texts, read as arrays from its binary framing: no row objects.
      const { where, after, order } = listScope(ctx.principal, listTargets[spec.entity], params);
      const select = flatSelect(spec, ctx.tenantId, cells, and(where, after), order);
      const batches = await copyOut<Array<Array<string | null>>>(ctx, copySql(select), COPY_SETTINGS, () => new CopyTextTuples());
      return (async function* lines() {
        for await (const rows of batches) {
          let out = '';
          for (const r of rows) out += vcardOf((n) => r[n], withBirthDate);
          yield out;
        }
      })();
    }
    const it = flatPages(ctx, spec, params, cells, pageSize);
    const first = await it.next();
    return (async function* lines() {
      const write = (rows: FlatRow[]) => {
        let out = '';
        for (const r of rows) out += vcardOf((n) => r[`c${n}`], withBirthDate);
        return out;
      };
      if (!first.done) yield write(first.value);
      for await (const rows of it) yield write(rows);
    })();
  }
  const columns = visibleColumns(spec.columns, spec.entity, ctx.principal, params.fields);
  const cells = columns.map((c) => [c.header, spec.cells[c.header]!] as const);
  const header = BOM + csvLine(columns.map((c) => c.header));
  if (copy) {
    // One COPY writes every line (copy.ts); this process only passes the bytes on.
    const { plan, where, after } = listScope(ctx.principal, listTargets[spec.entity], params);
    const copy = csvCopySql(flatSelectKeyed(spec, ctx.tenantId, cells, and(where, after), plan), columns.length, (n) => (plainCells.has(columns[n]!.header) ? 'plain' : ownEscapeCells.has(columns[n]!.header) ? 'own' : 'row'), plan.desc);
    const bytes = await copyOut<Buffer>(ctx, copy, COPY_SETTINGS, () => new CopyTextRows());
    return (async function* lines() {
      yield header;
      yield* bytes;
    })();
  }
  const it = flatPages(ctx, spec, params, cells, pageSize);
  const first = await it.next();
  const write = (rows: FlatRow[]) => csvPage(rows, columns.length);
  return (async function* lines() {
    yield header;
    if (!first.done) yield write(first.value);
    for await (const rows of it) yield write(rows);
  })();
}
