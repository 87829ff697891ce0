import { expect, it } from 'vitest';
import { forEachDatabase, type TestTenant } from '../../test/harness.ts';

async function contact(t: TestTenant, token: string, givenName: string, familyName = 'Lovelace') {
  const res = await t.request('POST', '/api/v1/contacts', token, { givenName, familyName });
  expect(res.statusCode).toBe(201);
  return res.json().id as string;
}

forEachDatabase('households API', (h) => {
  it('creates, reads, changes and deletes a household with members', async () => {
    const t = await h.tenant();
    const ada = await contact(t, t.admin, 'Ada');
    const william = await contact(t, t.admin, 'William');
    const byron = await contact(t, t.admin, 'Byron');

    const created = await t.request('POST', '/api/v1/households', t.admin, {
      name: ' Lovelace household ', members: [{ contactId: william, role: 'spouse' }, { contactId: ada, role: 'head' }],
    });
    expect(created.statusCode).toBe(201);
    const hh = created.json();
    expect(hh).toMatchObject({ name: 'Lovelace household', ownerId: t.adminId, version: 1 });
    expect(hh.members).toEqual([
      { contactId: ada, displayName: 'Ada Lovelace', role: 'head' },
      { contactId: william, displayName: 'William Lovelace', role: 'spouse' },
    ]);
    expect(created.headers['etag']).toBe('W/"1"');

    const got = await t.request('GET', `/api/v1/households/${hh.id}`, t.admin);
    expect(got.json()).toEqual(hh);

    const renamed = await t.request('PATCH', `/api/v1/households/${hh.id}`, t.admin, { name: 'The Lovelaces' }, { 'if-match': 'W/"1"' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'The Lovelaces', version: 2 });
    expect((await t.request('PATCH', `/api/v1/households/${hh.id}`, t.admin, { name: 'Stale' }, { 'if-match': 'W/"1"' })).statusCode).toBe(412);

    const added = await t.request('POST', `/api/v1/households/${hh.id}/members`, t.admin, { contactId: byron, role: 'dependent' });
    expect(added.statusCode).toBe(200);
    expect(added.json().version).toBe(3);
    expect(added.json().members.map((m: { role: string }) => m.role)).toEqual(['head', 'spouse', 'dependent']);
    const again = await t.request('POST', `/api/v1/households/${hh.id}/members`, t.admin, { contactId: byron });
    expect(again.statusCode).toBe(409);
    expect(again.json().errors[0].field).toBe('contactId');
    const secondHead = await t.request('POST', `/api/v1/households/${hh.id}/members`, t.admin, { contactId: await contact(t, t.admin, 'Eve'), role: 'head' });
    expect(secondHead.statusCode).toBe(422);
    expect(secondHead.json().errors[0].field).toBe('role');

    const removed = await t.request('DELETE', `/api/v1/households/${hh.id}/members/${william}`, t.admin);
    expect(removed.statusCode).toBe(200);
    expect(removed.json().members.map((m: { contactId: string }) => m.contactId)).toEqual([ada, byron]);
    expect((await t.request('DELETE', `/api/v1/households/${hh.id}/members/${william}`, t.admin)).statusCode).toBe(404);

    const ofAda = await t.request('GET', `/api/v1/contacts/${ada}/households`, t.admin);
    expect(ofAda.statusCode).toBe(200);
    expect(ofAda.json().data.map((x: { id: string }) => x.id)).toEqual([hh.id]);
    expect((await t.request('GET', `/api/v1/contacts/${william}/households`, t.admin)).json().data).toEqual([]);

    const history = (await t.request('GET', `/api/v1/households/${hh.id}/history`, t.admin)).json();
    expect(history.data.map((e: { action: string }) => e.action)).toEqual(['household.member_removed', 'household.member_added', 'household.updated', 'household.created']);
    expect(history.data[0].changes.members.before).toHaveLength(3);

    expect((await t.request('DELETE', `/api/v1/households/${hh.id}`, t.admin)).statusCode).toBe(204);
    expect((await t.request('GET', `/api/v1/households/${hh.id}`, t.admin)).statusCode).toBe(404);
    expect((await t.request('GET', `/api/v1/contacts/${ada}`, t.admin)).statusCode).toBe(200);
  });

  it('replaces members on PATCH and names each bad member field', async () => {
    const t = await h.tenant();
    const a = await contact(t, t.admin, 'A');
    const b = await contact(t, t.admin, 'B');
    const hh = (await t.request('POST', '/api/v1/households', t.admin, { name: 'H', members: [{ contactId: a }] })).json();
    expect(hh.members).toEqual([{ contactId: a, displayName: 'A Lovelace', role: 'member' }]);

    const replaced = await t.request('PATCH', `/api/v1/households/${hh.id}`, t.admin, { members: [{ contactId: b, role: 'head' }] });
    expect(replaced.json().members).toEqual([{ contactId: b, displayName: 'B Lovelace', role: 'head' }]);

    const bad = await t.request('POST', '/api/v1/households', t.admin, {
      name: 'Bad', ownerId: '01890000-0000-7000-8000-000000000000',
      members: [{ contactId: a, role: 'head' }, { contactId: '01890000-0000-7000-8000-000000000001' }, { contactId: a }, { contactId: b, role: 'head' }],
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['ownerId', 'members.1.contactId', 'members.2.contactId', 'members.3.role']);
    const badRole = await t.request('POST', '/api/v1/households', t.admin, { name: 'X', members: [{ contactId: a, role: 'cousin' }] });
    expect(badRole.statusCode).toBe(422);
    expect(badRole.json().errors[0].field).toBe('members.0.role');
  });

  it('lists visible households, filters by member and pages by cursor', async () => {
    const t = await h.tenant();
    const a = await contact(t, t.admin, 'A');
    for (const name of ['Delta', 'Alpha', 'Charlie', 'Bravo']) {
      await t.request('POST', '/api/v1/households', t.admin, { name, members: name === 'Charlie' ? [{ contactId: a }] : [] });
    }
    const first = (await t.request('GET', '/api/v1/households?limit=3', t.admin)).json();
    expect(first.data.map((x: { name: string }) => x.name)).toEqual(['Alpha', 'Bravo', 'Charlie']);
    const second = (await t.request('GET', `/api/v1/households?limit=3&cursor=${first.nextCursor}`, t.admin)).json();
    expect(second.data.map((x: { name: string }) => x.name)).toEqual(['Delta']);
    expect(second.nextCursor).toBeNull();
    const withA = (await t.request('GET', `/api/v1/households?filter[contactId]=${a}`, t.admin)).json();
    expect(withA.data.map((x: { name: string }) => x.name)).toEqual(['Charlie']);
  });

  it('keeps other reps\' households and contacts out of reach', async () => {
    const t = await h.tenant();
    const teamA = await t.team('A');
    const rep1 = await t.user('rep', { teamIds: [teamA] });
    const rep2 = await t.user('rep');
    const mine = await contact(t, rep1.token, 'Private');
    const hh = (await t.request('POST', '/api/v1/households', rep1.token, { name: 'Rep1 house', members: [{ contactId: mine }] })).json();
    expect(hh.teamId).toBe(teamA);

    expect((await t.request('GET', `/api/v1/households/${hh.id}`, rep2.token)).statusCode).toBe(404);
    expect((await t.request('PATCH', `/api/v1/households/${hh.id}`, rep2.token, { name: 'Mine now' })).statusCode).toBe(404);
    expect((await t.request('GET', '/api/v1/households', rep2.token)).json().data).toEqual([]);
    // A contact rep2 cannot see may not be put in rep2's household: it would reveal the contact.
    const sneaky = await t.request('POST', '/api/v1/households', rep2.token, { name: 'Sneaky', members: [{ contactId: mine }] });
    expect(sneaky.statusCode).toBe(422);
    expect(sneaky.json().errors[0].field).toBe('members.0.contactId');
    expect((await t.request('GET', `/api/v1/contacts/${mine}/households`, rep2.token)).statusCode).toBe(404);

    const service = await t.user('service');
    expect((await t.request('POST', '/api/v1/households', service.token, { name: 'No' })).statusCode).toBe(403);
  });

  it('answers 404 for another tenant\'s household', async () => {
    const t1 = await h.tenant();
    const t2 = await h.tenant();
    const c1 = await contact(t1, t1.admin, 'One');
    const c2 = await contact(t2, t2.admin, 'Two');
    const hh = (await t1.request('POST', '/api/v1/households', t1.admin, { name: 'T1', members: [{ contactId: c1 }] })).json();
    expect((await t2.request('GET', `/api/v1/households/${hh.id}`, t2.admin)).statusCode).toBe(404);
    expect((await t2.request('PATCH', `/api/v1/households/${hh.id}`, t2.admin, { name: 'x' })).statusCode).toBe(404);
    expect((await t2.request('DELETE', `/api/v1/households/${hh.id}`, t2.admin)).statusCode).toBe(404);
    expect((await t2.request('POST', `/api/v1/households/${hh.id}/members`, t2.admin, { contactId: c2 })).statusCode).toBe(404);
    expect((await t2.request('DELETE', `/api/v1/households/${hh.id}/members/${c1}`, t2.admin)).statusCode).toBe(404);
    expect((await t2.request('GET', `/api/v1/contacts/${c1}/households`, t2.admin)).statusCode).toBe(404);
    const foreign = await t2.request('POST', '/api/v1/households', t2.admin, { name: 'T2', members: [{ contactId: c1 }] });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().errors[0].field).toBe('members.0.contactId');
    expect((await t1.request('GET', `/api/v1/households/${hh.id}`, t1.admin)).json().name).toBe('T1');
  });
});
