// GET /sources/systems: the systems that have sent a tenant's records, with what each speaks for,
// for ranking them on the data-sources page; whole-tenant counts, so admin and controller only.
import { expect, it } from 'vitest';
import { forEachDatabase } from '../../test/harness.ts';
import { runImportJob, upload } from '../imports/test-helpers.ts';

const hubspot = [
  'Record ID,First Name,Last Name,Email,Job Title',
  '101,Ada,Lovelace,ada@example.com,Mathematician',
  '102,Charles,Babbage,charles@example.com,',
].join('\n');
const salesforce = [
  'Contact ID,FirstName,LastName,Title,Source Identifiers',
  '003A,Ada,Lovelace,Countess of Lovelace,hubspot:101',
].join('\n');

interface System { system: string; contacts: number; companies: number; providing: number; lastReceivedAt: string }

forEachDatabase('source systems', (h) => {
  it('lists each system with the records it speaks for and provides, for admins and controllers only', async () => {
    const t = await h.tenant();
    const empty = await t.request('GET', '/api/v1/sources/systems', t.admin);
    expect(empty.statusCode, empty.body).toBe(200);
    expect(empty.json()).toEqual({ data: [] });

    const started = new Date(Date.now() - 1000).toISOString();
    for (const [csv, source] of [[hubspot, 'hubspot'], [salesforce, 'salesforce']] as const) {
      const up = await upload(t, csv, `source=${source}&fileName=${source}.csv`);
      expect((await runImportJob(h, t, up.import.id, 'run')).result).toBeTruthy();
    }
    // Typed in Rapport: source "rapport".
    const typed = await t.request('POST', '/api/v1/contacts', t.admin, { givenName: 'Grace', familyName: 'Hopper' });
    expect(typed.statusCode, typed.body).toBe(201);
    const company = await t.request('POST', '/api/v1/companies', t.admin, { name: 'Analytical Engines Ltd' });
    expect(company.statusCode, company.body).toBe(201);

    const res = await t.request('GET', '/api/v1/sources/systems', t.admin);
    expect(res.statusCode, res.body).toBe(200);
    const data = res.json().data as System[];
    const by = Object.fromEntries(data.map((s) => [s.system, s]));
    expect(Object.keys(by).sort()).toEqual(['hubspot', 'rapport', 'salesforce']);
    expect(by['hubspot']).toMatchObject({ contacts: 2, companies: 0, providing: 2 });
    // The later CRM file wins Ada's fields it speaks for (most recent), and gives nothing to Charles.
    expect(by['salesforce']).toMatchObject({ contacts: 1, companies: 0, providing: 1 });
    expect(by['rapport']).toMatchObject({ contacts: 1, companies: 1, providing: 2 });
    for (const s of data) expect(s.lastReceivedAt >= started).toBe(true);
    expect(data[0]!.system).toBe('hubspot'); // most records first

    const controller = await t.user('controller');
    expect((await t.request('GET', '/api/v1/sources/systems', controller.token)).statusCode).toBe(200);
    for (const role of ['rep', 'manager', 'read_only'] as const) {
      const u = await t.user(role);
      const denied = await t.request('GET', '/api/v1/sources/systems', u.token);
      expect(denied.statusCode, role).toBe(403);
      expect(denied.headers['content-type']).toContain('application/problem+json');
    }

    // Another tenant sees none of it.
    const other = await h.tenant();
    expect((await other.request('GET', '/api/v1/sources/systems', other.admin)).json()).toEqual({ data: [] });
  });
});
