import { expect, it } from 'vitest';
import { forEachDatabase, type TestTenant } from '../../test/harness.ts';

async function contact(t: TestTenant, token: string, givenName: string) {
  const res = await t.request('POST', '/api/v1/contacts', token, { givenName, familyName: 'Byron' });
  expect(res.statusCode).toBe(201);
  return res.json().id as string;
}

const relationshipsOf = async (t: TestTenant, token: string, id: string) => {
  const res = await t.request('GET', `/api/v1/contacts/${id}/relationships`, token);
  expect(res.statusCode).toBe(200);
  return res.json().data as Array<{ id: string; kind: string; contact: { id: string; displayName: string }; notes: string | null }>;
};

forEachDatabase('relationships API', (h) => {
  it('links two contacts and reads the link from each side', async () => {
    const t = await h.tenant();
    const parent = await contact(t, t.admin, 'Anne');
    const child = await contact(t, t.admin, 'Ada');
    const advisor = await contact(t, t.admin, 'Charles');

    const res = await t.request('POST', '/api/v1/relationships', t.admin, { fromContactId: parent, toContactId: child, kind: 'parent_of', notes: 'mother' });
    expect(res.statusCode).toBe(201);
    const rel = res.json();
    expect(rel).toMatchObject({ fromContactId: parent, toContactId: child, kind: 'parent_of', notes: 'mother' });
    await t.request('POST', '/api/v1/relationships', t.admin, { fromContactId: advisor, toContactId: child, kind: 'advisor_of' });

    expect(await relationshipsOf(t, t.admin, parent)).toEqual([
      expect.objectContaining({ id: rel.id, kind: 'parent_of', contact: { id: child, displayName: 'Ada Byron' } }),
    ]);
    const fromChild = await relationshipsOf(t, t.admin, child);
    expect(fromChild.map((r) => [r.kind, r.contact.displayName])).toEqual([['child_of', 'Anne Byron'], ['advised_by', 'Charles Byron']]);

    expect((await t.request('DELETE', `/api/v1/relationships/${rel.id}`, t.admin)).statusCode).toBe(204);
    expect((await t.request('DELETE', `/api/v1/relationships/${rel.id}`, t.admin)).statusCode).toBe(404);
    expect(await relationshipsOf(t, t.admin, parent)).toEqual([]);

    const audit = (await t.request('GET', `/api/v1/audit?entityId=${rel.id}`, t.admin)).json();
    expect(audit.data.map((e: { action: string }) => e.action)).toEqual(['relationship.deleted', 'relationship.created']);
  });

  it('refuses self-relationships and duplicates in either direction', async () => {
    const t = await h.tenant();
    const a = await contact(t, t.admin, 'A');
    const b = await contact(t, t.admin, 'B');
    const self = await t.request('POST', '/api/v1/relationships', t.admin, { fromContactId: a, toContactId: a, kind: 'other' });
    expect(self.statusCode).toBe(422);
    expect(self.json().errors[0].field).toBe('toContactId');

    expect((await t.request('POST', '/api/v1/relationships', t.admin, { fromContactId: a, toContactId: b, kind: 'parent_of' })).statusCode).toBe(201);
    const same = await t.request('POST', '/api/v1/relationships', t.admin, { fromContactId: a, toContactId: b, kind: 'parent_of' });
    expect(same.statusCode).toBe(409);
    expect(same.json().errors[0].field).toBe('kind');
    // b child_of a says the same thing as a parent_of b.
    expect((await t.request('POST', '/api/v1/relationships', t.admin, { fromContactId: b, toContactId: a, kind: 'child_of' })).statusCode).toBe(409);
    expect((await t.request('POST', '/api/v1/relationships', t.admin, { fromContactId: a, toContactId: b, kind: 'spouse' })).statusCode).toBe(201);
    expect((await t.request('POST', '/api/v1/relationships', t.admin, { fromContactId: b, toContactId: a, kind: 'spouse' })).statusCode).toBe(409);
    expect((await t.request('POST', '/api/v1/relationships', t.admin, { fromContactId: b, toContactId: a, kind: 'colleague_of' })).statusCode).toBe(201);

    const badKind = await t.request('POST', '/api/v1/relationships', t.admin, { fromContactId: a, toContactId: b, kind: 'nemesis_of' });
    expect(badKind.statusCode).toBe(422);
    expect(badKind.json().errors[0].field).toBe('kind');
  });

  it('needs update permission on the from-contact and sight of the to-contact', async () => {
    const t = await h.tenant();
    const team = await t.team('Desk');
    const rep = await t.user('rep', { teamIds: [team] });
    const reader = await t.user('read_only', { teamIds: [team] });
    const stranger = await t.user('rep');
    const a = await contact(t, rep.token, 'A');
    const b = await contact(t, rep.token, 'B');
    const hidden = await contact(t, stranger.token, 'Hidden');

    const denied = await t.request('POST', '/api/v1/relationships', reader.token, { fromContactId: a, toContactId: b, kind: 'partner' });
    expect(denied.statusCode).toBe(403);
    const invisible = await t.request('POST', '/api/v1/relationships', rep.token, { fromContactId: a, toContactId: hidden, kind: 'partner' });
    expect(invisible.statusCode).toBe(422);
    expect(invisible.json().errors[0].field).toBe('toContactId');
    const invisibleFrom = await t.request('POST', '/api/v1/relationships', rep.token, { fromContactId: hidden, toContactId: a, kind: 'partner' });
    expect(invisibleFrom.statusCode).toBe(422);
    expect(invisibleFrom.json().errors[0].field).toBe('fromContactId');

    const rel = (await t.request('POST', '/api/v1/relationships', rep.token, { fromContactId: a, toContactId: b, kind: 'partner' })).json();
    expect((await relationshipsOf(t, reader.token, b)).map((r) => r.kind)).toEqual(['partner']);
    expect((await t.request('DELETE', `/api/v1/relationships/${rel.id}`, reader.token)).statusCode).toBe(403);
    expect((await t.request('DELETE', `/api/v1/relationships/${rel.id}`, stranger.token)).statusCode).toBe(404);

    // The admin links the hidden contact; the rep's view of the link leaves it out.
    await t.request('POST', '/api/v1/relationships', t.admin, { fromContactId: hidden, toContactId: a, kind: 'referred_by' });
    expect((await relationshipsOf(t, rep.token, a)).map((r) => r.contact.id)).toEqual([b]);
    expect((await relationshipsOf(t, t.admin, a)).map((r) => r.kind)).toEqual(['partner', 'referrer_of']);
    expect((await t.request('GET', `/api/v1/contacts/${hidden}/relationships`, rep.token)).statusCode).toBe(404);
  });

  it('answers 404 across tenants', async () => {
    const t1 = await h.tenant();
    const t2 = await h.tenant();
    const a = await contact(t1, t1.admin, 'A');
    const b = await contact(t1, t1.admin, 'B');
    const c = await contact(t2, t2.admin, 'C');
    const rel = (await t1.request('POST', '/api/v1/relationships', t1.admin, { fromContactId: a, toContactId: b, kind: 'spouse' })).json();
    expect((await t2.request('DELETE', `/api/v1/relationships/${rel.id}`, t2.admin)).statusCode).toBe(404);
    expect((await t2.request('GET', `/api/v1/contacts/${a}/relationships`, t2.admin)).statusCode).toBe(404);
    const foreign = await t2.request('POST', '/api/v1/relationships', t2.admin, { fromContactId: c, toContactId: a, kind: 'spouse' });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().errors[0].field).toBe('toContactId');
    expect(await relationshipsOf(t1, t1.admin, a)).toHaveLength(1);
  });
});
