import { expect, it } from 'vitest';
import { forEachDatabase, type TestTenant } from '../../test/harness.ts';

async function contact(t: TestTenant, token: string, givenName: string) {
  const res = await t.request('POST', '/api/v1/contacts', token, { givenName, familyName: 'Shared' });
  expect(res.statusCode).toBe(201);
  return res.json().id as string;
}

const listed = async (t: TestTenant, token: string) =>
  ((await t.request('GET', '/api/v1/contacts', token)).json().data as Array<{ id: string }>).map((c) => c.id);

forEachDatabase('record shares API', (h) => {
  it('grants read, then write, then withdraws access to one contact', async () => {
    const t = await h.tenant();
    const teamA = await t.team('A');
    const teamB = await t.team('B');
    const owner = await t.user('rep', { teamIds: [teamA] });
    const other = await t.user('rep', { teamIds: [teamB] });
    const id = await contact(t, owner.token, 'Ada');

    expect((await t.request('GET', `/api/v1/contacts/${id}`, other.token)).statusCode).toBe(404);
    expect(await listed(t, other.token)).toEqual([]);

    const created = await t.request('POST', '/api/v1/shares', owner.token, { entity: 'contact', recordId: id, userId: other.id, access: 'read' });
    expect(created.statusCode).toBe(201);
    const share = created.json();
    expect(share).toMatchObject({ entity: 'contact', recordId: id, userId: other.id, teamId: null, access: 'read' });

    expect((await t.request('GET', `/api/v1/contacts/${id}`, other.token)).statusCode).toBe(200);
    expect(await listed(t, other.token)).toEqual([id]);
    const readOnly = await t.request('PATCH', `/api/v1/contacts/${id}`, other.token, { jobTitle: 'Countess' });
    expect(readOnly.statusCode).toBe(403);

    const listedShares = await t.request('GET', `/api/v1/shares?entity=contact&recordId=${id}`, other.token);
    expect(listedShares.json().data).toEqual([share]);
    expect((await t.request('GET', `/api/v1/shares/${share.id}`, other.token)).json()).toEqual(share);

    const upgraded = await t.request('PATCH', `/api/v1/shares/${share.id}`, owner.token, { access: 'write' });
    expect(upgraded.json().access).toBe('write');
    const edited = await t.request('PATCH', `/api/v1/contacts/${id}`, other.token, { jobTitle: 'Countess' });
    expect(edited.statusCode).toBe(200);
    // Writing is not owning: a rep may delete only its own contacts, and may not share onwards.
    expect((await t.request('DELETE', `/api/v1/contacts/${id}`, other.token)).statusCode).toBe(403);
    const third = await t.user('rep');
    expect((await t.request('POST', '/api/v1/shares', other.token, { entity: 'contact', recordId: id, userId: third.id })).statusCode).toBe(403);

    expect((await t.request('DELETE', `/api/v1/shares/${share.id}`, owner.token)).statusCode).toBe(204);
    expect((await t.request('GET', `/api/v1/contacts/${id}`, other.token)).statusCode).toBe(404);
    expect(await listed(t, other.token)).toEqual([]);
    expect((await t.request('GET', `/api/v1/shares/${share.id}`, owner.token)).statusCode).toBe(404);

    const audit = (await t.request('GET', `/api/v1/audit?entityId=${id}`, t.admin)).json().data as Array<{ action: string; entity: string; changes: Record<string, { before?: unknown; after?: unknown }> }>;
    const permissions = audit.filter((e) => e.action.startsWith('permission.'));
    expect(permissions.map((e) => e.action)).toEqual(['permission.unshared', 'permission.shared', 'permission.shared']);
    expect(permissions[2]!.changes['share']).toEqual({ before: null, after: { id: share.id, userId: other.id, teamId: null, access: 'read' } });
    expect(permissions[1]!.changes['share']).toMatchObject({ before: { access: 'read' }, after: { access: 'write' } });
    expect(permissions[0]!.entity).toBe('contact');
  });

  it('drops a record\'s shares when the record is deleted', async () => {
    const t = await h.tenant();
    const owner = await t.user('rep');
    const other = await t.user('rep');
    const id = await contact(t, owner.token, 'Gone');
    const share = (await t.request('POST', '/api/v1/shares', owner.token, { entity: 'contact', recordId: id, userId: other.id, access: 'write' })).json();
    expect((await t.request('DELETE', `/api/v1/contacts/${id}`, owner.token)).statusCode).toBe(204);
    expect((await t.request('GET', `/api/v1/shares/${share.id}`, t.admin)).statusCode).toBe(404);
  });

  it('shares with a whole team', async () => {
    const t = await h.tenant();
    const teamA = await t.team('A');
    const teamB = await t.team('B');
    const owner = await t.user('rep', { teamIds: [teamA] });
    const member = await t.user('read_only', { teamIds: [teamB] });
    const outsider = await t.user('rep');
    const id = await contact(t, owner.token, 'Team');

    const res = await t.request('POST', '/api/v1/shares', owner.token, { entity: 'contact', recordId: id, teamId: teamB });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ teamId: teamB, userId: null, access: 'read' });
    expect((await t.request('GET', `/api/v1/contacts/${id}`, member.token)).statusCode).toBe(200);
    expect(await listed(t, member.token)).toEqual([id]);
    expect((await t.request('GET', `/api/v1/contacts/${id}`, outsider.token)).statusCode).toBe(404);
    const dup = await t.request('POST', '/api/v1/shares', owner.token, { entity: 'contact', recordId: id, teamId: teamB, access: 'write' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors[0].field).toBe('teamId');
  });

  it('shares other kinds of record: a household', async () => {
    const t = await h.tenant();
    const owner = await t.user('rep');
    const other = await t.user('rep');
    const hh = (await t.request('POST', '/api/v1/households', owner.token, { name: 'Private house' })).json();
    expect((await t.request('GET', `/api/v1/households/${hh.id}`, other.token)).statusCode).toBe(404);
    await t.request('POST', '/api/v1/shares', owner.token, { entity: 'household', recordId: hh.id, userId: other.id, access: 'write' });
    expect((await t.request('PATCH', `/api/v1/households/${hh.id}`, other.token, { name: 'Renamed by a friend' })).json().name).toBe('Renamed by a friend');
    expect((await t.request('GET', '/api/v1/households', other.token)).json().data.map((x: { id: string }) => x.id)).toEqual([hh.id]);
  });

  it('lets only admins, the owner and managers of the record\'s team share it', async () => {
    const t = await h.tenant();
    const teamA = await t.team('A');
    const teamB = await t.team('B');
    const owner = await t.user('rep', { teamIds: [teamA] });
    const teammate = await t.user('rep', { teamIds: [teamA] });
    const managerA = await t.user('manager', { teamIds: [teamA] });
    const managerB = await t.user('manager', { teamIds: [teamB] });
    const reader = await t.user('read_only', { teamIds: [teamA] });
    const target = await t.user('rep', { teamIds: [teamB] });
    const id = await contact(t, owner.token, 'Guarded');
    const body = (userId: string) => ({ entity: 'contact', recordId: id, userId });

    expect((await t.request('POST', '/api/v1/shares', teammate.token, body(target.id))).statusCode).toBe(403);
    expect((await t.request('POST', '/api/v1/shares', reader.token, body(target.id))).statusCode).toBe(403);
    expect((await t.request('POST', '/api/v1/shares', managerB.token, body(target.id))).statusCode).toBe(404);
    const byManager = await t.request('POST', '/api/v1/shares', managerA.token, body(target.id));
    expect(byManager.statusCode).toBe(201);
    expect((await t.request('DELETE', `/api/v1/shares/${byManager.json().id}`, teammate.token)).statusCode).toBe(403);
    expect((await t.request('PATCH', `/api/v1/shares/${byManager.json().id}`, managerB.token, { access: 'write' })).statusCode).toBe(404);
    expect((await t.request('POST', '/api/v1/shares', t.admin, body(reader.id))).statusCode).toBe(201);

    const both = await t.request('POST', '/api/v1/shares', t.admin, { entity: 'contact', recordId: id, userId: target.id, teamId: teamB });
    expect(both.statusCode).toBe(422);
    expect(both.json().errors[0].field).toBe('userId');
    expect((await t.request('POST', '/api/v1/shares', t.admin, { entity: 'contact', recordId: id })).statusCode).toBe(422);
    const ghost = await t.request('POST', '/api/v1/shares', t.admin, body('01890000-0000-7000-8000-000000000000'));
    expect(ghost.statusCode).toBe(422);
    expect(ghost.json().errors[0].field).toBe('userId');
    const dup = await t.request('POST', '/api/v1/shares', t.admin, body(target.id));
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors[0].field).toBe('userId');
    const missing = await t.request('POST', '/api/v1/shares', t.admin, { entity: 'contact', recordId: '01890000-0000-7000-8000-000000000000', userId: target.id });
    expect(missing.statusCode).toBe(404);
  });

  it('answers 404 for another tenant\'s share or record', async () => {
    const t1 = await h.tenant();
    const t2 = await h.tenant();
    const rep1 = await t1.user('rep');
    const rep2 = await t2.user('rep');
    const id = await contact(t1, t1.admin, 'T1');
    const share = (await t1.request('POST', '/api/v1/shares', t1.admin, { entity: 'contact', recordId: id, userId: rep1.id })).json();
    expect((await t2.request('GET', `/api/v1/shares/${share.id}`, t2.admin)).statusCode).toBe(404);
    expect((await t2.request('PATCH', `/api/v1/shares/${share.id}`, t2.admin, { access: 'write' })).statusCode).toBe(404);
    expect((await t2.request('DELETE', `/api/v1/shares/${share.id}`, t2.admin)).statusCode).toBe(404);
    expect((await t2.request('GET', `/api/v1/shares?entity=contact&recordId=${id}`, t2.admin)).statusCode).toBe(404);
    expect((await t2.request('POST', '/api/v1/shares', t2.admin, { entity: 'contact', recordId: id, userId: rep2.id })).statusCode).toBe(404);
    // A user of another tenant cannot be the grantee either.
    const own = await contact(t2, t2.admin, 'T2');
    const foreignUser = await t2.request('POST', '/api/v1/shares', t2.admin, { entity: 'contact', recordId: own, userId: rep1.id });
    expect(foreignUser.statusCode).toBe(422);
    expect((await t1.request('GET', `/api/v1/shares/${share.id}`, t1.admin)).json().access).toBe('read');
  });
});
