import { describe, expect, it } from 'vitest';
import { forEachDatabase } from '../../test/harness.ts';
import { cardToContact, splitValue, vcardCards } from './vcard.ts';
import { getImport, runImportJob, upload } from './test-helpers.ts';

const v3 = [
  'BEGIN:VCARD',
  'VERSION:3.0',
  'N:Lovelace;Augusta Ada;King;Hon.;',
  'FN:Ada Lovelace',
  'ORG:Analytical Engines;Research',
  'TITLE:Mathematician\\, writer',
  'EMAIL;TYPE=INTERNET,HOME:ada@home.example',
  'EMAIL;TYPE=INTERNET,WORK,pref:ada@work.example',
  'TEL;TYPE=CELL:+44 7700 900123',
  'ADR;TYPE=HOME:;;12 St James\\nSquare;London;;SW1Y 4JH;United Kingdom',
  'BDAY:1815-12-10',
  'NOTE:Wrote the first pro',
  ' gram\\; loved poetry',
  'CATEGORIES:science,history',
  'UID:ada-1815',
  'END:VCARD',
].join('\r\n');

const v4 = [
  'BEGIN:VCARD',
  'VERSION:4.0',
  'FN:Grace Hopper',
  'N:Hopper;Grace;Brewster Murray;;',
  'EMAIL;TYPE=work;PREF=1:grace@navy.example',
  'TEL;VALUE=uri;TYPE="voice,cell":tel:+1-202-555-0143',
  'BDAY:19061209',
  'UID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1',
  'END:VCARD',
].join('\n');

async function* once(text: string) { yield text; }
async function cards(text: string) {
  const out = [];
  for await (const c of vcardCards(once(text), () => undefined)) out.push(c);
  return out;
}

describe('vcard reader', () => {
  it('unfolds, unescapes and maps vCard 3.0 and 4.0 properties', async () => {
    const [ada, grace] = await cards(`${v3}\r\n${v4}\n`);
    const a = cardToContact(ada!, 'apple');
    expect(a.input).toMatchObject({
      familyName: 'Lovelace', givenName: 'Augusta Ada', middleName: 'King', prefix: 'Hon.', jobTitle: 'Mathematician, writer',
      emails: [{ address: 'ada@home.example', type: 'home', primary: false }, { address: 'ada@work.example', type: 'work', primary: true }],
      phones: [{ number: '+44 7700 900123', type: 'mobile', primary: true }],
      addresses: [{ line1: '12 St James', line2: 'Square', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB', type: 'home' }],
      birthDate: '1815-12-10', tags: ['science', 'history'],
      sourceIdentifiers: [{ system: 'apple', externalId: 'ada-1815' }],
    });
    expect(a.notes).toEqual(['Wrote the first program; loved poetry']);
    expect(a.companyNames).toEqual(['Analytical Engines']);
    const g = cardToContact(grace!, 'apple');
    expect(g.input).toMatchObject({ phones: [{ number: '+1-202-555-0143', type: 'mobile' }], birthDate: '1906-12-09', sourceIdentifiers: [{ system: 'apple', externalId: '4fbe8971-0bc3-424c-9c26-36c3e1eff6b1' }] });
    expect(splitValue('a\\;b;c\\,d\\\\', ';')).toEqual(['a;b', 'c,d\\']);
  });

  it('reports a card that never ends', async () => {
    const skipped: string[] = [];
    for await (const _c of vcardCards(once('BEGIN:VCARD\nFN:Lost\n'), (_l, _r, reason) => skipped.push(reason))) expect.unreachable();
    expect(skipped).toEqual(['BEGIN:VCARD without END:VCARD']);
  });
});

forEachDatabase('vcard imports', (h) => {
  it('imports vCards and round-trips them through the vCard export unchanged', async () => {
    const t = await h.tenant();
    const up = await upload(t, `${v3}\r\n${v4}\r\n`, 'source=apple&fileName=people.vcf', t.admin, 'text/vcard');
    expect(up.import).toMatchObject({ format: 'vcard', counts: { rows: 2 } });
    const run = await runImportJob(h, t, up.import.id, 'run');
    expect(run.result).toMatchObject({ rows: 2, created: 2, failed: 0 });
    const ada = (await t.request('GET', '/api/v1/contacts?filter[familyName]=Lovelace', t.admin)).json().data[0];
    expect(ada.companies[0].name).toBe('Analytical Engines');
    const notes = await t.request('GET', `/api/v1/notes?filter[contactId]=${ada.id}`, t.admin);
    expect(notes.json().data.map((n: { body: string }) => n.body)).toEqual(['Wrote the first program; loved poetry']);

    const first = (await t.request('GET', '/api/v1/exports/contacts.vcf?sort=displayName', t.admin)).body;
    expect(first).toContain('BEGIN:VCARD\r\nVERSION:4.0\r\n');
    // The same tenant reading its own export: nothing changes.
    const same = await upload(t, first, 'source=apple&fileName=export.vcf', t.admin, 'text/vcard');
    expect((await runImportJob(h, t, same.import.id, 'run')).result).toMatchObject({ created: 0, updated: 0, unchanged: 2 });

    const other = await h.tenant();
    const up2 = await upload(other, first, 'source=apple&fileName=export.vcf', other.admin, 'text/vcard');
    expect((await runImportJob(h, other, up2.import.id, 'run')).result).toMatchObject({ created: 2, failed: 0 });
    const second = (await other.request('GET', '/api/v1/exports/contacts.vcf?sort=displayName', other.admin)).body;
    const stable = (s: string) => s.replace(/\r\n /g, '').split('\r\n').filter((l) => !/^(UID|X-RAPPORT-ID|REV):/.test(l));
    expect(stable(second)).toEqual(stable(first));
    expect((await getImport(other, up2.import.id)).status).toBe('imported');
  });
});
