import { describe, expect, it } from 'vitest';
import { forEachDatabase, type Harness, type TestTenant } from '../../test/harness.ts';
import { createWorker } from '../platform/jobs/worker.ts';
import { importJobs } from './jobs.ts';
import { mapInteractionRow, parseInstant, suggestInteractionMapping } from './interaction-mapping.ts';
import { getImport, readCsv, runImportJob, upload } from './test-helpers.ts';

describe('interaction mapping', () => {
  it('recognises HubSpot activity and Salesforce Task/Event export headers', () => {
    expect(suggestInteractionMapping(['Record ID', 'Activity date', 'Call title', 'Call notes', 'Call outcome', 'Call direction', 'Call duration (HH:mm:ss)',
      'Associated contact email', 'Associated Contact IDs', 'Associated Company', 'Activity assigned to', 'Campaign'])).toEqual({
      'Record ID': 'externalId', 'Activity date': 'occurredAt', 'Call title': 'subject', 'Call notes': 'notes', 'Call outcome': 'outcome',
      'Call direction': 'direction', 'Call duration (HH:mm:ss)': 'duration', 'Associated contact email': 'contactEmail',
      'Associated Contact IDs': 'contactExternalId', 'Associated Company': 'companyName', 'Activity assigned to': 'owner', Campaign: 'campaign',
    });
    expect(suggestInteractionMapping(['Id', 'WhoId', 'WhatId', 'AccountId', 'Subject', 'ActivityDate', 'Status', 'OwnerId', 'Description', 'Type', 'TaskSubtype',
      'CallDurationInSeconds', 'CallType', 'CallDisposition'])).toEqual({
      Id: 'externalId', WhoId: 'contactExternalId', WhatId: 'ignore', AccountId: 'companyExternalId', Subject: 'subject', ActivityDate: 'occurredAt',
      Status: 'ignore', OwnerId: 'ignore', Description: 'notes', Type: 'kind', TaskSubtype: 'ignore', CallDurationInSeconds: 'durationSeconds',
      CallType: 'direction', CallDisposition: 'outcome',
    });
    // A saved mapping's columns and its time zone carry over to the next file from the source.
    expect(suggestInteractionMapping(['Date', 'Who'], { Who: 'contactEmail', '@timeZone': 'Europe/Paris' })).toEqual({ Date: 'occurredAt', Who: 'contactEmail', '@timeZone': 'Europe/Paris' });
  });

  it('parses dates strictly and in their time zone', () => {
    expect(parseInstant('2024-07-05 10:00', 'Europe/London')).toEqual({ iso: '2024-07-05T09:00:00.000Z' });
    expect(parseInstant('2024-01-05T10:00:00', 'America/New_York')).toEqual({ iso: '2024-01-05T15:00:00.000Z' });
    expect(parseInstant('2024-03-01', 'Asia/Tokyo')).toEqual({ iso: '2024-02-29T15:00:00.000Z' });
    expect(parseInstant('2024-03-01T14:30:00.250+05:30', undefined)).toEqual({ iso: '2024-03-01T09:00:00.250Z' });
    expect(parseInstant('2024-03-01 14:30Z', undefined)).toEqual({ iso: '2024-03-01T14:30:00.000Z' });
    // The hour repeated when clocks go back is its first occurrence; the skipped one does not exist.
    expect(parseInstant('2024-10-27 01:30', 'Europe/London')).toEqual({ iso: '2024-10-27T00:30:00.000Z' });
    expect(parseInstant('2024-03-31 01:30', 'Europe/London')).toMatchObject({ error: expect.stringContaining('does not exist in Europe/London') });
    for (const bad of ['03/01/2024', '2024-02-30', '2024-03-01 24:00', '1 March 2024', '2024-3-1']) {
      expect(parseInstant(bad, 'UTC'), bad).toHaveProperty('error');
    }
    expect(parseInstant('2024-03-01 14:30', undefined)).toMatchObject({ error: expect.stringContaining('no offset and no time zone') });
  });

  it('maps a row and names the column of each problem', () => {
    const mapping = { When: 'occurredAt', Kind: 'kind', Who: 'contactEmail', Amount: 'metrics.assets_pledged', Cur: 'currency', Secs: 'durationSeconds' };
    const ok = mapInteractionRow({ When: '2024-03-01T10:00:00Z', Kind: 'INCOMING_EMAIL', Who: 'Ada Lovelace (ADA@example.com); bob@example.com, Cy <cy@example.com>', Amount: '1,250.50', Cur: 'eur', Secs: '95' }, mapping, 'hubspot');
    expect(ok.input).toMatchObject({
      fields: { kind: 'email', direction: 'inbound', occurredAt: '2024-03-01T10:00:00.000Z', durationMinutes: 2, metrics: [{ kind: 'assets_pledged', amount: 1250.5, currency: 'EUR' }] },
      contacts: [{ column: 'Who', value: 'ada@example.com', by: 'email' }, { column: 'Who', value: 'bob@example.com', by: 'email' }, { column: 'Who', value: 'cy@example.com', by: 'email' }],
      problems: [],
    });
    const bad = mapInteractionRow({ When: 'yesterday', Kind: 'Carrier pigeon', Who: 'Ada', Amount: 'lots', Cur: '', Secs: '' }, mapping, 'hubspot');
    expect((bad.input as { problems: string[] }).problems).toEqual([
      expect.stringMatching(/^Kind: "Carrier pigeon" is not a kind/),
      expect.stringMatching(/^When: "yesterday" is not an ISO 8601 date/),
      expect.stringMatching(/^Amount: "lots" is not an amount/),
      'Who: "Ada" has no email address',
    ]);
    // Without a kind column, the activity columns' headers say what the file holds; a contact's "Email" column does not.
    const kindOf = (headers: Record<string, string>) => (mapInteractionRow(Object.fromEntries(Object.entries(headers).map(([h, t]) => [h, t === 'occurredAt' ? '2024-03-01T10:00:00Z' : 'a@example.com'])), headers, 's').input as { fields: { kind?: string }; problems: string[] });
    expect(kindOf({ 'Meeting start time': 'occurredAt', Who: 'contactEmail' }).fields.kind).toBe('in_person');
    expect(kindOf({ 'Date': 'occurredAt', Who: 'contactEmail', Email: 'ignore' }).problems).toEqual([expect.stringMatching(/^kind: no value/)]);
    expect(kindOf({ 'Date': 'occurredAt', Email: 'contactEmail' }).problems).toEqual([expect.stringMatching(/^kind: no value/)]);
  });
});

async function post(t: TestTenant, url: string, body: unknown) {
  const res = await t.request('POST', url, t.admin, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const interactions = async (t: TestTenant, query = '') =>
  (await t.request('GET', `/api/v1/interactions?sort=occurredAt&limit=100${query}`, t.admin)).json().data as Array<Record<string, any>>;

/** Two HubSpot contacts (ids 101 and 102), one more known only by a second email, a rep and a campaign. */
async function world(h: Harness, t: TestTenant) {
  const people = await upload(t, 'Record ID,First Name,Last Name,Email\n101,Ada,Lovelace,ada@example.com\n102,Grace,Hopper,grace@example.com\n', 'source=hubspot&fileName=contacts.csv');
  await runImportJob(h, t, people.import.id, 'run');
  const carol = await post(t, '/api/v1/contacts', { givenName: 'Carol', emails: [{ address: 'carol@home.example', primary: true }, { address: 'carol@work.example' }] });
  const contacts = (await t.request('GET', '/api/v1/contacts?sort=displayName', t.admin)).json().data as Array<{ id: string; displayName: string }>;
  const ada = contacts.find((c) => c.displayName === 'Ada Lovelace')!;
  const grace = contacts.find((c) => c.displayName === 'Grace Hopper')!;
  const rep = await t.user('rep');
  const campaign = await post(t, '/api/v1/campaigns', { name: 'Spring Webinar', type: 'event' });
  return { ada, grace, carol, rep, campaign };
}

forEachDatabase('interaction imports', (h) => {
  it('dry-runs, imports HubSpot calls, reports bad rows, re-imports idempotently and undoes', async () => {
    const t = await h.tenant();
    const { ada, grace, carol, rep, campaign } = await world(h, t);
    const calls = [
      'Record ID,Activity date,Call title,Call notes,Call outcome,Call direction,Call duration (HH:mm:ss),Associated contact email,Associated Contact IDs,Activity assigned to,Campaign,Assets pledged',
      `c1,2024-03-01 14:30,Intro call,Talked pensions,Connected,Outbound,00:12:30,Ada Lovelace (ada@example.com),,Rep (${rep.email}),Spring Webinar,"250,000"`,
      'c2,2024-03-02T09:00:00Z,Follow-up,,Left voicemail,Inbound,,,102,,,',
      'c3,2024-03-03 10:00,Ghost call,,,,,nobody@example.com,,,,',
      'c4,03/04/2024,Bad date,,,,,ada@example.com,,,,',
      'c5,2024-03-31 01:30,Lost hour,,,,,ada@example.com,,,,',
      'c6,2024-07-05 10:00,Work email,,,,,carol@work.example,,,,',
      'c7,2024-07-06 10:00,Unknown id,,,,,,999,,,',
    ].join('\n');
    const up = await upload(t, calls, 'resource=interactions&source=hubspot&fileName=calls.csv');
    expect(up.import.mapping).toMatchObject({ 'Activity date': 'occurredAt', 'Associated contact email': 'contactEmail', 'Associated Contact IDs': 'contactExternalId', 'Assets pledged': 'ignore' });
    // Metrics have no standard header: the user maps the column, sets the source's time zone, and saves both.
    const mapped = await t.request('PUT', `/api/v1/imports/${up.import.id}/mapping`, t.admin, { mapping: { 'Assets pledged': 'metrics.assets_pledged', '@timeZone': 'Europe/London' }, save: true });
    expect(mapped.statusCode, mapped.body).toBe(200);
    const badZone = await t.request('PUT', `/api/v1/imports/${up.import.id}/mapping`, t.admin, { mapping: { '@timeZone': 'Mars/Olympus' } });
    expect(badZone.statusCode).toBe(422);
    expect(badZone.json().errors[0].field).toBe('mapping.@timeZone');

    const dry = await runImportJob(h, t, up.import.id, 'dry-run');
    expect(dry.result).toMatchObject({ rows: 7, created: 3, failed: 4 });
    expect(await interactions(t)).toHaveLength(0); // a dry run writes nothing
    const preview = (await getImport(t, up.import.id)).dryRun.preview;
    expect(preview.map((i: { subject: string }) => i.subject)).toEqual(['Intro call', 'Follow-up', 'Work email']);
    const dryErrors = readCsv((await t.request('GET', `/api/v1/imports/${up.import.id}/errors.csv?phase=dry`, t.admin)).body);
    expect(dryErrors.map((e) => e['Record ID'])).toEqual(['c3', 'c4', 'c5', 'c7']);

    const run = await runImportJob(h, t, up.import.id, 'run');
    expect(run.result).toMatchObject({ rows: 7, created: 3, updated: 0, failed: 4 });
    const errors = readCsv((await t.request('GET', `/api/v1/imports/${up.import.id}/errors.csv`, t.admin)).body);
    expect(errors.map((e) => [e['Row'], e['Record ID'], e['Error']])).toEqual([
      ['4', 'c3', 'Associated contact email: no contact with email "nobody@example.com"'],
      ['5', 'c4', expect.stringMatching(/^Activity date: "03\/04\/2024" is not an ISO 8601 date/)],
      ['6', 'c5', 'Activity date: "2024-03-31 01:30" does not exist in Europe/London (the clocks skip it)'],
      ['8', 'c7', 'Associated Contact IDs: no contact with hubspot id "999"'],
    ]);

    const [c1, c2, c6] = await interactions(t);
    expect(c1).toMatchObject({
      kind: 'phone_call', direction: 'outbound', occurredAt: '2024-03-01T14:30:00.000Z', durationMinutes: 13, subject: 'Intro call', notes: 'Talked pensions',
      outcome: { code: 'connected', text: null }, participants: [{ contactId: ada.id, userId: null, role: null }], ownerId: rep.id, campaignId: campaign.id,
      metrics: [{ kind: 'assets_pledged', amount: 250000, currency: null }], source: { system: 'hubspot', externalId: 'c1' },
    });
    expect(c2).toMatchObject({ direction: 'inbound', outcome: { code: 'left_voicemail' }, participants: [{ contactId: grace.id }], ownerId: t.adminId, source: { externalId: 'c2' } });
    expect(c6).toMatchObject({ occurredAt: '2024-07-05T09:00:00.000Z', participants: [{ contactId: carol.id }] }); // BST, and a contact's second address
    // Written through the interactions service: audited, with an outbox event.
    expect((await t.request('GET', `/api/v1/interactions/${c1!.id}/history`, t.admin)).json().data[0].action).toBe('interaction.logged');
    const events = await h.database.query<{ n: string }>(`select count(*)::text as n from outbox_events where entity_id = '${c1!.id}' and type = 'interaction.logged'`);
    expect(events[0]!.n).toBe('1');

    // The same file again (its saved mapping and time zone suggested): nothing new, nothing changed.
    const again = await upload(t, calls, 'resource=interactions&source=hubspot&fileName=calls.csv');
    expect(again.import.mapping).toMatchObject({ 'Assets pledged': 'metrics.assets_pledged', '@timeZone': 'Europe/London' });
    expect((await runImportJob(h, t, again.import.id, 'run')).result).toMatchObject({ created: 0, updated: 0, unchanged: 3, failed: 4 });
    const same = await interactions(t);
    expect(same.map((i) => i['version'])).toEqual([1, 1, 1]);

    // A changed file updates by source id (adding a participant, changing notes and a metric); undo restores.
    const changed = calls.replace('Talked pensions', 'Talked pensions and ISAs').replace('"250,000"', '"300,000"').replace('c2,2024-03-02T09:00:00Z,Follow-up,,Left voicemail,Inbound,,,102', 'c2,2024-03-02T09:00:00Z,Follow-up,,Left voicemail,Inbound,,ada@example.com,102');
    const third = await upload(t, changed, 'resource=interactions&source=hubspot&fileName=changed.csv');
    expect((await runImportJob(h, t, third.import.id, 'run')).result).toMatchObject({ created: 0, updated: 2, unchanged: 1, failed: 4 });
    const [u1, u2] = await interactions(t);
    expect(u1).toMatchObject({ notes: 'Talked pensions and ISAs', metrics: [{ kind: 'assets_pledged', amount: 300000 }], version: 2 });
    expect(u2!['participants'].map((p: { contactId: string }) => p.contactId).sort()).toEqual([ada.id, grace.id].sort());
    expect((await runImportJob(h, t, third.import.id, 'undo')).result).toMatchObject({ restored: 2, deleted: 0, skipped: 0 });
    const [r1, r2] = await interactions(t);
    expect(r1).toMatchObject({ notes: 'Talked pensions', metrics: [{ kind: 'assets_pledged', amount: 250000 }] });
    expect(r2!['participants']).toEqual([{ contactId: grace.id, userId: null, role: null }]);

    // Undo of the first import deletes what it created.
    expect((await runImportJob(h, t, up.import.id, 'undo')).result).toMatchObject({ deleted: 3, skipped: 0 });
    expect(await interactions(t)).toHaveLength(0);
  });

  it('imports Salesforce tasks by WhoId and AccountId, and refuses what the importer may not do', async () => {
    const t = await h.tenant();
    const people = await upload(t, 'Id,FirstName,LastName,Email\n003A,Ada,Lovelace,ada@example.com\n', 'source=salesforce');
    await runImportJob(h, t, people.import.id, 'run');
    const accounts = await upload(t, 'Id,Name\n001A,Acme Corp\n', 'resource=companies&source=salesforce');
    await runImportJob(h, t, accounts.import.id, 'run');
    const acme = (await t.request('GET', '/api/v1/companies', t.admin)).json().data[0];
    const other = await t.user('rep');
    const tasks = [
      'Id,WhoId,AccountId,Subject,ActivityDate,Type,CallDurationInSeconds,CallType,CallDisposition,Owner Email',
      '00T1,003A,001A,Quarterly review,2024-03-01,Call,600,Outbound,Reached,',
      '00T2,003A,001A,Sent brochure,2024-03-02,Email,,,,',
      `00T3,003A,,Someone else's,2024-03-03,Call,,,,${other.email}`,
      '00T4,003Z,,Lead call,2024-03-04,Call,,,,',
      '00T5,003A,,Other type,2024-03-05,Other,,,,',
      '00T1,003A,001A,Twice in one file,2024-03-01,Call,600,Outbound,Reached,',
    ].join('\n');
    const rep = await t.user('rep');
    const up = await upload(t, tasks, 'resource=interactions&source=salesforce&fileName=tasks.csv', rep.token);
    expect(up.import.mapping).toMatchObject({ Id: 'externalId', WhoId: 'contactExternalId', AccountId: 'companyExternalId', 'Owner Email': 'owner' });
    await t.request('PUT', `/api/v1/imports/${up.import.id}/mapping`, rep.token, { mapping: { '@timeZone': 'America/New_York' } });
    // The rep cannot see the admin's contacts: everything fails until the contacts are theirs.
    const blind = await runImportJob(h, t, up.import.id, 'dry-run', rep.token);
    expect(blind.result).toMatchObject({ created: 0, failed: 6 });
    const asAdmin = await upload(t, tasks, 'resource=interactions&source=salesforce&fileName=tasks.csv');
    await t.request('PUT', `/api/v1/imports/${asAdmin.import.id}/mapping`, t.admin, { mapping: { '@timeZone': 'America/New_York' } });
    expect((await runImportJob(h, t, asAdmin.import.id, 'run')).result).toMatchObject({ rows: 6, created: 3, failed: 3 });
    const errors = readCsv((await t.request('GET', `/api/v1/imports/${asAdmin.import.id}/errors.csv`, t.admin)).body);
    expect(errors.map((e) => [e['Id'], e['Error']])).toEqual([
      ['00T4', 'WhoId: no contact with salesforce id "003Z"'],
      ['00T5', expect.stringMatching(/^Type: "Other" is not a kind of interaction/)],
      ['00T1', 'the same interaction as row 2'],
    ]);
    const [review, brochure, third] = await interactions(t);
    expect(review).toMatchObject({ kind: 'phone_call', direction: 'outbound', occurredAt: '2024-03-01T05:00:00.000Z', durationMinutes: 10, companyId: acme.id, outcome: { code: 'reached' } });
    expect(brochure).toMatchObject({ kind: 'email', companyId: acme.id });
    expect(third).toMatchObject({ ownerId: other.id });
  });

  it('resumes from its checkpoint after the worker dies, without duplicating interactions', async () => {
    const t = await h.tenant();
    await world(h, t);
    const lines = ['Record ID,Activity type,Activity date,Associated contact email'];
    for (let i = 1; i <= 25; i++) lines.push(`m${i},Meeting,2024-05-${String(i).padStart(2, '0')}T10:00:00+02:00,grace@example.com`);
    const up = await upload(t, lines.join('\n'), 'resource=interactions&source=hubspot&fileName=meetings.csv');
    const job = (await t.request('POST', `/api/v1/imports/${up.import.id}/run`, t.admin, { batchRows: 10 })).json() as { id: string };
    const a = createWorker(h.database, importJobs, { id: 'doomed', onProgress: (_j, p) => { if (p.done >= 10) a.kill(); } });
    await a.runOnce(job.id);
    expect((await t.request('GET', `/api/v1/jobs/${job.id}`, t.admin)).json()).toMatchObject({ status: 'running', progress: { done: 10, total: 25 } });
    expect(await interactions(t)).toHaveLength(10);

    await h.database.query(`update jobs set locked_until = now() - interval '1 second' where id = $1`, [job.id]);
    const b = createWorker(h.database, importJobs, { id: 'heir' });
    expect(await b.runOnce(job.id)).toBe(true);
    expect((await t.request('GET', `/api/v1/jobs/${job.id}`, t.admin)).json()).toMatchObject({ status: 'succeeded', attempts: 2, result: { rows: 25, created: 25, failed: 0 } });
    const all = await interactions(t);
    expect(all.map((i) => i['source'].externalId)).toEqual(Array.from({ length: 25 }, (_x, i) => `m${i + 1}`));
    expect(all.every((i) => i['kind'] === 'in_person' && i['occurredAt'].endsWith('T08:00:00.000Z'))).toBe(true);
  });
});
