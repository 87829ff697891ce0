// Exports of any list as CSV or vCard: the same filters, match, sort and fields as the list
// endpoints, read through the same list service functions (so visibility and the sensitive-field
// policy are exactly theirs), a keyset page of 1,000 at a time: never every row in memory.
import type { Ctx } from '../platform/context.ts';
import type { ListParams } from '../platform/list.ts';
import { listContacts } from '../contacts/service.ts';
import { listCompanies } from '../companies/service.ts';
import { listInteractions } from '../interactions/service.ts';
import type { ContactOut } from '../contacts/schemas.ts';
import { companyColumns, contactColumns, interactionColumns, visibleColumns, type Column } from './columns.ts';
import { csvLine } from './csv.ts';
import { contactToVcard } from './vcard.ts';

export const exportResources = ['contacts', 'companies', 'interactions'] as const;
export type ExportResource = (typeof exportResources)[number];
export const PAGE = 1000;

type Lister<T> = (ctx: Ctx, params: ListParams) => Promise<{ data: T[]; nextCursor: string | null }>;

const sources = {
  contacts: { list: listContacts as Lister<unknown>, columns: contactColumns as Array<Column<unknown>>, entity: 'contact', defaultSort: 'displayName' },
  companies: { list: listCompanies as Lister<unknown>, columns: companyColumns as Array<Column<unknown>>, entity: 'company', defaultSort: 'name' },
  interactions: { list: listInteractions as Lister<unknown>, columns: interactionColumns as Array<Column<unknown>>, entity: 'interaction', defaultSort: '-occurredAt' },
} as const;

export const defaultSortOf = (resource: ExportResource) => sources[resource].defaultSort;

/** Every row of the list, page by page. */
async function* pages<T>(ctx: Ctx, list: Lister<T>, params: ListParams): AsyncGenerator<T[]> {
  let cursor = params.cursor;
  for (;;) {
    const { data, nextCursor } = await list(ctx, { ...params, limit: PAGE, cursor });
    if (data.length) yield data;
    if (!nextCursor) return;
    cursor = nextCursor;
  }
}

/**
 * The export as text pieces. The first page is read before this returns, so a bad filter or a
 * forbidden list is an error response rather than a broken download.
 */
export async function exportLines(ctx: Ctx, resource: ExportResource, format: 'csv' | 'vcf', params: ListParams): Promise<AsyncGenerator<string>> {
  const source = sources[resource];
  const it = pages(ctx, source.list, params);
  const first = await it.next();
  const columns = visibleColumns(source.columns, source.entity, ctx.principal, params.fields);
  async function* lines() {
    if (format === 'csv') yield '\ufeff' + csvLine(columns.map((c) => c.header)); // BOM: spreadsheets read UTF-8
    const write = (rows: unknown[]) => (format === 'csv'
      ? rows.map((r) => csvLine(columns.map((c) => c.value(r)))).join('')
      : rows.map((r) => contactToVcard(r as ContactOut)).join(''));
    if (!first.done) yield write(first.value);
    for await (const rows of it) yield write(rows);
  }
  return lines();
}
