import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { forEachDatabase } from '../../test/harness.ts';
import { createWorker } from '../platform/jobs/worker.ts';
import { importJobs } from './jobs.ts';
import { suggestMapping } from './mapping.ts';
import { exportCsv, getImport, readCsv, runImportJob, upload } from './test-helpers.ts';

const hubspot = [
  'Record ID,First Name,Last Name,Email,Phone Number,Mobile Phone Number,Company Name,Street Address,City,State/Region,Postal Code,Country/Region,Job Title',
  '101,Ada,Lovelace,ADA@Example.com,+44 20 7946 0018,,Analytical Engines,12 St James Sq,London,,SW1Y 4JH,United Kingdom,Mathematician',
  '102,Grace,Hopper,grace@example.com,,+1 202 555 0143,US Navy,"1 Main St, Apt 2",Arlington,VA,22201,United States,"Rear Admiral"',
  '103,Bad,Row,,call me maybe,,,,,,,,',
  '105,,,ivy at example dot com,,,,,,,,,',
  '104,Alan,Turing,alan@example.com,,,Analytical Engines,,,,,GB,',
].join('\n');

describe('mapping suggestion', () => {
  it('recognises HubSpot and Salesforce export headers', () => {
    expect(suggestMapping(['Record ID', 'First Name', 'Last Name', 'Email', 'Phone Number', 'Mobile Phone Number', 'Company Name', 'Street Address', 'City', 'State/Region', 'Postal Code', 'Country/Region']))
      .toEqual({
        'Record ID': 'externalId', 'First Name': 'givenName', 'Last Name': 'familyName', Email: 'email', 'Phone Number': 'phone',
        'Mobile Phone Number': 'mobilePhone', 'Company Name': 'companyName', 'Street Address': 'street', City: 'city',
        'State/Region': 'region', 'Postal Code': 'postalCode', 'Country/Region': 'country',
      });
    expect(suggestMapping(['Contact ID', 'FirstName', 'LastName', 'Title', 'Account Name', 'MailingStreet', 'MailingCity', 'MailingState', 'MailingPostalCode', 'MailingCountry', 'Birthdate', 'MobilePhone', 'Favourite Colour']))
      .toEqual({
        'Contact ID': 'externalId', FirstName: 'givenName', LastName: 'familyName', Title: 'jobTitle', 'Account Name': 'companyName',
        MailingStreet: 'street', MailingCity: 'city', MailingState: 'region', MailingPostalCode: 'postalCode', MailingCountry: 'country',
        Birthdate: 'birthDate', MobilePhone: 'mobilePhone', 'Favourite Colour': 'ignore',
      });
    // A saved mapping wins over the suggestion.
    expect(suggestMapping(['Email', 'Notes'], { Notes: 'customFields.notes', Email: 'otherEmails' })).toEqual({ Email: 'otherEmails', Notes: 'customFields.notes' });
  });
});

forEachDatabase('imports', (h) => {
  it('dry-runs, imports a HubSpot CSV, reports bad rows, re-imports idempotently and undoes', async () => {
    const t = await h.tenant();
    const up = await upload(t, '\ufeff' + hubspot, 'source=hubspot&fileName=contacts.csv');
    expect(up.import).toMatchObject({ encoding: 'utf8', delimiter: ',', format: 'csv', counts: { rows: 5 } });
    expect(up.import.mapping['Mobile Phone Number']).toBe('mobilePhone');
    expect(up.sample[0]![1]).toBe('Ada');

    const dry = await runImportJob(h, t, up.import.id, 'dry-run');
    expect(dry.result).toMatchObject({ rows: 5, created: 4, failed: 1 });
    const afterDry = await getImport(t, up.import.id);
    expect(afterDry.dryRun.preview.map((c: { displayName: string }) => c.displayName)).toEqual(['Ada Lovelace', 'Grace Hopper', 'ivy at example dot com', 'Alan Turing']);
    expect(afterDry.dryRun.preview[0].addresses[0].country).toBe('GB');
    const nothing = await t.request('GET', '/api/v1/contacts', t.admin);
    expect(nothing.json().data).toHaveLength(0); // a dry run writes nothing
    const dryErrors = readCsv((await t.request('GET', `/api/v1/imports/${up.import.id}/errors.csv?phase=dry`, t.admin)).body);
    expect(dryErrors).toHaveLength(1);

    const run = await runImportJob(h, t, up.import.id, 'run');
    expect(run.result).toMatchObject({ rows: 5, created: 4, updated: 0, failed: 1 });
    // An email that fails the syntax check is kept as typed and flagged, not refused (the API refuses it).
    const ivy = (await t.request('GET', '/api/v1/contacts?filter[email]=ivy at example dot com', t.admin)).json().data[0];
    expect(ivy.qualityIssues).toEqual([expect.objectContaining({ code: 'email_invalid' })]);
    const list = (await t.request('GET', '/api/v1/contacts?sort=displayName&filter[familyName][isNull]=false', t.admin)).json().data;
    expect(list.map((c: { displayName: string }) => c.displayName)).toEqual(['Ada Lovelace', 'Alan Turing', 'Grace Hopper']);
    const ada = list[0];
    expect(ada.emails[0].address).toBe('ada@example.com'); // normalised like the API does
    expect(ada.phones[0].e164).toBe('+442079460018');
    expect(ada.sourceIdentifiers).toEqual([{ system: 'hubspot', externalId: '101' }]);
    expect(ada.companies.map((c: { name: string }) => c.name)).toEqual(['Analytical Engines']);
    expect(list[1].companies[0].companyId).toBe(ada.companies[0].companyId); // one company, found by name
    const grace = list[2];
    expect(grace.phones[0]).toMatchObject({ type: 'mobile', e164: '+12025550143' });
    expect(grace.addresses[0]).toMatchObject({ line1: '1 Main St, Apt 2', region: 'US-VA', country: 'US' });

    // The error report: the original row under the file's headers, and why.
    const errors = readCsv((await t.request('GET', `/api/v1/imports/${up.import.id}/errors.csv`, t.admin)).body);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ Row: '4', 'Record ID': '103', 'Phone Number': 'call me maybe' });
    expect(errors[0]!['Error']).toContain('phones.0.number');
    // Audit entries were written like any other create.
    const history = await t.request('GET', `/api/v1/contacts/${ada.id}/history`, t.admin);
    expect(history.json().data[0].action).toBe('contact.created');
    // New contacts may duplicate stored ones: the finished run queued one dedupe job for the tenant.
    const queued = (await t.request('GET', '/api/v1/jobs', t.admin)).json().data.filter((j: { kind: string }) => j.kind === 'dedupe.contacts');
    expect(queued).toHaveLength(1);
    expect(queued[0].payload).toMatchObject({ trigger: 'import', importId: up.import.id });
    // It also created a company (Analytical Engines, named on the rows): the companies' dedupe is queued too.
    const companiesQueued = (await t.request('GET', '/api/v1/jobs', t.admin)).json().data.filter((j: { kind: string }) => j.kind === 'dedupe.companies');
    expect(companiesQueued.map((j: { payload: unknown }) => j.payload)).toEqual([expect.objectContaining({ entity: 'company', trigger: 'import', importId: up.import.id })]);

    // The same file again: nothing new, nothing changed.
    const again = await upload(t, hubspot, 'source=hubspot&fileName=contacts.csv');
    const rerun = await runImportJob(h, t, again.import.id, 'run');
    expect(rerun.result).toMatchObject({ created: 0, updated: 0, unchanged: 4, failed: 1 });
    const unchanged = (await t.request('GET', '/api/v1/contacts?sort=displayName', t.admin)).json().data;
    expect(unchanged.map((c: { version: number }) => c.version)).toEqual([1, 1, 1, 1]);

    // A changed file updates by record id, and undo restores what it overwrote.
    const changed = hubspot.replace('Mathematician', 'Countess').replace('alan@example.com', 'alan@bletchley.example');
    const third = await upload(t, changed, 'source=hubspot&fileName=changed.csv');
    const update = await runImportJob(h, t, third.import.id, 'run');
    expect(update.result).toMatchObject({ created: 0, updated: 2, unchanged: 2 });
    const adaNow = (await t.request('GET', `/api/v1/contacts/${ada.id}`, t.admin)).json();
    expect(adaNow.jobTitle).toBe('Countess');
    const alan = (await t.request('GET', `/api/v1/contacts/${list[1].id}`, t.admin)).json();
    expect(alan.emails.map((e: { address: string }) => e.address)).toEqual(['alan@example.com', 'alan@bletchley.example']);
    const undo = await runImportJob(h, t, third.import.id, 'undo');
    expect(undo.result).toMatchObject({ restored: 2, deleted: 0, skipped: 0 });
    expect((await t.request('GET', `/api/v1/contacts/${ada.id}`, t.admin)).json().jobTitle).toBe('Mathematician');
    expect((await t.request('GET', `/api/v1/contacts/${list[1].id}`, t.admin)).json().emails.map((e: { address: string }) => e.address)).toEqual(['alan@example.com']);
    expect((await getImport(t, third.import.id)).status).toBe('undone');

    // Undo of the first import deletes the contacts and the company it created.
    const undoFirst = await runImportJob(h, t, up.import.id, 'undo');
    expect(undoFirst.result).toMatchObject({ deleted: 6, skipped: 0 });
    expect((await t.request('GET', '/api/v1/contacts', t.admin)).json().data).toHaveLength(0);
    expect((await t.request('GET', '/api/v1/companies', t.admin)).json().data).toHaveLength(0);
  });

  it('reads UTF-16 and windows-1252 files with any delimiter', async () => {
    const t = await h.tenant();
    const rows = [['Contact ID', 'First Name', 'Last Name', 'Email'], ['a1', 'Zoë', 'Müller', 'zoe@example.com'], ['a2', 'José', 'Nuñez; Jr', 'jose@example.com']];
    const text = (d: string) => rows.map((r) => r.map((c) => (c.includes(d) ? `"${c}"` : c)).join(d)).join('\r\n') + '\r\n';
    const files: Array<[Buffer, string, string]> = [
      [Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text('\t'), 'utf16le')]), 'utf16le', '\t'],
      [Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text('|'), 'utf-16be')]), 'utf16be', '|'],
      [iconv.encode(text(';'), 'windows-1252'), 'windows1252', ';'],
      [Buffer.from(text(','), 'utf8'), 'utf8', ','],
    ];
    for (const [i, [bytes, encoding, delimiter]] of files.entries()) {
      const up = await upload(t, bytes, `source=s${i}&fileName=f.csv`);
      expect(up.import).toMatchObject({ encoding, delimiter, headers: rows[0] });
      const run = await runImportJob(h, t, up.import.id, 'run');
      expect(run.result).toMatchObject({ created: 2, failed: 0 });
    }
    const names = (await t.request('GET', '/api/v1/contacts?sort=displayName&limit=100', t.admin)).json().data.map((c: { displayName: string }) => c.displayName);
    expect(names).toEqual([...Array(4).fill('José Nuñez; Jr'), ...Array(4).fill('Zoë Müller')]);
  });

  it('reports rows it cannot read or that have too many cells, and imports the rest', async () => {
    const t = await h.tenant();
    const up = await upload(t, 'First Name,Last Name\nAda,Lovelace\nToo,Many,Cells\nGrace,Hopper\n"Unclosed,Quote\n', 'source=sheet');
    expect((await runImportJob(h, t, up.import.id, 'run')).result).toMatchObject({ rows: 4, created: 2, failed: 2 });
    const errors = readCsv((await t.request('GET', `/api/v1/imports/${up.import.id}/errors.csv`, t.admin)).body);
    expect(errors.map((e) => [e['Row'], e['First Name'], e['Error']])).toEqual([
      ['3', 'Too', 'has 3 cells but the header has 2'],
      ['5', '', expect.stringContaining('Quote Not Closed')],
    ]);
  });

  it('resumes from its checkpoint after the worker dies, without duplicating rows', async () => {
    const t = await h.tenant();
    const lines = ['Record ID,First Name,Last Name'];
    for (let i = 1; i <= 25; i++) lines.push(`r${i},Person,Number${String(i).padStart(2, '0')}`);
    const up = await upload(t, lines.join('\n'), 'source=legacy&fileName=big.csv');
    const res = await t.request('POST', `/api/v1/imports/${up.import.id}/run`, t.admin, { batchRows: 10 });
    const job = res.json() as { id: string };
    const a = createWorker(h.database, importJobs, { id: 'doomed', onProgress: (_j, p) => { if (p.done >= 10) a.kill(); } });
    await a.runOnce(job.id);
    const mid = (await t.request('GET', `/api/v1/jobs/${job.id}`, t.admin)).json();
    expect(mid).toMatchObject({ status: 'running', progress: { done: 10, total: 25 } });
    expect((await t.request('GET', '/api/v1/contacts?limit=100', t.admin)).json().data).toHaveLength(10);

    await h.database.query(`update jobs set locked_until = now() - interval '1 second' where id = $1`, [job.id]);
    const b = createWorker(h.database, importJobs, { id: 'heir' });
    expect(await b.runOnce(job.id)).toBe(true);
    const done = (await t.request('GET', `/api/v1/jobs/${job.id}`, t.admin)).json();
    expect(done).toMatchObject({ status: 'succeeded', attempts: 2, result: { rows: 25, created: 25, failed: 0 } });
    const all = (await t.request('GET', '/api/v1/contacts?limit=100&sort=displayName', t.admin)).json().data;
    expect(all.map((c: { familyName: string }) => c.familyName)).toEqual(Array.from({ length: 25 }, (_x, i) => `Number${String(i + 1).padStart(2, '0')}`));
  });

  it('a cancelled run can be run again from where it stopped, or undone', async () => {
    const t = await h.tenant();
    const lines = ['First Name,Last Name'];
    for (let i = 1; i <= 30; i++) lines.push(`Anon,Row${String(i).padStart(2, '0')}`); // no ids: a repeat would duplicate
    const up = await upload(t, lines.join('\n'), 'source=sheet');
    const job = (await t.request('POST', `/api/v1/imports/${up.import.id}/run`, t.admin, { batchRows: 10 })).json() as { id: string };
    const a = createWorker(h.database, importJobs, { onProgress: (_j, p) => { if (p.done >= 10) a.kill(); } });
    await a.runOnce(job.id);
    expect((await t.request('POST', `/api/v1/jobs/${job.id}/cancel`, t.admin)).json().status).toBe('cancelled');
    const count = async () => (await t.request('GET', '/api/v1/contacts?limit=100', t.admin)).json().data.length;
    expect(await count()).toBe(10);

    // A new run starts after the committed batch: 30 contacts, not 40.
    const second = await runImportJob(h, t, up.import.id, 'run');
    expect(second.result).toMatchObject({ rows: 30, created: 30, failed: 0 });
    expect(await count()).toBe(30);
    const undo = await runImportJob(h, t, up.import.id, 'undo');
    expect(undo.result).toMatchObject({ deleted: 30 });
    expect(await count()).toBe(0);

    // Undo also takes back a run that was cancelled half way.
    const up2 = await upload(t, lines.join('\n'), 'source=sheet');
    const job2 = (await t.request('POST', `/api/v1/imports/${up2.import.id}/run`, t.admin, { batchRows: 10 })).json() as { id: string };
    const b = createWorker(h.database, importJobs, { onProgress: (_j, p) => { if (p.done >= 20) b.kill(); } });
    await b.runOnce(job2.id);
    await t.request('POST', `/api/v1/jobs/${job2.id}/cancel`, t.admin);
    expect(await count()).toBe(20);
    expect((await runImportJob(h, t, up2.import.id, 'undo')).result).toMatchObject({ deleted: 20 });
    expect(await count()).toBe(0);
  });

  it('round-trips CSV: import, export, import into another tenant, export again', async () => {
    const t = await h.tenant();
    const up = await upload(t, hubspot, 'source=hubspot&fileName=contacts.csv');
    await runImportJob(h, t, up.import.id, 'run');
    const first = await exportCsv(t, 'sort=displayName');
    // Importing Rapport's own export into the same tenant changes nothing.
    const same = await upload(t, first, 'source=hubspot&fileName=export.csv');
    expect(same.import.mapping['Rapport ID']).toBe('rapportId');
    expect((await runImportJob(h, t, same.import.id, 'run')).result).toMatchObject({ created: 0, updated: 0, unchanged: 4, failed: 0 });

    const other = await h.tenant();
    const up2 = await upload(other, first, 'source=hubspot&fileName=export.csv');
    // Users and teams are the first tenant's: the mapping is edited to leave them out.
    const remap = await other.request('PUT', `/api/v1/imports/${up2.import.id}/mapping`, other.admin, { mapping: { 'Owner ID': 'ignore', 'Team ID': 'ignore' } });
    expect(remap.statusCode, remap.body).toBe(200);
    expect((await runImportJob(h, other, up2.import.id, 'run')).result).toMatchObject({ created: 4, failed: 0 });
    const second = await exportCsv(other, 'sort=displayName');
    const strip = (rows: Array<Record<string, string>>) => rows.map(({ 'Rapport ID': _i, 'Owner ID': _o, 'Team ID': _t, 'Created At': _c, 'Updated At': _u, ...rest }) => rest);
    expect(strip(readCsv(second))).toEqual(strip(readCsv(first)));
    expect(readCsv(first)[0]).toMatchObject({ 'First Name': 'Ada', Phone: "'+44 20 7946 0018", Country: 'GB', 'Source Identifiers': 'hubspot:101', Companies: 'Analytical Engines' });
  });

  it('refuses roles that may not create contacts and hides imports of others', async () => {
    const t = await h.tenant();
    const viewer = await t.user('read_only');
    const res = await t.request('POST', '/api/v1/imports?source=x', viewer.token, hubspot, { 'content-type': 'text/csv' });
    expect(res.statusCode).toBe(403);
    const up = await upload(t, hubspot, 'source=x');
    const rep = await t.user('rep');
    expect((await t.request('GET', `/api/v1/imports/${up.import.id}`, rep.token)).statusCode).toBe(404);
    // A retried upload with the same Idempotency-Key answers the first import again.
    const once = await t.request('POST', '/api/v1/imports?source=y', t.admin, hubspot, { 'content-type': 'text/csv', 'idempotency-key': 'upload-1' });
    const twice = await t.request('POST', '/api/v1/imports?source=y', t.admin, hubspot, { 'content-type': 'text/csv', 'idempotency-key': 'upload-1' });
    expect([once.statusCode, twice.statusCode]).toEqual([201, 201]);
    expect(twice.json().import.id).toBe(once.json().import.id);
    const bad = await t.request('PUT', `/api/v1/imports/${up.import.id}/mapping`, t.admin, { mapping: { Email: 'nonsense' } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('mapping.Email');
  });
});

forEachDatabase('company imports', (h) => {
  const accounts = [
    'Account ID,Account Name,Website,Industry,NumberOfEmployees,Phone,BillingStreet,BillingCity,BillingState,BillingPostalCode,BillingCountry',
    '001A,Acme Corp,https://www.acme.example/about,Manufacturing,"1,200",+1 617 555 0100,1 Main St,Boston,MA,02108,United States',
    '001B,Globex,globex.example,Energy,lots,,,,,,',
    '001C,Initech,initech.example,Software,50,,,,,,Germany',
  ].join('\n');

  it('imports Salesforce accounts, updates them on re-import, undoes, and round-trips through the export', async () => {
    const t = await h.tenant();
    const up = await upload(t, accounts, 'resource=companies&source=salesforce&fileName=accounts.csv');
    expect(up.import.mapping).toMatchObject({ 'Account ID': 'externalId', 'Account Name': 'name', Website: 'website', NumberOfEmployees: 'size', BillingCity: 'city', BillingCountry: 'country' });
    const run = await runImportJob(h, t, up.import.id, 'run');
    expect(run.result).toMatchObject({ rows: 3, created: 2, failed: 1 });
    const errors = readCsv((await t.request('GET', `/api/v1/imports/${up.import.id}/errors.csv`, t.admin)).body);
    expect(errors.map((e) => [e['Account ID'], e['Error']])).toEqual([['001B', expect.stringContaining('size')]]);
    const acme = (await t.request('GET', '/api/v1/companies?filter[name]=Acme Corp', t.admin)).json().data[0];
    expect(acme).toMatchObject({ domain: 'acme.example', size: 1200, sourceIdentifiers: [{ system: 'salesforce', externalId: '001A' }] });
    expect(acme.addresses[0]).toMatchObject({ city: 'Boston', country: 'US' });

    const renamed = await upload(t, accounts.replace('Manufacturing', 'Robotics'), 'resource=companies&source=salesforce');
    expect((await runImportJob(h, t, renamed.import.id, 'run')).result).toMatchObject({ created: 0, updated: 1, unchanged: 1, failed: 1 });
    expect((await t.request('GET', `/api/v1/companies/${acme.id}`, t.admin)).json().industry).toBe('Robotics');
    expect((await runImportJob(h, t, renamed.import.id, 'undo')).result).toMatchObject({ restored: 1 });
    expect((await t.request('GET', `/api/v1/companies/${acme.id}`, t.admin)).json().industry).toBe('Manufacturing');

    const first = await exportCsv(t, 'sort=name', t.admin, 'companies');
    const other = await h.tenant();
    const up2 = await upload(other, first, 'resource=companies&source=salesforce&fileName=companies.csv');
    await other.request('PUT', `/api/v1/imports/${up2.import.id}/mapping`, other.admin, { mapping: { 'Owner ID': 'ignore', 'Team ID': 'ignore' } });
    expect((await runImportJob(h, other, up2.import.id, 'run')).result).toMatchObject({ created: 2, failed: 0 });
    const second = await exportCsv(other, 'sort=name', other.admin, 'companies');
    const strip = (rows: Array<Record<string, string>>) => rows.map(({ 'Rapport ID': _i, 'Owner ID': _o, 'Team ID': _t, 'Created At': _c, 'Updated At': _u, ...rest }) => rest);
    expect(strip(readCsv(second))).toEqual(strip(readCsv(first)));
  });
});
