import { describe, expect, it } from 'vitest';
import { forEachDatabase } from '../../test/harness.ts';
import { exportCsv, readCsv } from '../imports/test-helpers.ts';
import { csvCell, csvLine } from './csv.ts';
import { fold } from './vcard.ts';

describe('csv cells', () => {
  it('neutralises formulas and quotes what needs quoting', () => {
    expect(['=1+1', '+33 1 23', '-5', '@SUM(A1)', '\tx', '\rx'].map(csvCell)).toEqual(["'=1+1", "'+33 1 23", "'-5", "'@SUM(A1)", "\"'\tx\"", "\"'\rx\""]);
    expect(csvLine(['a,b', 'say "hi"', null, 3, ' pad'])).toBe('"a,b","say ""hi""",,3," pad"\r\n');
  });
  it('folds vCard lines at 75 octets without splitting a character', () => {
    const line = `NOTE:${'é'.repeat(60)}`;
    const folded = fold(line).split('\r\n');
    expect(folded.every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
    expect(folded.map((l, i) => (i ? l.slice(1) : l)).join('')).toBe(line);
  });
});

forEachDatabase('exports', (h) => {
  const contact = (t: Awaited<ReturnType<typeof h.tenant>>, token: string, body: Record<string, unknown>) =>
    t.request('POST', '/api/v1/contacts', token, body).then((r) => {
      expect(r.statusCode, r.body).toBe(201);
      return r.json() as { id: string };
    });

  it('exports what the list shows: filters, sort, fields, visibility and sensitive fields', async () => {
    const t = await h.tenant();
    const team = await t.team('North');
    const rep = await t.user('rep', { teamIds: [team] });
    await contact(t, t.admin, { givenName: '=HYPERLINK("http://evil")', familyName: 'Admin-owned', birthDate: '1970-01-01' });
    await contact(t, rep.token, { givenName: 'Rita', familyName: 'Repsdottir', birthDate: '1980-02-03', tags: ['vip', 'north'], emails: [{ address: 'rita@example.com' }] });
    await contact(t, rep.token, { givenName: 'Bob', familyName: 'Builder', phones: [{ number: '+44 20 7946 0018' }] });

    const all = readCsv(await exportCsv(t, 'sort=displayName'));
    expect(all.map((r) => r['Last Name'])).toEqual(['Admin-owned', 'Builder', 'Repsdottir']);
    // A spreadsheet must not run a formula from a cell, nor read a phone number as one.
    expect(all[0]!['First Name']).toBe("'=HYPERLINK(\"http://evil\")");
    expect(all[1]!['Phone']).toBe("'+44 20 7946 0018");
    expect(all[2]).toMatchObject({ Tags: 'vip; north', Email: 'rita@example.com', 'Birth Date': '1980-02-03' });

    // A rep's export holds only the contacts the rep may see.
    const asRep = readCsv(await exportCsv(t, 'sort=displayName', rep.token));
    expect(asRep.map((r) => r['Last Name'])).toEqual(['Builder', 'Repsdottir']);
    // Service staff see every contact but not sensitive fields: the column is not there at all.
    const service = await t.user('service');
    const asService = await exportCsv(t, '', service.token);
    expect(readCsv(asService)).toHaveLength(3);
    expect(asService.split('\r\n')[0]).not.toContain('Birth Date');

    const filtered = readCsv(await exportCsv(t, 'filter[tags]=vip&fields=givenName,familyName'));
    expect(filtered).toEqual([{ 'Rapport ID': expect.any(String), 'First Name': 'Rita', 'Last Name': 'Repsdottir' }]);
    const bad = await t.request('GET', '/api/v1/exports/contacts.csv?filter[nope]=1', t.admin);
    expect(bad.statusCode).toBe(422);
    expect((await t.request('GET', '/api/v1/exports/companies.vcf', t.admin)).statusCode).toBe(422);
  });

  it('streams more rows than one page, and companies and interactions too', async () => {
    const t = await h.tenant();
    const items = Array.from({ length: 1203 }, (_x, i) => ({ givenName: 'Many', familyName: `P${String(i).padStart(4, '0')}` }));
    for (let i = 0; i < items.length; i += 1000) {
      const res = await t.request('POST', '/api/v1/contacts/bulk', t.admin, { items: items.slice(i, i + 1000) });
      expect(res.statusCode, res.body).toBe(200);
    }
    const rows = readCsv(await exportCsv(t, 'sort=displayName'));
    expect(rows).toHaveLength(1203);
    expect(new Set(rows.map((r) => r['Rapport ID'])).size).toBe(1203);
    expect(rows[1202]!['Last Name']).toBe('P1202');

    const co = await t.request('POST', '/api/v1/companies', t.admin, { name: 'Acme', domain: 'acme.example', tags: ['a', 'b'] });
    expect(co.statusCode, co.body).toBe(201);
    const companies = readCsv(await exportCsv(t, '', t.admin, 'companies'));
    expect(companies).toHaveLength(1);
    expect(companies[0]).toMatchObject({ Name: 'Acme', Domain: 'acme.example', Tags: 'a; b' });
    const who = rows[0]!['Rapport ID']!;
    const i = await t.request('POST', '/api/v1/interactions', t.admin, { kind: 'phone_call', occurredAt: '2026-01-02T10:00:00Z', subject: '@risk call', participants: [{ contactId: who }] });
    expect(i.statusCode, i.body).toBe(201);
    const interactions = readCsv(await exportCsv(t, `filter[contactId]=${who}`, t.admin, 'interactions'));
    expect(interactions).toHaveLength(1);
    expect(interactions[0]).toMatchObject({ kind: 'phone_call', subject: "'@risk call" });
    expect(JSON.parse(interactions[0]!['participants']!)[0].contactId).toBe(who);
  });
});
