// Report rows as CSV: the columns a report declares, numbers written as numbers, every text cell
// through the exports' formula neutralisation (a cell a spreadsheet would run starts with a quote).
import { csvCell } from '../exports/csv.ts';

export function reportCsv<R extends Record<string, unknown>>(columns: ReadonlyArray<keyof R & string>, rows: readonly R[]): string {
  const cell = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : typeof v === 'boolean' ? String(v) : csvCell(v));
  const lines = [columns.map(csvCell).join(',')];
  for (const r of rows) lines.push(columns.map((c) => cell(r[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
