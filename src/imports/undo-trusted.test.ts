// Issue 4 (a): undoing an import must restore the golden value even when the import's system is
// trusted above edits typed in Rapport. Undo used to write the previous values as Rapport's claims
// only, and the import's own (trusted) claims kept winning.
import { expect, it } from 'vitest';
import { forEachDatabase } from '../../test/harness.ts';
import { runImportJob, upload } from './test-helpers.ts';

const file = (ada: string, grace: string) => ['Record ID,First Name,Last Name,Job Title', `101,Ada,Lovelace,${ada}`, `201,Grace,Hopper,${grace}`].join('\n');

forEachDatabase('import undo under a trusted system', (h) => {
  it('restores the golden value and the source\'s earlier claims, for records the file made and records typed in Rapport', async () => {
    const t = await h.tenant();
    await t.request('PUT', '/api/v1/sources/settings', t.admin, { trustedSystems: ['hubspot'], rules: ['trusted', 'recent'], fieldRules: {} });
    // Grace was typed in Rapport and carries her HubSpot id; Ada comes from a first HubSpot file.
    const grace = (await t.request('POST', '/api/v1/contacts', t.admin, { givenName: 'Grace', familyName: 'Hopper', jobTitle: 'Rear Admiral', sourceIdentifiers: [{ system: 'hubspot', externalId: '201' }] })).json();
    const first = await upload(t, ['Record ID,First Name,Last Name,Job Title', '101,Ada,Lovelace,Mathematician'].join('\n'), 'source=hubspot');
    expect((await runImportJob(h, t, first.import.id, 'run')).result).toMatchObject({ created: 1 });
    const ada = (await t.request('GET', '/api/v1/contacts?filter[familyName]=Lovelace', t.admin)).json().data[0];

    const second = await upload(t, file('Countess', 'Programmer'), 'source=hubspot');
    expect((await runImportJob(h, t, second.import.id, 'run')).result).toMatchObject({ updated: 2 });
    const title = async (id: string) => (await t.request('GET', `/api/v1/contacts/${id}`, t.admin)).json().jobTitle;
    expect([await title(ada.id), await title(grace.id)]).toEqual(['Countess', 'Programmer']); // HubSpot is trusted

    expect((await runImportJob(h, t, second.import.id, 'undo')).result).toMatchObject({ restored: 2, skipped: 0 });
    expect([await title(ada.id), await title(grace.id)]).toEqual(['Mathematician', 'Rear Admiral']);
    const lineage = async (id: string) => (await t.request('GET', `/api/v1/contacts/${id}/lineage`, t.admin)).json() as {
      fields: Record<string, { system: string; importId: string | null }>; sources: Array<{ system: string; fields: Record<string, { value: unknown }> }>;
    };
    // Ada's HubSpot record claims the first file's title again, and gives it.
    const adaLineage = await lineage(ada.id);
    expect(adaLineage.sources.find((s) => s.system === 'hubspot')!.fields['jobTitle']!.value).toBe('Mathematician');
    expect(adaLineage.fields['jobTitle']).toMatchObject({ system: 'hubspot' });
    // Grace had no HubSpot record before the file: it is gone, her title is Rapport's again.
    const graceLineage = await lineage(grace.id);
    expect(graceLineage.sources.map((s) => s.system)).toEqual(['rapport']);
    expect(graceLineage.fields['jobTitle']).toMatchObject({ system: 'rapport' });
  });
});
