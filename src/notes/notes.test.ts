import { expect, it } from 'vitest';
import { forEachDatabase } from '../../test/harness.ts';
import { breakOutbox, makeCompany, makeContact, trail, trailCounts } from '../timeline/test-fixtures.ts';

const base = '/api/v1/notes';

forEachDatabase('notes API', (h) => {
  it('creates, reads, updates and deletes a note, auditing each step', async () => {
    const t = await h.tenant();
    const team = await t.team('Desk');
    const rep = await t.user('rep', { teamIds: [team] });
    const contactId = await makeContact(t, rep.token);
    const created = await t.request('POST', base, rep.token, { body: '  Prefers calls after 5pm ', contactId });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.headers['etag']).toBe('W/"1"');
    const n = created.json();
    expect(n).toMatchObject({ body: 'Prefers calls after 5pm', contactId, companyId: null, ownerId: rep.id, teamId: team, createdBy: rep.id, version: 1 });
    expect((await t.request('GET', `${base}/${n.id}`, rep.token)).json()).toEqual(n);

    const patched = await t.request('PATCH', `${base}/${n.id}`, rep.token, { body: 'Prefers email' }, { 'if-match': 'W/"1"' });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ body: 'Prefers email', version: 2 });
    const history = (await t.request('GET', `${base}/${n.id}/history`, rep.token)).json();
    expect(history.data[0].changes).toEqual({ body: { before: 'Prefers calls after 5pm', after: 'Prefers email' } });

    expect((await t.request('DELETE', `${base}/${n.id}`, rep.token)).statusCode).toBe(204);
    expect((await t.request('GET', `${base}/${n.id}`, rep.token)).statusCode).toBe(404);
    expect(await trail(h, t, n.id)).toEqual({ audit: ['note.created', 'note.updated', 'note.deleted'], events: ['note.created', 'note.updated', 'note.deleted'] });
  });

  it('hangs a note off exactly one visible contact or company', async () => {
    const t = await h.tenant();
    const rep = await t.user('rep');
    const other = await t.user('rep');
    const mine = await makeContact(t, rep.token);
    const theirs = await makeContact(t, other.token);
    const company = await makeCompany(h, t, { ownerId: rep.id });
    const hiddenCompany = await makeCompany(h, t, { ownerId: other.id });
    const fieldsOf = async (body: Record<string, unknown>) => {
      const res = await t.request('POST', base, rep.token, body);
      expect(res.statusCode, res.body).toBe(422);
      return res.json().errors.map((e: { field: string }) => e.field);
    };
    expect(await fieldsOf({ body: 'x' })).toEqual(['contactId']);
    expect(await fieldsOf({ body: 'x', contactId: mine, companyId: company })).toEqual(['contactId']);
    expect(await fieldsOf({ body: '   ', contactId: mine })).toEqual(['body']);
    expect(await fieldsOf({ body: 'x', contactId: theirs })).toEqual(['contactId']);
    expect(await fieldsOf({ body: 'x', companyId: hiddenCompany })).toEqual(['companyId']);
    const onCompany = await t.request('POST', base, rep.token, { body: 'Board meets in May', companyId: company });
    expect(onCompany.statusCode).toBe(201);
    // Moving a note to a contact clears nothing implicitly: both set is refused.
    const both = await t.request('PATCH', `${base}/${onCompany.json().id}`, rep.token, { contactId: mine });
    expect(both.statusCode).toBe(422);
    const moved = await t.request('PATCH', `${base}/${onCompany.json().id}`, rep.token, { contactId: mine, companyId: null });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ contactId: mine, companyId: null });
  });

  it('lists notes by contact or company, newest first, only the visible ones', async () => {
    const t = await h.tenant();
    const rep = await t.user('rep');
    const ann = await makeContact(t, t.admin, { ownerId: rep.id });
    const company = await makeCompany(h, t);
    const post = async (token: string, body: Record<string, unknown>) => (await t.request('POST', base, token, body)).json().id as string;
    const n1 = await post(rep.token, { body: 'one', contactId: ann });
    const n2 = await post(rep.token, { body: 'two', contactId: ann });
    const adminOnly = await post(t.admin, { body: 'admin', contactId: ann });
    const n3 = await post(t.admin, { body: 'company', companyId: company });
    const ids = async (token: string, q: string) => (await t.request('GET', `${base}?${q}`, token)).json().data.map((n: { id: string }) => n.id);
    expect(await ids(t.admin, `filter[contactId]=${ann}`)).toEqual([adminOnly, n2, n1]);
    expect(await ids(rep.token, `filter[contactId]=${ann}`)).toEqual([n2, n1]);
    expect(await ids(t.admin, `filter[companyId]=${company}`)).toEqual([n3]);
    const first = (await t.request('GET', `${base}?filter[contactId]=${ann}&limit=2`, t.admin)).json();
    expect(first.data.map((n: { id: string }) => n.id)).toEqual([adminOnly, n2]);
    const second = (await t.request('GET', `${base}?filter[contactId]=${ann}&limit=2&cursor=${first.nextCursor}`, t.admin)).json();
    expect(second).toEqual({ data: [expect.objectContaining({ id: n1 })], nextCursor: null });
  });

  it('refuses stale writes and answers 404 across tenants and to other reps', async () => {
    const a = await h.tenant();
    const b = await h.tenant();
    const rep1 = await a.user('rep');
    const rep2 = await a.user('rep');
    const contactId = await makeContact(a, rep1.token);
    const n = (await a.request('POST', base, rep1.token, { body: 'private', contactId })).json();
    expect((await a.request('PATCH', `${base}/${n.id}`, rep1.token, { body: 'v2' }, { 'if-match': 'W/"1"' })).statusCode).toBe(200);
    expect((await a.request('PATCH', `${base}/${n.id}`, rep1.token, { body: 'v3' }, { 'if-match': 'W/"1"' })).statusCode).toBe(412);
    for (const [t, token] of [[b, b.admin], [a, rep2.token]] as const) {
      expect((await t.request('GET', `${base}/${n.id}`, token)).statusCode).toBe(404);
      expect((await t.request('PATCH', `${base}/${n.id}`, token, { body: 'x' })).statusCode).toBe(404);
      expect((await t.request('DELETE', `${base}/${n.id}`, token)).statusCode).toBe(404);
    }
    expect((await a.request('GET', `${base}/${n.id}`, rep1.token)).json().body).toBe('v2');
  });

  it('leaves no note, audit entry or event when the write fails', async () => {
    const t = await h.tenant();
    const contactId = await makeContact(t, t.admin);
    const before = await trailCounts(h, t);
    const repair = await breakOutbox(h, t);
    try {
      expect((await t.request('POST', base, t.admin, { body: 'lost', contactId })).statusCode).toBe(500);
    } finally {
      await repair();
    }
    expect(await trailCounts(h, t)).toEqual(before);
    expect((await t.request('GET', base, t.admin)).json().data).toEqual([]);
  });
});
