// The COPY exports (copy.ts; CSV and vCard) against the row-by-row ones: the SQL escape against csvText for awkward
// strings, the binary framing split anywhere, and whole exports of contacts and companies holding
// quotes, newlines, commas, formula starts, edge white space, unicode and nulls, for roles with and
// without the sensitive fields: the COPY bytes must equal the paged path's and the list API's.
import { sql, type SQL } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { forEachDatabase } from '../../test/harness.ts';
import { listAll } from '../imports/test-helpers.ts';
import { rowsOf, textArray } from '../db/sql.ts';
import { uuidv7 } from '../platform/ids.ts';
import { parseListParams } from '../platform/list.ts';
import type { Principal } from '../platform/policy/index.ts';
import type { ContactOut } from '../contacts/schemas.ts';
import type { CompanyOut } from '../companies/schemas.ts';
import { companyColumns, contactColumns, visibleColumns, type Column } from './columns.ts';
import { csvCell, csvLine, csvText } from './csv.ts';
import { CopyTextRows, CopyTextTuples, csvCellSql } from './copy.ts';
import { contactToVcard } from './vcard.ts';
import { defaultSortOf, exportLines, PAGE, type ExportResource } from './service.ts';
import { flatSpecs } from './flat.ts';

/** Strings a CSV writer gets wrong: every character csvText treats specially, at either end. */
const awkward = [
  '=1+1', '+44 20 7946 0018', '-5', '@SUM(A1)', '\tTabbed', '\rCR first', 'say "hi"', '"', '""', 'a,b', 'two\nlines', 'crlf\r\ninside',
  'semi;colon', 'pi|pe', ' leading', 'trailing ', '\u00a0nbsp first', 'nbsp last\u00a0', '\u2028line separator', 'ideographic\u3000',
  'bom last\ufeff', '\u180emongolian vowel separator', '\vvertical', 'form\f', 'Zürich 😀 日本語 é\u0301', 'back\\slash', "O'Neil",
  "'=already quoted", '=', '-', 'x', 'plain text', 'mid dle\tcell', ' ', '\u2003', 'ends with CR\r', 'ends with LF\n',
];

// Not in `awkward`: a cell *starting* with U+FEFF. PGlite's driver drops it when it decodes a raw
// query's text (the paged path on PGlite), while the list API and both PostgreSQL paths keep it;
// the SQL escape is checked against csvText for it below.
const bomFirst = '\ufeffbom first';

describe('binary COPY readers', () => {
  it('strips binary COPY framing however the stream is cut, keeping rows whole', async () => {
    const lines = ['a,b\r\n', 'Zürich 😀,"x\r\ny"\r\n', '', 'last\r\n'];
    const header = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(4), Buffer.from([0, 0, 0, 2, 9, 9])]);
    const tuple = (text: string) => {
      const body = Buffer.from(text);
      const head = Buffer.alloc(6);
      head.writeInt16BE(1, 0);
      head.writeInt32BE(body.length, 2);
      return Buffer.concat([head, body]);
    };
    const stream = Buffer.concat([header, ...lines.map(tuple), Buffer.from([0xff, 0xff])]);
    for (let cut = 1; cut < stream.length; cut++) {
      const rows = new CopyTextRows();
      const out: Buffer[] = [];
      rows.on('data', (b: Buffer) => out.push(b));
      const ended = new Promise((resolve, reject) => rows.on('end', resolve).on('error', reject));
      rows.write(stream.subarray(0, cut));
      rows.end(stream.subarray(cut));
      await ended;
      expect(Buffer.concat(out).toString(), `cut at ${cut}`).toBe(lines.join(''));
      for (const piece of out) expect(lines.join('')).toContain(piece.toString()); // whole rows, whole characters
    }
    // Several columns, nulls among them, read as arrays (the vCard path).
    const tuples: Array<Array<string | null>> = [['a', null, 'Zürich 😀'], ['', 'x\r\ny', null]];
    const field = (v: string | null) => {
      const body = v === null ? Buffer.alloc(0) : Buffer.from(v);
      const head = Buffer.alloc(4);
      head.writeInt32BE(v === null ? -1 : body.length, 0);
      return Buffer.concat([head, body]);
    };
    const count = Buffer.from([0, 3]);
    const many = Buffer.concat([header, ...tuples.flatMap((r) => [count, ...r.map(field)]), Buffer.from([0xff, 0xff])]);
    for (let cut = 1; cut < many.length; cut++) {
      const reader = new CopyTextTuples();
      const got: Array<Array<string | null>> = [];
      reader.on('data', (rows: Array<Array<string | null>>) => got.push(...rows));
      const ended = new Promise((resolve, reject) => reader.on('end', resolve).on('error', reject));
      reader.write(many.subarray(0, cut));
      reader.end(many.subarray(cut));
      await ended;
      expect(got, `cut at ${cut}`).toEqual(tuples);
    }
    const truncated = new CopyTextRows();
    truncated.on('data', () => undefined);
    const failed = new Promise((resolve) => truncated.on('error', resolve));
    truncated.end(stream.subarray(0, stream.length - 4));
    expect(String(await failed)).toContain('ended inside a row');
  });
});

async function collect(lines: AsyncGenerator<string | Buffer>) {
  const pieces: Buffer[] = [];
  for await (const piece of lines) pieces.push(typeof piece === 'string' ? Buffer.from(piece) : piece);
  return Buffer.concat(pieces).toString('utf8');
}

const expectedCsv = <T>(columns: Array<Column<T>>, rows: T[]) =>
  `\ufeff${csvLine(columns.map((c) => c.header))}${rows.map((r) => csvLine(columns.map((c) => c.value(r)))).join('')}`;

forEachDatabase('COPY export', (h) => {
  it('escapes a cell in SQL exactly as csvText does', async () => {
    const t = await h.tenant();
    const values = [...awkward, bomFirst, ''];
    const rows = await t.ctx.database.withTenant(t.id, (tx) => rowsOf<{ n: string; out: string | null }>(tx,
      sql`select x.n::text as n, ${csvCellSql(sql`x.v`)} as out from unnest(${textArray(values)}) with ordinality x(v, n) order by x.n`));
    expect(rows.map((r) => r.out ?? '')).toEqual(values.map(csvText));
    const [nulls] = await t.ctx.database.withTenant(t.id, (tx) => rowsOf<{ out: string | null }>(tx, sql`select ${csvCellSql(sql`null::text`)} as out`));
    expect(nulls!.out).toBeNull(); // written as an empty cell
  });

  it('reads primary and other emails and phones as columns.ts does, arrays of every length and shape', async () => {
    const t = await h.tenant();
    type Item = { address?: string; number?: string; primary?: boolean };
    const e = (address: string | undefined, primary?: boolean): Item => ({ ...(address === undefined ? {} : { address, number: address }), ...(primary === undefined ? {} : { primary }) });
    // None primary, the first, the second, the last, two marked, an empty value (the API requires one;
    // an item without it is left out of SQL's others but joined as '' by columns.ts: not compared).
    const arrays: Item[][] = [
      [], [e('a')], [e('a', true)], [e('a', false)], [e(undefined)], [e('', false)],
      [e('a'), e('b')], [e('a', true), e('b')], [e('a'), e('b', true)], [e('a', true), e('b', true)], [e(''), e('b')], [e(''), e('')],
      [e('a'), e('b'), e('c')], [e('a'), e('b'), e('c', true)], [e('a', true), e(''), e('c')], [e('a'), e('b', true), e('c'), e('d', true)],
    ];
    const headers = ['Email', 'Other Emails', 'Phone', 'Other Phones'];
    const cells = headers.map((header) => flatSpecs.contacts.cells[header] as SQL);
    const json = JSON.stringify(arrays);
    const rows = await t.ctx.database.withTenant(t.id, (tx) => rowsOf<Record<string, string | null>>(tx, sql`select ${sql.join(cells.map((c, n) => sql`${c} as ${sql.raw(`c${n}`)}`), sql`, `)}
      from json_array_elements(${json}::json) with ordinality a(v, n) cross join lateral (select a.v::jsonb as emails, a.v::jsonb as phones) contacts order by a.n`));
    const columns = headers.map((header) => contactColumns.find((c) => c.header === header)!);
    const asContact = (items: Item[]) => ({ emails: items, phones: items }) as unknown as ContactOut;
    // The empty cell is written the same for null, undefined and ''.
    expect(rows.map((r) => headers.map((_h, n) => csvCell(r[`c${n}`])))).toEqual(arrays.map((a) => columns.map((c) => csvCell(c.value(asContact(a))))));
  });

  it('writes the same bytes as the paged export and the list API, awkward values and all', async () => {
    const t = await h.tenant();
    const team = await t.team('North');
    const rep = await t.user('rep', { teamIds: [team] });
    const service = await t.user('service');
    const post = async (path: string, token: string, body: Record<string, unknown>) => {
      const res = await t.request('POST', path, token, body);
      expect(res.statusCode, res.body).toBe(201);
      return (res.json() as { id: string }).id;
    };
    const companyIds: string[] = [];
    for (let i = 0; i < 4; i++) companyIds.push(await post('/api/v1/companies', t.admin, { name: `Company ${i}`, phones: [{ number: '+1 212 555 0100' }], addresses: [{ line1: 'x', city: 'y', country: 'US' }] }));
    const contactIds: string[] = [];
    for (let i = 0; i < awkward.length; i++) {
      contactIds.push(await post('/api/v1/contacts', i % 3 ? rep.token : t.admin, {
        givenName: `Given${i}`, familyName: `Family${i}`, birthDate: '1980-02-03',
        emails: [{ address: `a${i}@example.com` }, { address: `b${i}@example.com`, primary: true }],
        phones: [{ number: '+44 20 7946 0018' }, { number: '+44 20 7946 0019' }],
        addresses: [{ line1: 'a', city: 'b', country: 'GB' }, { line1: 'c', city: 'd', country: 'GB', primary: i % 2 === 0 }],
        companies: i % 4 ? [{ companyId: companyIds[i % 4]! }, { companyId: companyIds[(i + 1) % 4]! }] : [],
      }));
    }
    contactIds.push(await post('/api/v1/contacts', t.admin, { givenName: 'Only', familyName: 'Nulls' })); // every optional cell empty
    // Rows with one awkward cell among plain ones: the COPY decides per row (one test over the joined
    // cells) whether to escape cell by cell; U+001F is the separator of that test.
    const single = ['=1+1', ' leading', 'trailing\u00a0', 'a,b', 'pi|pe', '-5', 'unit\u001fseparator', '\u001f=after separator', 'ends\u001f', 'plain'];
    const singleIds: string[] = [];
    for (const i of single.keys()) singleIds.push(await post('/api/v1/contacts', t.admin, { givenName: `Single${i}`, familyName: 'Plain', jobTitle: 'Engineer', phones: [{ number: '+1 212 555 0100' }] }));
    // The API would correct most of these on the way in; the exporter must cope with what is stored.
    const v = (i: number, k: number) => awkward[(i + k) % awkward.length]!;
    await t.ctx.database.withTenant(t.id, async (tx) => {
      for (const [i, id] of contactIds.slice(0, awkward.length).entries()) {
        await tx.execute(sql`update contacts set prefix = ${v(i, 1)}, given_name = ${v(i, 2)}, middle_name = ${i % 5 ? v(i, 3) : null},
          family_name = ${v(i, 4)}, suffix = ${v(i, 5)}, display_name = ${v(i, 6)}, job_title = ${i % 7 ? v(i, 7) : ''}, tier = ${v(i, 8)},
          tags = ${textArray([v(i, 9), v(i, 10), 'a;b'])},
          emails = jsonb_set(jsonb_set(emails, '{0,address}', to_jsonb(${v(i, 11)}::text)), '{1,address}', to_jsonb(${v(i, 12)}::text)),
          phones = jsonb_set(jsonb_set(phones, '{0,number}', to_jsonb(${v(i, 13)}::text)), '{1,number}', to_jsonb(${v(i, 14)}::text)),
          addresses = jsonb_set(jsonb_set(jsonb_set(addresses, '{0,line1}', to_jsonb(${v(i, 15)}::text)), '{1,city}', to_jsonb(${v(i, 16)}::text)), '{1,region}', to_jsonb(${v(i, 17)}::text))
          where tenant_id = ${t.id} and id = ${id}`);
        if (i % 2) {
          await tx.execute(sql`insert into source_identifiers (tenant_id, id, contact_id, system, external_id)
            values (${t.id}, ${uuidv7()}, ${id}, ${v(i, 18)}, ${v(i, 19)}), (${t.id}, ${uuidv7()}, ${id}, 'crm', ${v(i, 20)})`);
        }
      }
      for (const [i, id] of singleIds.entries()) {
        await tx.execute(sql`update contacts set ${sql.raw(['job_title', 'given_name', 'middle_name', 'family_name'][i % 4]!)} = ${single[i]!} where tenant_id = ${t.id} and id = ${id}`);
      }
      for (const [i, id] of companyIds.entries()) {
        await tx.execute(sql`update companies set name = ${v(i, 21)}, description = ${v(i, 22)}, website = ${v(i, 23)}, industry = ${v(i, 24)},
          tags = ${textArray([v(i, 25)])}, phones = jsonb_set(phones, '{0,number}', to_jsonb(${v(i, 26)}::text)),
          addresses = jsonb_set(addresses, '{0,postalCode}', to_jsonb(${v(i, 27)}::text))
          where tenant_id = ${t.id} and id = ${id}`);
      }
    });

    const cases: Array<[string, string, Principal]> = [
      ['admin', t.admin, { userId: t.adminId, role: 'admin', teamIds: [] }],
      ['rep', rep.token, { userId: rep.id, role: 'rep', teamIds: [team] }],
      ['service (no sensitive fields)', service.token, { userId: service.id, role: 'service', teamIds: [] }],
    ];
    const exports: Array<[ExportResource, typeof contactColumns | typeof companyColumns, 'contact' | 'company', string[]]> = [
      ['contacts', contactColumns, 'contact', ['sort=displayName', 'sort=-createdAt&filter[tags]=a;b&fields=givenName,emails,birthDate,companies']],
      ['companies', companyColumns, 'company', ['sort=name&fields=name,description,phones,addresses,tags']],
    ];
    for (const [who, token, principal] of cases) {
      for (const [resource, columns, entity, queries] of exports) {
        for (const query of queries) {
          const records = await listAll<ContactOut & CompanyOut>(t, resource, query, token);
          const fields = new URLSearchParams(query).get('fields')?.split(',');
          const expected = expectedCsv(visibleColumns(columns as Array<Column<ContactOut & CompanyOut>>, entity, principal, fields), records);
          const params = parseListParams(Object.fromEntries(new URLSearchParams(query)), defaultSortOf(resource));
          const ctx = { ...t.ctx, principal };
          const paged = await collect(await exportLines(ctx, resource, 'csv', params, 5, false));
          expect(paged, `${who} ${resource} ${query}: paged`).toBe(expected);
          if (h.kind === 'postgres') {
            const copied = await collect(await exportLines(ctx, resource, 'csv', params, PAGE, true));
            expect(copied, `${who} ${resource} ${query}: COPY`).toBe(expected);
          }
          const res = await t.request('GET', `/api/v1/exports/${resource}.csv?${query}`, token);
          expect(res.statusCode).toBe(200);
          expect(res.rawPayload.equals(Buffer.from(expected)), `${who} ${resource} ${query}: HTTP`).toBe(true);
        }
      }
    }
    for (const [who, token, principal] of cases) {
      const expected = (await listAll<ContactOut>(t, 'contacts', 'sort=displayName', token)).map(contactToVcard).join('');
      const params = parseListParams({ sort: 'displayName' }, defaultSortOf('contacts'));
      const ctx = { ...t.ctx, principal };
      expect(await collect(await exportLines(ctx, 'contacts', 'vcf', params, 5, false)), `${who} vcf: paged`).toBe(expected);
      if (h.kind === 'postgres') expect(await collect(await exportLines(ctx, 'contacts', 'vcf', params, PAGE, true)), `${who} vcf: COPY`).toBe(expected);
    }
    // Not vacuous: the awkward values reached the file, escaped, and the sensitive column did not reach the service role.
    const all = (await t.request('GET', '/api/v1/exports/contacts.csv', t.admin)).body;
    for (const cell of ["'=1+1", '"say ""hi"""', '"two\nlines"', '"crlf\r\ninside"', '" leading"', '"\u00a0nbsp first"', 'Zürich 😀', '"\'\tTabbed"', ',,']) expect(all).toContain(cell);
    expect(all).toContain('1980-02-03');
    const asService = (await t.request('GET', '/api/v1/exports/contacts.csv', service.token)).body;
    expect(asService).not.toContain('Birth Date');
    expect(asService).not.toContain('1980-02-03');
    for (const cell of [",'=1+1,", '," leading",', '"a,b"', "'-5", '"pi|pe"', 'unit\u001fseparator', "\u001f=after separator"]) expect(all).toContain(cell);
    expect(readLines(all)).toBe(awkward.length + single.length + 2);
  }, 90_000);

  it('stops a COPY the client stops reading without spoiling the connection', async () => {
    const t = await h.tenant();
    const items = Array.from({ length: 600 }, (_x, i) => ({ givenName: 'Many', familyName: `P${String(i).padStart(4, '0')}`, jobTitle: 'x'.repeat(200) }));
    const res = await t.request('POST', '/api/v1/contacts/bulk', t.admin, { items });
    expect(res.statusCode, res.body).toBe(200);
    const params = parseListParams({}, defaultSortOf('contacts'));
    for (let n = 0; n < 3; n++) {
      const it = await exportLines(t.ctx, 'contacts', 'csv', params);
      await it.next();
      await it.next();
      await it.return(undefined); // the download stopped
    }
    const full = await collect(await exportLines(t.ctx, 'contacts', 'csv', params));
    expect(readLines(full)).toBe(601);
    const list = await t.request('GET', '/api/v1/contacts?limit=1', t.admin);
    expect(list.statusCode).toBe(200);
  });
});

/** Records in a CSV text: CRLF line ends outside quotes. */
function readLines(text: string): number {
  let n = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (!quoted && text[i] === '\r' && text[i + 1] === '\n') n++;
  }
  return n;
}
