// CSV writing shared by exports and import error reports: RFC 4180 quoting, and cells that a
// spreadsheet would run as a formula (starting with =, +, -, @, tab or carriage return) neutralised
// with a leading single quote. Imports strip that quote again (imports/mapping.ts). Pure.

const formulaStart = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (formulaStart.test(s)) s = `'${s}`;
  return /[",\r\n;\t|]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvLine = (cells: readonly unknown[]) => `${cells.map(csvCell).join(',')}\r\n`;

/** The inverse of the neutralisation, for cells read back from a file Rapport wrote. */
export const unneutralise = (cell: string) => cell.replace(/^'(?=[=+\-@\t\r])/, '');
