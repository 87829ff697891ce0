import { expect, it } from 'vitest';
import { forEachDatabase } from '../../test/harness.ts';

const ada = {
  givenName: 'Ada', familyName: 'Lovelace', jobTitle: 'Analyst',
  emails: [{ address: ' Ada@Example.TEST ', type: 'work', primary: true }],
  phones: [{ number: '+44 20 7946 0000', type: 'mobile' }],
};

forEachDatabase('contacts API', (h) => {
  it('creates, reads, updates and deletes a contact', async () => {
    const t = await h.tenant();
    const created = await t.request('POST', '/api/v1/contacts', t.admin, ada);
    expect(created.statusCode).toBe(201);
    const c = created.json();
    expect(c.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    expect(c.displayName).toBe('Ada Lovelace');
    expect(c.emails).toEqual([{ address: 'ada@example.test', type: 'work', primary: true }]);
    expect(c.phones[0]).toMatchObject({ number: '+44 20 7946 0000', e164: '+442079460000', primary: true });
    expect(created.headers['etag']).toBe('W/"1"');

    const got = await t.request('GET', `/api/v1/contacts/${c.id}`, t.admin);
    expect(got.statusCode).toBe(200);
    expect(got.json()).toEqual(c);

    const patched = await t.request('PATCH', `/api/v1/contacts/${c.id}`, t.admin, { jobTitle: 'Mathematician' }, { 'if-match': 'W/"1"' });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ jobTitle: 'Mathematician', version: 2, givenName: 'Ada' });

    const del = await t.request('DELETE', `/api/v1/contacts/${c.id}`, t.admin);
    expect(del.statusCode).toBe(204);
    expect((await t.request('GET', `/api/v1/contacts/${c.id}`, t.admin)).statusCode).toBe(404);
  });

  it('refuses a stale write with 412', async () => {
    const t = await h.tenant();
    const c = (await t.request('POST', '/api/v1/contacts', t.admin, ada)).json();
    expect((await t.request('PATCH', `/api/v1/contacts/${c.id}`, t.admin, { tier: 'A' }, { 'if-match': 'W/"1"' })).statusCode).toBe(200);
    const stale = await t.request('PATCH', `/api/v1/contacts/${c.id}`, t.admin, { tier: 'B' }, { 'if-match': 'W/"1"' });
    expect(stale.statusCode).toBe(412);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    expect((await t.request('GET', `/api/v1/contacts/${c.id}`, t.admin)).json().tier).toBe('A');
  });

  it('names the offending field in problem+json', async () => {
    const t = await h.tenant();
    const res = await t.request('POST', '/api/v1/contacts', t.admin, { givenName: 'Bad', emails: [{ address: 'not-an-email' }] });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json();
    expect(body.status).toBe(422);
    expect(body.errors).toEqual([expect.objectContaining({ field: 'emails.0.address' })]);
  });

  it('rejects unknown fields and a contact with no name or email', async () => {
    const t = await h.tenant();
    const unknown = await t.request('POST', '/api/v1/contacts', t.admin, { givenName: 'X', favouriteColour: 'blue' });
    expect(unknown.statusCode).toBe(422);
    expect(JSON.stringify(unknown.json().errors)).toContain('favouriteColour');
    const empty = await t.request('POST', '/api/v1/contacts', t.admin, { jobTitle: 'Ghost' });
    expect(empty.statusCode).toBe(422);
    expect(empty.json().errors[0].field).toBe('familyName');
  });
});
