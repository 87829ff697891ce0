// CSV writing shared by exports and import error reports: RFC 4180 quoting, and cells that a
// spreadsheet would run as a formula (starting with =, +, -, @, tab or carriage return) neutralised
// with a leading single quote. Imports strip that quote again (imports/mapping.ts). csvText is the
// export hot path (one regex test per cell, no allocation for a cell that needs nothing). Pure.

/** Quote when the cell holds a delimiter-like character or starts or ends with white space (what trim() removes). */
const needsQuotes = /[",\r\n;\t|]|^\s|\s$/;

/** One text cell, neutralised and quoted as csvCell does for a string. */
export function csvText(s: string): string {
  if (s.length === 0) return s;
  const c = s.charCodeAt(0);
  // = + - @ tab CR
  if (c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13) s = `'${s}`;
  return needsQuotes.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return csvText(s);
}

export const csvLine = (cells: readonly unknown[]) => `${cells.map(csvCell).join(',')}\r\n`;

/** The inverse of the neutralisation, for cells read back from a file Rapport wrote. */
export const unneutralise = (cell: string) => cell.replace(/^'(?=[=+\-@\t\r])/, '');
