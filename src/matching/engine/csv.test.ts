// The engine's CSV reader: RFC 4180 quoting, the trimming FEBRL needs, line endings, errors that
// name the line; and any table written with quotes where needed reads back as it was.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsvDataset } from './csv.ts';

describe('CSV input', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, in any line ending', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const text = ['id,name,notes', '1,"Lovelace, Ada","said ""hello"""', `2,Babbage,"two${eol}lines"`, '3,"",plain'].join(eol) + eol;
      const d = parseCsvDataset(text, 'id');
      expect(d.ids).toEqual(['1', '2', '3']);
      expect(d.columns.name).toEqual(['Lovelace, Ada', 'Babbage', '']);
      expect(d.columns.notes).toEqual(['said "hello"', `two${eol}lines`, 'plain']);
    }
  });

  it('trims blanks around fields (FEBRL writes ", "), skips blank lines and a byte-order mark, pads short rows, cuts long ones', () => {
    const text = '\ufeffrec_id, given_name, surname\n\nrec-1-org, ada , lovelace\n   \nrec-1-dup-0,  "ada" ,\nrec-2-org, charles\nrec-3-org,grace,hopper,1906\n\t\nrec-4-org,,';
    const d = parseCsvDataset(text, 'rec_id');
    expect(d.ids).toEqual(['rec-1-org', 'rec-1-dup-0', 'rec-2-org', 'rec-3-org', 'rec-4-org']);
    expect(d.columns).toEqual({ given_name: ['ada', 'ada', 'charles', 'grace', ''], surname: ['lovelace', '', '', 'hopper', ''] });
  });

  it('numbers the records from 1 when there is no id column', () => {
    expect(parseCsvDataset('a,b\nx,1\ny,2\n', null)).toEqual({ ids: ['1', '2'], columns: { a: ['x', 'y'], b: ['1', '2'] } });
  });

  it('names the line of a quote left open, of a record without its id, and the columns there are', () => {
    expect(() => parseCsvDataset('id,name\n1,ada\n2,"babbage\n3,x\n', 'id', 'people.csv')).toThrow('people.csv: line 3: a quoted field is not closed');
    expect(() => parseCsvDataset('id,name\n1,ada\n"two\nlines",x\n,lovelace\n', 'id', 'people.csv')).toThrow('people.csv: line 5: the record has no id');
    expect(() => parseCsvDataset('key,name\n1,ada\n', 'id', 'people.csv')).toThrow('people.csv: no column id (columns: key, name)');
    expect(() => parseCsvDataset('\n\n', 'id', 'people.csv')).toThrow('people.csv: empty file');
  });

  it('reads back any table written with quotes where a cell needs them', () => {
    // Cells without blanks at their ends (those are trimmed by design), any other characters.
    const cell = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ', 'é', 'Ж', '1') }).map((s) => s.trim());
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(fc.array(cell, { minLength: 4, maxLength: 4 }), { minLength: 1, maxLength: 20 }), fc.constantFrom('\n', '\r\n'), (width, table, eol) => {
        const rows = table.map((r, k) => [`id${k}`, ...r.slice(0, width)]);
        const quote = (s: string) => (/[",\r\n]/.test(s) || s === '' ? `"${s.replace(/"/g, '""')}"` : s);
        const header = ['id', ...Array.from({ length: width }, (_, c) => `c${c}`)];
        const text = [header, ...rows].map((r) => r.map(quote).join(',')).join(eol) + eol;
        const d = parseCsvDataset(text, 'id');
        expect(d.ids).toEqual(rows.map((r) => r[0]));
        for (let c = 0; c < width; c++) expect(d.columns[`c${c}`]).toEqual(rows.map((r) => r[c + 1]));
      }),
      { numRuns: 300 },
    );
  });
});
