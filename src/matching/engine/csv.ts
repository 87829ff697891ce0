// Reading a CSV file into a Dataset (columnar). Leading spaces after commas are trimmed (FEBRL
// writes ", "), quoted fields may hold commas and newlines, a byte-order mark is ignored.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Dataset } from './prepare.ts';

/** With idColumn null, records are numbered from 1 in file order. */
export function parseCsvDataset(text: string, idColumn: string | null, where = 'input'): Dataset {
  const rows = parse(text, { bom: true, ltrim: true, rtrim: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  const header = rows[0];
  if (!header) throw new Error(`${where}: empty file`);
  const idIndex = idColumn === null ? -1 : header.indexOf(idColumn);
  if (idColumn !== null && idIndex < 0) throw new Error(`${where}: no column ${idColumn} (columns: ${header.join(', ')})`);
  const columns: Record<string, (string | undefined)[]> = {};
  const ids: string[] = new Array(rows.length - 1);
  header.forEach((name, c) => {
    if (c === idIndex) return;
    const values: (string | undefined)[] = new Array(rows.length - 1);
    for (let r = 1; r < rows.length; r++) values[r - 1] = rows[r]![c];
    columns[name] = values;
  });
  for (let r = 1; r < rows.length; r++) {
    const id = idIndex < 0 ? String(r) : rows[r]![idIndex];
    if (id === undefined || id === '') throw new Error(`${where}: row ${r + 1} has no ${idColumn}`);
    ids[r - 1] = id;
  }
  return { ids, columns };
}

export function readCsvDataset(path: string, idColumn: string | null): Dataset {
  return parseCsvDataset(readFileSync(path, 'utf8'), idColumn, path);
}
