// The real-time duplicate check in an import's dry run: rows that would create a contact looking
// like a stored one (or like another row of the same file) are listed with the contact and the
// probability; rows that update a contact by its source id, and unrelated people, are not. Nothing
// is written by the dry run; a rep only meets contacts it may see.
import { expect, it } from 'vitest';
import { forEachDatabase } from '../../test/harness.ts';
import { getImport, runImportJob, upload } from './test-helpers.ts';

interface DryDuplicates { count: number; checked: number; rows: Array<{ rowNo: number; candidates: Array<{ contactId: string | null; rowNo: number | null; displayName: string; probability: number }> }> }

const file = [
  'Record ID,First Name,Last Name,Email,Phone,Birthdate',
  'H1,Ada,Lovelace,ada.lovelace@example.com,+44 20 7946 0001,1815-12-10', // row 2: the stored Ada under another system
  'H2,Grace,Hopper,grace@navy.example,,1906-12-09', // row 3: a new person
  'H3,Ada,Lovelace,,+44 20 7946 0001,1815-12-10', // row 4: Ada again, within the file
  'H4,Zebulon,Quixote,zq@example.org,,1970-01-01', // row 5: a new person
].join('\n');

forEachDatabase('import dry run: likely duplicates', (h) => {
  it('lists rows that look like stored contacts or like other rows of the file, and writes nothing', async () => {
    const t = await h.tenant();
    const ada = await t.request('POST', '/api/v1/contacts', t.admin, {
      givenName: 'Ada', familyName: 'Lovelace', birthDate: '1815-12-10',
      emails: [{ address: 'ada.lovelace@example.com', type: 'work', primary: true }],
    });
    expect(ada.statusCode, ada.body).toBe(201);
    const adaId = ada.json().id as string;

    const up = await upload(t, file, 'source=hubspot&fileName=people.csv');
    await runImportJob(h, t, up.import.id, 'dry-run');
    const dry = (await getImport(t, up.import.id)).dryRun as { counts: { created: number }; duplicates: DryDuplicates };
    expect(dry.counts.created).toBe(4);
    const byRow = new Map(dry.duplicates.rows.map((r) => [r.rowNo, r.candidates]));
    expect([...byRow.keys()]).toEqual([2, 4]);
    expect(dry.duplicates.count).toBe(2);
    expect(dry.duplicates.checked).toBe(4); // every new row
    // Row 2 is the stored Ada (same email, name, birth date): named by id, very likely.
    const stored = byRow.get(2)!.find((c) => c.contactId === adaId);
    expect(stored).toMatchObject({ displayName: 'Ada Lovelace', rowNo: null });
    expect(stored!.probability).toBeGreaterThan(0.95);
    // Row 4 (no email, same phone, name and birth date) looks like the stored Ada and like row 2.
    expect(byRow.get(4)!.map((c) => c.contactId ?? `row ${c.rowNo}`).sort()).toEqual([adaId, 'row 2'].sort());
    expect(byRow.get(2)!.some((c) => c.rowNo === 4 && c.contactId === null)).toBe(true);
    for (const c of [...byRow.values()].flat()) expect(c.probability).toBeGreaterThanOrEqual(0.5);

    // Nothing was written.
    const all = (await t.request('GET', '/api/v1/contacts', t.admin)).json().data as Array<{ id: string }>;
    expect(all.map((c) => c.id)).toEqual([adaId]);

    // Once the contact exists under the file's own id, re-importing that row is an update, not a duplicate.
    await runImportJob(h, t, up.import.id, 'run');
    const again = await upload(t, file.split('\n').slice(0, 2).join('\n'), 'source=hubspot&fileName=again.csv');
    await runImportJob(h, t, again.import.id, 'dry-run');
    const second = (await getImport(t, again.import.id)).dryRun as { counts: { created: number; updated: number; unchanged: number }; duplicates?: DryDuplicates };
    expect(second.counts.created).toBe(0);
    expect(second.duplicates?.rows ?? []).toEqual([]);
  });

  it('only shows a rep the stored contacts it may see', async () => {
    const t = await h.tenant();
    const rep = await t.user('rep');
    // The admin's own contact, not shared with the rep's team.
    const hidden = await t.request('POST', '/api/v1/contacts', t.admin, {
      givenName: 'Ada', familyName: 'Lovelace', birthDate: '1815-12-10',
      emails: [{ address: 'ada.lovelace@example.com', type: 'work', primary: true }],
    });
    expect(hidden.statusCode, hidden.body).toBe(201);
    expect((await t.request('GET', `/api/v1/contacts/${hidden.json().id}`, rep.token)).statusCode).toBe(404);
    const up = await upload(t, file.split('\n').slice(0, 2).join('\n'), 'source=hubspot&fileName=rep.csv', rep.token);
    await runImportJob(h, t, up.import.id, 'dry-run', rep.token);
    const dry = (await getImport(t, up.import.id, rep.token)).dryRun as { duplicates?: DryDuplicates };
    expect(dry.duplicates?.rows ?? []).toEqual([]);
  });
});
