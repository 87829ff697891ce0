import { expect, it } from 'vitest';
import { forEachDatabase } from '../../test/harness.ts';
import { breakOutbox, makeCompany, makeContact, trail, trailCounts } from '../timeline/test-fixtures.ts';

const base = '/api/v1/interactions';

forEachDatabase('interactions API', (h) => {
  it('logs, reads, updates and deletes an interaction, auditing each step', async () => {
    const t = await h.tenant();
    const team = await t.team('Advisers');
    const rep = await t.user('rep', { teamIds: [team] });
    const contactId = await makeContact(t, rep.token);
    const companyId = await makeCompany(h, t);
    const campaign = await t.request('POST', '/api/v1/campaigns', t.admin, { name: 'Spring seminar', type: 'event' });
    const campaignId = campaign.json().id;
    const logged = await t.request('POST', base, rep.token, {
      kind: 'in_person', direction: 'outbound', occurredAt: '2024-03-01T10:00:00+01:00', durationMinutes: 45,
      subject: ' Annual review ', notes: 'Discussed the portfolio', outcome: { code: 'follow_up', text: 'Send proposal' },
      participants: [{ contactId, role: 'client' }, { userId: rep.id, role: 'adviser' }],
      companyId, campaignId,
      metrics: [{ kind: 'assets_pledged', amount: 250000.5, currency: 'EUR' }, { kind: 'meetings_booked', amount: 1 }],
    });
    expect(logged.statusCode, logged.body).toBe(201);
    expect(logged.headers['etag']).toBe('W/"1"');
    const i = logged.json();
    expect(i).toMatchObject({
      kind: 'in_person', direction: 'outbound', occurredAt: '2024-03-01T09:00:00.000Z', durationMinutes: 45, subject: 'Annual review',
      outcome: { code: 'follow_up', text: 'Send proposal' }, companyId, campaignId, ownerId: rep.id, teamId: team, createdBy: rep.id, version: 1,
      participants: [{ contactId, userId: null, role: 'client' }, { contactId: null, userId: rep.id, role: 'adviser' }],
      metrics: [{ kind: 'assets_pledged', amount: 250000.5, currency: 'EUR' }, { kind: 'meetings_booked', amount: 1, currency: null }],
    });

    const got = await t.request('GET', `${base}/${i.id}`, rep.token);
    expect(got.statusCode).toBe(200);
    expect(got.json()).toEqual(i);

    const patched = await t.request('PATCH', `${base}/${i.id}`, rep.token, { subject: 'Annual review 2024', metrics: [] }, { 'if-match': 'W/"1"' });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ subject: 'Annual review 2024', metrics: [], version: 2, participants: i.participants });
    expect(patched.headers['etag']).toBe('W/"2"');

    const history = (await t.request('GET', `${base}/${i.id}/history`, rep.token)).json();
    expect(history.data.map((e: { action: string }) => e.action)).toEqual(['interaction.updated', 'interaction.logged']);
    expect(Object.keys(history.data[0].changes).sort()).toEqual(['metrics', 'subject']);

    expect((await t.request('DELETE', `${base}/${i.id}`, rep.token)).statusCode).toBe(204);
    expect((await t.request('GET', `${base}/${i.id}`, rep.token)).statusCode).toBe(404);
    expect(await trail(h, t, i.id)).toEqual({
      audit: ['interaction.logged', 'interaction.updated', 'interaction.deleted'],
      events: ['interaction.logged', 'interaction.updated', 'interaction.deleted'],
    });
  });

  it('defaults occurredAt to now and ownership to the logging user', async () => {
    const t = await h.tenant();
    const contactId = await makeContact(t, t.admin);
    const before = Date.now();
    const res = await t.request('POST', base, t.admin, { kind: 'phone_call', participants: [{ contactId }] });
    expect(res.statusCode, res.body).toBe(201);
    const i = res.json();
    expect(Date.parse(i.occurredAt)).toBeGreaterThanOrEqual(before - 5);
    expect(i).toMatchObject({ ownerId: t.adminId, teamId: null, direction: null, outcome: null, metrics: [] });
  });

  it('names the offending fields', async () => {
    const t = await h.tenant();
    const rep = await t.user('rep');
    const other = await t.user('rep');
    const mine = await makeContact(t, rep.token);
    const theirs = await makeContact(t, other.token);
    const missing = '0190f0f0-0000-7000-8000-00000000dead';

    const hidden = await t.request('POST', base, rep.token, { kind: 'email', participants: [{ contactId: mine }, { contactId: theirs }] });
    expect(hidden.statusCode).toBe(422);
    expect(hidden.headers['content-type']).toContain('application/problem+json');
    expect(hidden.json().errors).toEqual([{ field: 'participants.1.contactId', message: 'no such contact' }]);

    const refs = await t.request('POST', base, rep.token, {
      kind: 'email', participants: [{ contactId: missing }, { userId: missing }], companyId: missing, campaignId: missing,
    });
    expect(refs.statusCode).toBe(422);
    expect(refs.json().errors.map((e: { field: string }) => e.field)).toEqual(['participants.0.contactId', 'participants.1.userId', 'companyId', 'campaignId']);

    const shape = await t.request('POST', base, rep.token, {
      kind: 'carrier_pigeon', participants: [{ contactId: mine }], metrics: [{ kind: 'revenue', amount: 'lots' }, { kind: 'revenue', amount: 5, currency: 'euro' }],
    });
    expect(shape.statusCode).toBe(422);
    const fields = shape.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['kind', 'metrics.0.amount', 'metrics.1.currency']));

    const noContact = await t.request('POST', base, rep.token, { kind: 'email', participants: [{ userId: rep.id }] });
    expect(noContact.statusCode).toBe(422);
    expect(noContact.json().errors).toEqual([expect.objectContaining({ field: 'participants' })]);

    const both = await t.request('POST', base, rep.token, { kind: 'email', participants: [{ contactId: mine, userId: rep.id }] });
    expect(both.statusCode).toBe(422);
    expect(both.json().errors[0].field).toBe('participants.0.contactId');

    expect(await trailCounts(h, t)).toMatchObject({ events: 2 }); // only the two contacts
  });

  it('refuses a stale write with 412 and leaves the interaction as it was', async () => {
    const t = await h.tenant();
    const contactId = await makeContact(t, t.admin);
    const i = (await t.request('POST', base, t.admin, { kind: 'sms', participants: [{ contactId }] })).json();
    expect((await t.request('PATCH', `${base}/${i.id}`, t.admin, { subject: 'First' }, { 'if-match': 'W/"1"' })).statusCode).toBe(200);
    const stale = await t.request('PATCH', `${base}/${i.id}`, t.admin, { subject: 'Second' }, { 'if-match': 'W/"1"' });
    expect(stale.statusCode).toBe(412);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    expect((await t.request('GET', `${base}/${i.id}`, t.admin)).json()).toMatchObject({ subject: 'First', version: 2 });
    expect((await trail(h, t, i.id)).audit).toEqual(['interaction.logged', 'interaction.updated']);
  });

  it('answers 404 for another tenant and for another rep', async () => {
    const a = await h.tenant();
    const b = await h.tenant();
    const rep1 = await a.user('rep');
    const rep2 = await a.user('rep');
    const contactId = await makeContact(a, rep1.token);
    const i = (await a.request('POST', base, rep1.token, { kind: 'video_call', participants: [{ contactId }] })).json();
    for (const [t, token] of [[b, b.admin], [a, rep2.token]] as const) {
      expect((await t.request('GET', `${base}/${i.id}`, token)).statusCode).toBe(404);
      expect((await t.request('PATCH', `${base}/${i.id}`, token, { subject: 'x' })).statusCode).toBe(404);
      expect((await t.request('DELETE', `${base}/${i.id}`, token)).statusCode).toBe(404);
      expect((await t.request('GET', `${base}/${i.id}/history`, token)).statusCode).toBe(404);
      expect((await t.request('GET', base, token)).json().data).toEqual([]);
    }
    expect((await a.request('GET', `${base}/${i.id}`, rep1.token)).json().subject).toBeNull();
  });

  it('lists with filters, newest first, across pages', async () => {
    const t = await h.tenant();
    const ann = await makeContact(t, t.admin);
    const bob = await makeContact(t, t.admin);
    const companyId = await makeCompany(h, t);
    const log = async (body: Record<string, unknown>) => {
      const res = await t.request('POST', base, t.admin, body);
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const a1 = await log({ kind: 'email', direction: 'inbound', occurredAt: '2024-01-01T09:00:00Z', participants: [{ contactId: ann }] });
    const a2 = await log({ kind: 'phone_call', occurredAt: '2024-02-01T09:00:00Z', participants: [{ contactId: ann }, { contactId: bob }], companyId });
    const b1 = await log({ kind: 'email', direction: 'outbound', occurredAt: '2024-03-01T09:00:00Z', participants: [{ contactId: bob }] });
    const b2 = await log({ kind: 'event', occurredAt: '2024-03-01T09:00:00Z', participants: [{ contactId: bob }] });
    const ids = async (query: string) => {
      const res = await t.request('GET', `${base}?${query}`, t.admin);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().data.map((i: { id: string }) => i.id) as string[];
    };
    expect(await ids('')).toEqual([b2, b1, a2, a1]);
    expect(await ids(`filter[contactId]=${ann}`)).toEqual([a2, a1]);
    expect(await ids('filter[kind]=email')).toEqual([b1, a1]);
    expect(await ids('filter[direction]=outbound')).toEqual([b1]);
    expect(await ids(`filter[companyId]=${companyId}`)).toEqual([a2]);
    expect(await ids('filter[occurredAt][gte]=2024-02-01T00:00:00Z&filter[occurredAt][lt]=2024-03-01T09:00:00Z')).toEqual([a2]);
    expect(await ids(`filter[contactId]=${bob}&filter[kind]=email`)).toEqual([b1]);
    expect(await ids('sort=occurredAt')).toEqual([a1, a2, b1, b2]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.request('GET', `${base}?limit=1${cursor ? `&cursor=${cursor}` : ''}`, t.admin);
      const body = res.json() as { data: Array<{ id: string }>; nextCursor: string | null };
      seen.push(...body.data.map((i) => i.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([b2, b1, a2, a1]);

    const bad = await t.request('GET', `${base}?filter[contactId]=nope`, t.admin);
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('filter[contactId]');
  });

  it('bulk logs atomically or row by row', async () => {
    const t = await h.tenant();
    const contactId = await makeContact(t, t.admin);
    const missing = '0190f0f0-0000-7000-8000-00000000dead';
    const items = [
      { kind: 'email', participants: [{ contactId }] },
      { kind: 'email', participants: [{ contactId: missing }] },
    ];
    const atomic = await t.request('POST', `${base}/bulk`, t.admin, { mode: 'atomic', items });
    expect(atomic.statusCode).toBe(422);
    expect(atomic.json().errors).toEqual([{ field: 'items.1.participants.0.contactId', message: 'no such contact' }]);
    expect((await t.request('GET', base, t.admin)).json().data).toEqual([]);

    const perRow = await t.request('POST', `${base}/bulk`, t.admin, { mode: 'perRow', items });
    expect(perRow.statusCode).toBe(200);
    const body = perRow.json();
    expect(body).toMatchObject({ created: 1, failed: 1 });
    expect(body.results[1]).toEqual({ index: 1, status: 422, errors: [{ field: 'participants.0.contactId', message: 'no such contact' }] });
    expect(await trail(h, t, body.results[0].interaction.id)).toEqual({ audit: ['interaction.logged'], events: ['interaction.logged'] });
  });

  it('keeps a hidden participant someone else added when a rep edits the interaction', async () => {
    const t = await h.tenant();
    const team = await t.team('Desk');
    const rep = await t.user('rep', { teamIds: [team] });
    const other = await t.user('rep');
    const visible = await makeContact(t, rep.token);
    const hidden = await makeContact(t, other.token);
    const i = (await t.request('POST', base, t.admin, { kind: 'event', teamId: team, participants: [{ contactId: visible }, { contactId: hidden }] })).json();
    const kept = await t.request('PATCH', `${base}/${i.id}`, rep.token, { participants: [{ contactId: visible }, { contactId: hidden }, { userId: rep.id }] });
    expect(kept.statusCode, kept.body).toBe(200);
    expect(kept.json().participants).toHaveLength(3);
    const added = await t.request('PATCH', `${base}/${i.id}`, rep.token, { participants: [{ contactId: visible }, { contactId: await makeContact(t, other.token) }] });
    expect(added.statusCode).toBe(422);
    expect(added.json().errors[0].field).toBe('participants.1.contactId');
  });

  it('writes the interaction, its audit entry and its event together or not at all', async () => {
    const t = await h.tenant();
    const contactId = await makeContact(t, t.admin);
    const ok = (await t.request('POST', base, t.admin, { kind: 'email', participants: [{ contactId }] })).json();
    const before = await trailCounts(h, t);
    const repair = await breakOutbox(h, t);
    try {
      const failedCreate = await t.request('POST', base, t.admin, { kind: 'email', subject: 'lost', participants: [{ contactId }] });
      expect(failedCreate.statusCode).toBe(500);
      const failedUpdate = await t.request('PATCH', `${base}/${ok.id}`, t.admin, { subject: 'lost' });
      expect(failedUpdate.statusCode).toBe(500);
    } finally {
      await repair();
    }
    expect(await trailCounts(h, t)).toEqual(before);
    const list = (await t.request('GET', base, t.admin)).json().data;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: ok.id, subject: null, version: 1 });
  });
});
