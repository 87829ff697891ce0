// Issue 4 (b): a change of survivorship settings is retroactive. PUT /sources/settings queues the
// sources.recompute job, which recomputes stored golden records from their sources under the new
// settings, with progress; records whose values do not change are not rewritten. Companies too.
import { expect, it } from 'vitest';
import { forEachDatabase } from '../../test/harness.ts';
import { createWorker } from '../platform/jobs/worker.ts';
import { runImportJob, upload } from '../imports/test-helpers.ts';
import { sourceJobs } from './recompute.ts';

const hubspot = ['Record ID,First Name,Last Name,Email,Job Title', '101,Ada,Lovelace,ada@example.com,Mathematician'].join('\n');
const salesforce = ['Contact ID,FirstName,LastName,Title,Birthdate,Source Identifiers', '003A,Augusta Ada,King,Countess of Lovelace,1815-12-10,hubspot:101'].join('\n');

forEachDatabase('survivorship settings applied to stored records', (h) => {
  it('recomputes golden records in a background job after the settings change', async () => {
    const t = await h.tenant();
    for (const [csv, source] of [[hubspot, 'hubspot'], [salesforce, 'salesforce']] as const) {
      const up = await upload(t, csv, `source=${source}`);
      await runImportJob(h, t, up.import.id, 'run');
    }
    const typed = (await t.request('POST', '/api/v1/contacts', t.admin, { givenName: 'Grace', familyName: 'Hopper' })).json();
    const [ada] = (await t.request('GET', '/api/v1/contacts?filter[familyName]=King', t.admin)).json().data;
    expect(ada).toMatchObject({ givenName: 'Augusta Ada', jobTitle: 'Countess of Lovelace' }); // most recent wins by default

    const put = await t.request('PUT', '/api/v1/sources/settings', t.admin, { trustedSystems: ['hubspot'], rules: ['trusted', 'recent'], fieldRules: {} });
    expect(put.statusCode, put.body).toBe(200);
    const jobs = (await t.request('GET', '/api/v1/jobs', t.admin)).json().data.filter((j: { kind: string }) => j.kind === 'sources.recompute');
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ status: 'queued', progress: { done: 0, total: 2 } });
    expect((await t.request('GET', `/api/v1/contacts/${ada.id}`, t.admin)).json().jobTitle).toBe('Countess of Lovelace'); // not yet

    expect(await createWorker(h.database, sourceJobs).runOnce(jobs[0].id)).toBe(true);
    const done = (await t.request('GET', `/api/v1/jobs/${jobs[0].id}`, t.admin)).json();
    expect(done).toMatchObject({ status: 'succeeded', progress: { done: 2, total: 2 }, result: { contacts: 2, changed: 1 } });
    const now = (await t.request('GET', `/api/v1/contacts/${ada.id}`, t.admin)).json();
    // HubSpot is trusted now: its values win where it speaks; the birth date only the CRM has stays.
    expect(now).toMatchObject({ givenName: 'Ada', familyName: 'Lovelace', jobTitle: 'Mathematician', birthDate: '1815-12-10', version: ada.version + 1 });
    const lineage = (await t.request('GET', `/api/v1/contacts/${ada.id}/lineage`, t.admin)).json();
    expect(lineage.fields.jobTitle).toMatchObject({ system: 'hubspot', externalId: '101' });
    expect(lineage.sources.find((s: { system: string }) => s.system === 'hubspot').provides.sort()).toEqual(['emails', 'familyName', 'givenName', 'jobTitle']);
    const history = (await t.request('GET', `/api/v1/contacts/${ada.id}/history`, t.admin)).json().data;
    expect(history[0]).toMatchObject({ action: 'contact.updated' });
    expect(Object.keys(history[0].changes).sort()).toEqual(['displayName', 'familyName', 'givenName', 'jobTitle']);
    // A contact whose golden values stay the same is not rewritten.
    expect((await t.request('GET', `/api/v1/contacts/${typed.id}`, t.admin)).json().version).toBe(typed.version);
  });

  it('recomputes companies after the contacts, from their sources', async () => {
    const t = await h.tenant();
    const created = await t.request('POST', '/api/v1/companies', t.admin, {
      name: 'Analytical Engines Ltd', industry: 'Manufacturing', domain: 'engines.test', source: { system: 'hubspot', externalId: 'C-1' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    const later = await t.request('PATCH', `/api/v1/companies/${id}`, t.admin, { industry: 'Computing', source: { system: 'salesforce', externalId: '001X' } });
    expect(later.statusCode, later.body).toBe(200);
    expect(later.json().industry).toBe('Computing'); // most recent wins by default
    const untouched = (await t.request('POST', '/api/v1/companies', t.admin, { name: 'Difference Works' })).json();

    const put = await t.request('PUT', '/api/v1/sources/settings', t.admin, { trustedSystems: ['hubspot'], rules: ['trusted', 'recent'], fieldRules: {} });
    expect(put.statusCode, put.body).toBe(200);
    const [job] = (await t.request('GET', '/api/v1/jobs', t.admin)).json().data.filter((j: { kind: string }) => j.kind === 'sources.recompute');
    expect(job.progress).toMatchObject({ done: 0, total: 2 });
    expect(await createWorker(h.database, sourceJobs).runOnce(job.id)).toBe(true);
    const done = (await t.request('GET', `/api/v1/jobs/${job.id}`, t.admin)).json();
    expect(done).toMatchObject({ status: 'succeeded', progress: { done: 2, total: 2 }, result: { contacts: 0, companies: 2, companiesChanged: 1 } });
    const now = (await t.request('GET', `/api/v1/companies/${id}`, t.admin)).json();
    expect(now).toMatchObject({ industry: 'Manufacturing', name: 'Analytical Engines Ltd', version: later.json().version + 1 });
    const lineage = (await t.request('GET', `/api/v1/companies/${id}/lineage`, t.admin)).json();
    expect(lineage.fields.industry).toMatchObject({ system: 'hubspot', externalId: 'C-1' });
    const history = (await t.request('GET', `/api/v1/companies/${id}/history`, t.admin)).json().data;
    expect(history[0]).toMatchObject({ action: 'company.updated' });
    expect(Object.keys(history[0].changes)).toEqual(['industry']);
    expect((await t.request('GET', `/api/v1/companies/${untouched.id}`, t.admin)).json().version).toBe(untouched.version);
  });
});
