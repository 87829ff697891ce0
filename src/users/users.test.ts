import { expect, it } from 'vitest';
import { forEachDatabase } from '../../test/harness.ts';

forEachDatabase('users and teams API', (h) => {
  it('lets an admin invite users, form teams and change roles, each audited as a permission change', async () => {
    const t = await h.tenant();
    const team = await t.request('POST', '/api/v1/teams', t.admin, { name: 'Private Clients' });
    expect(team.statusCode).toBe(201);
    const created = await t.request('POST', '/api/v1/users', t.admin, { email: `new@${t.slug}.test`, name: 'New Rep', role: 'rep', password: 'long enough password', teamIds: [team.json().id] });
    expect(created.statusCode).toBe(201);
    const user = created.json();
    expect(user).toMatchObject({ role: 'rep', active: true });
    expect((await t.request('GET', `/api/v1/users/${user.id}`, t.admin)).json().teamIds).toEqual([team.json().id]);

    const promoted = await t.request('PATCH', `/api/v1/users/${user.id}`, t.admin, { role: 'manager' });
    expect(promoted.json().role).toBe('manager');
    const audit = (await t.request('GET', `/api/v1/audit?entityId=${user.id}`, t.admin)).json().data;
    expect(audit[0]).toMatchObject({ action: 'permission.changed', changes: { role: { before: 'rep', after: 'manager' } } });
    expect(JSON.stringify(audit)).not.toContain('long enough password');
  });

  it('keeps role changes and invitations to admins, and names bad fields', async () => {
    const t = await h.tenant();
    const manager = await t.user('manager');
    const rep = await t.user('rep');
    expect((await t.request('POST', '/api/v1/users', manager.token, { email: `x@${t.slug}.test`, name: 'X', role: 'rep' })).statusCode).toBe(403);
    expect((await t.request('PATCH', `/api/v1/users/${rep.id}`, rep.token, { role: 'admin' })).statusCode).toBe(403);
    expect((await t.request('PATCH', `/api/v1/users/${rep.id}`, rep.token, { name: 'Renamed Me' })).json().name).toBe('Renamed Me');
    const dup = await t.request('POST', '/api/v1/users', t.admin, { email: rep.email, name: 'Again', role: 'rep' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors[0].field).toBe('email');
    const badRole = await t.request('POST', '/api/v1/users', t.admin, { email: `y@${t.slug}.test`, name: 'Y', role: 'overlord' });
    expect(badRole.statusCode).toBe(422);
    expect(badRole.json().errors[0].field).toBe('role');
  });

  it('keeps a reporting line (managerId) that exists in the tenant and never loops, audited', async () => {
    const t = await h.tenant();
    const manager = await t.user('manager');
    const rep = await t.user('rep');
    const set = await t.request('PATCH', `/api/v1/users/${rep.id}`, t.admin, { managerId: manager.id });
    expect(set.statusCode).toBe(200);
    expect(set.json().managerId).toBe(manager.id);
    const audit = (await t.request('GET', `/api/v1/audit?entityId=${rep.id}`, t.admin)).json().data;
    expect(audit[0]).toMatchObject({ action: 'permission.changed', changes: { managerId: { before: null, after: manager.id } } });

    const loop = await t.request('PATCH', `/api/v1/users/${manager.id}`, t.admin, { managerId: rep.id });
    expect(loop.statusCode).toBe(422);
    expect(loop.json().errors[0].field).toBe('managerId');
    expect((await t.request('PATCH', `/api/v1/users/${rep.id}`, t.admin, { managerId: rep.id })).statusCode).toBe(422);
    const other = await h.tenant();
    const stranger = await other.user('manager');
    const foreign = await t.request('POST', '/api/v1/users', t.admin, { email: `z@${t.slug}.test`, name: 'Z', role: 'rep', managerId: stranger.id });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().errors[0].field).toBe('managerId');
    // Only admins change reporting lines: it is a permission change.
    expect((await t.request('PATCH', `/api/v1/users/${rep.id}`, rep.token, { managerId: null })).statusCode).toBe(403);
    expect((await t.request('PATCH', `/api/v1/users/${rep.id}`, t.admin, { managerId: null })).json().managerId).toBeNull();
  });

  it('answers 404 for another tenant\'s user', async () => {
    const a = await h.tenant();
    const b = await h.tenant();
    const rep = await a.user('rep');
    expect((await b.request('GET', `/api/v1/users/${rep.id}`, b.admin)).statusCode).toBe(404);
    expect((await b.request('PATCH', `/api/v1/users/${rep.id}`, b.admin, { role: 'admin' })).statusCode).toBe(404);
    expect((await b.request('GET', '/api/v1/users', b.admin)).json().data.map((u: { id: string }) => u.id)).not.toContain(rep.id);
  });
});
