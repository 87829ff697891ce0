// The error report of an import: a CSV of every row that was not imported, with its row number,
// its original cells under the file's own headers, and the reason. Streamed page by page.
import { readInTenant, type Ctx } from '../platform/context.ts';
import { csvLine } from '../exports/csv.ts';
import { outcomesPage, type Phase } from './data.ts';
import { getImport } from './service.ts';

export async function errorReport(ctx: Ctx, id: string, phase: Phase): Promise<{ fileName: string; lines: AsyncGenerator<string> }> {
  const imp = await getImport(ctx, id); // 404 unless the caller may see it
  const headers = imp.format === 'csv' ? imp.headers : ['vCard'];
  async function* lines() {
    yield '\ufeff' + csvLine(['Row', ...headers, 'Error']); // the BOM makes spreadsheets read UTF-8
    let after = 0;
    for (;;) {
      const page = await readInTenant(ctx, (q) => outcomesPage(q, ctx.tenantId, id, phase, { afterRow: after, failedOnly: true, limit: 1000 }));
      if (page.length === 0) return;
      for (const o of page) yield csvLine([o.rowNo, ...headers.map((_h, i) => o.raw?.[i] ?? ''), o.error]);
      after = page[page.length - 1]!.rowNo;
    }
  }
  return { fileName: imp.fileName.replace(/\.[^.]*$/, '') + (phase === 'dry' ? '-dry-run' : '') + '-errors.csv', lines: lines() };
}
