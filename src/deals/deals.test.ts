import { expect, it } from 'vitest';
import { forEachDatabase } from '../../test/harness.ts';
import { breakOutbox, makeCompany, makeContact, trail, trailCounts } from '../timeline/test-fixtures.ts';

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

forEachDatabase('deals', (h) => {
  it('creates, reads, closes, reopens and deletes a deal, audited with its events', async () => {
    const t = await h.tenant();
    const team = await t.team('A');
    const rep = await t.user('rep', { teamIds: [team] });
    const contact = await makeContact(t, rep.token);
    const created = await t.request('POST', '/api/v1/deals', rep.token, { name: 'Mandate for the family office', contactId: contact, amount: 250_000.5, currency: 'EUR', expectedCloseOn: '2027-03-31' });
    expect(created.statusCode, created.body).toBe(201);
    const deal = created.json();
    expect(deal).toMatchObject({ stage: 'lead', ownerId: rep.id, teamId: team, createdBy: rep.id, closedAt: null, amount: 250_000.5, currency: 'EUR', companyId: null, version: 1 });
    expect(created.headers['location']).toBe(`/api/v1/deals/${deal.id}`);

    const got = await t.request('GET', `/api/v1/deals/${deal.id}`, rep.token);
    expect(got.statusCode).toBe(200);
    expect(got.headers['etag']).toBe('W/"1"');
    expect(got.json()).toEqual(deal);

    const stale = await t.request('PATCH', `/api/v1/deals/${deal.id}`, rep.token, { stage: 'proposal' }, { 'if-match': 'W/"7"' });
    expect(stale.statusCode).toBe(412);
    const won = await t.request('PATCH', `/api/v1/deals/${deal.id}`, rep.token, { stage: 'won' }, { 'if-match': 'W/"1"' });
    expect(won.statusCode, won.body).toBe(200);
    const closedAt = won.json().closedAt as string;
    expect(Math.abs(Date.parse(closedAt) - Date.now())).toBeLessThan(60_000);
    // Staying won keeps the moment it closed; other changes do not move it.
    const renamed = (await t.request('PATCH', `/api/v1/deals/${deal.id}`, rep.token, { name: 'Family office mandate' })).json();
    expect(renamed).toMatchObject({ stage: 'won', closedAt, version: 3 });
    const reopened = (await t.request('PATCH', `/api/v1/deals/${deal.id}`, rep.token, { stage: 'negotiation' })).json();
    expect(reopened).toMatchObject({ stage: 'negotiation', closedAt: null });
    const lost = await t.request('PATCH', `/api/v1/deals/${deal.id}`, rep.token, { stage: 'lost', lostReason: 'went with a competitor', closedAt: '2026-11-30T12:00:00Z' });
    expect(lost.json()).toMatchObject({ stage: 'lost', lostReason: 'went with a competitor', closedAt: '2026-11-30T12:00:00.000Z' });
    // Reopening forgets why it was lost.
    expect((await t.request('PATCH', `/api/v1/deals/${deal.id}`, rep.token, { stage: 'lead' })).json()).toMatchObject({ lostReason: null, closedAt: null });

    const history = await t.request('GET', `/api/v1/deals/${deal.id}/history`, rep.token);
    expect(history.statusCode, history.body).toBe(200);
    expect((await t.request('DELETE', `/api/v1/deals/${deal.id}`, rep.token)).statusCode).toBe(204);
    expect((await t.request('GET', `/api/v1/deals/${deal.id}`, rep.token)).statusCode).toBe(404);
    expect(await trail(h, t, deal.id)).toEqual({
      audit: ['deal.created', 'deal.updated', 'deal.updated', 'deal.updated', 'deal.updated', 'deal.updated', 'deal.deleted'],
      events: ['deal.created', 'deal.won', 'deal.updated', 'deal.updated', 'deal.lost', 'deal.updated', 'deal.deleted'],
    });

    // A write whose last step fails leaves nothing behind.
    const before = await trailCounts(h, t);
    const restore = await breakOutbox(h, t);
    try {
      expect((await t.request('POST', '/api/v1/deals', rep.token, { name: 'x', contactId: contact })).statusCode).toBe(500);
    } finally {
      await restore();
    }
    expect(await trailCounts(h, t)).toEqual(before);
    expect((await t.request('GET', '/api/v1/deals', rep.token)).json().data).toEqual([]);
  });

  it('refuses deals that cannot stand, naming the field', async () => {
    const t = await h.tenant();
    const teamA = await t.team('A');
    const teamB = await t.team('B');
    const rep = await t.user('rep', { teamIds: [teamA] });
    const stranger = await t.user('rep', { teamIds: [teamB] });
    const mine = await makeContact(t, rep.token);
    const hidden = await makeContact(t, stranger.token);
    const fields = async (body: Record<string, unknown>, method = 'POST', url = '/api/v1/deals') => {
      const res = await t.request(method, url, rep.token, body);
      expect(res.statusCode, res.body).toBe(422);
      return res.json().errors.map((e: { field: string }) => e.field).sort();
    };
    expect(await fields({ name: 'Nobody' })).toEqual(['contactId']);
    expect(await fields({ name: 'x', contactId: mine, amount: 10 })).toEqual(['currency']);
    expect(await fields({ name: 'x', contactId: mine, closedAt: '2026-01-01T00:00:00Z' })).toEqual(['closedAt']);
    expect(await fields({ name: 'x', contactId: mine, stage: 'won', closedAt: ago(-3) })).toEqual(['closedAt']);
    expect(await fields({ name: 'x', contactId: mine, lostReason: 'no' })).toEqual(['lostReason']);
    expect(await fields({ name: 'x', contactId: hidden })).toEqual(['contactId']);
    expect(await fields({ name: 'x', contactId: mine, campaignId: '018f0000-0000-7000-8000-000000000000' })).toEqual(['campaignId']);
    expect(await fields({ name: 'x', contactId: mine, stage: 'closed', currency: 'euro' })).toEqual(['currency', 'stage']);
    expect(await fields({ name: '', contactId: mine, amount: -5, currency: 'EUR' })).toEqual(['amount', 'name']);
    const deal = (await t.request('POST', '/api/v1/deals', rep.token, { name: 'ok', contactId: mine })).json();
    expect(await fields({ contactId: null }, 'PATCH', `/api/v1/deals/${deal.id}`)).toEqual(['contactId']);
    expect(await fields({ amount: 5 }, 'PATCH', `/api/v1/deals/${deal.id}`)).toEqual(['currency']);
    // A deal may name only a company, and then drop the contact.
    const company = await makeCompany(h, t, { ownerId: rep.id });
    const both = await t.request('PATCH', `/api/v1/deals/${deal.id}`, rep.token, { companyId: company });
    expect(both.json()).toMatchObject({ contactId: mine, companyId: company });
    expect((await t.request('PATCH', `/api/v1/deals/${deal.id}`, rep.token, { contactId: null })).json()).toMatchObject({ contactId: null, companyId: company });
    const sort = await t.request('GET', '/api/v1/deals?sort=description', rep.token);
    expect(sort.statusCode).toBe(422);
    expect(sort.json().errors[0].field).toBe('sort');
  });

  it('shows a deal to its owner, team, managers of the team and controllers; never to another tenant', async () => {
    const t = await h.tenant();
    const teamA = await t.team('A');
    const teamB = await t.team('B');
    const rep1 = await t.user('rep', { teamIds: [teamA] });
    const rep2 = await t.user('rep', { teamIds: [teamA] });
    const rep3 = await t.user('rep', { teamIds: [teamB] });
    const managerA = await t.user('manager', { teamIds: [teamA] });
    const managerB = await t.user('manager', { teamIds: [teamB] });
    const controller = await t.user('controller');
    const contact = await makeContact(t, rep1.token);
    const deal = (await t.request('POST', '/api/v1/deals', rep1.token, { name: 'Pension transfer', contactId: contact })).json();
    const other = (await t.request('POST', '/api/v1/deals', rep3.token, { name: 'Team B deal', contactId: await makeContact(t, rep3.token) })).json();

    const sees = async (token: string) => {
      const res = await t.request('GET', '/api/v1/deals', token);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().data.map((d: { id: string }) => d.id).sort();
    };
    expect(await sees(rep1.token)).toEqual([deal.id]);
    expect(await sees(rep2.token)).toEqual([deal.id]);
    expect(await sees(managerA.token)).toEqual([deal.id]);
    expect(await sees(rep3.token)).toEqual([other.id]);
    expect(await sees(managerB.token)).toEqual([other.id]);
    expect(await sees(controller.token)).toEqual([deal.id, other.id].sort());
    expect(await sees(t.admin)).toEqual([deal.id, other.id].sort());

    const get = async (token: string) => (await t.request('GET', `/api/v1/deals/${deal.id}`, token)).statusCode;
    expect(await get(rep2.token)).toBe(200);
    expect(await get(rep3.token)).toBe(404);
    expect(await get(managerB.token)).toBe(404);
    expect(await get(controller.token)).toBe(200);
    expect((await t.request('GET', `/api/v1/deals/${deal.id}/attribution`, rep3.token)).statusCode).toBe(404);
    // Teammates change it; only its owner (or a manager of the team, or an admin) deletes it.
    expect((await t.request('PATCH', `/api/v1/deals/${deal.id}`, rep2.token, { stage: 'qualified' })).statusCode).toBe(200);
    expect((await t.request('PATCH', `/api/v1/deals/${deal.id}`, rep3.token, { stage: 'won' })).statusCode).toBe(404);
    expect((await t.request('PATCH', `/api/v1/deals/${deal.id}`, controller.token, { stage: 'won' })).statusCode).toBe(403);
    expect((await t.request('DELETE', `/api/v1/deals/${deal.id}`, rep2.token)).statusCode).toBe(403);
    expect((await t.request('POST', '/api/v1/deals', controller.token, { name: 'x', contactId: contact })).statusCode).toBe(403);
    // Reps assign deals only to themselves and their own teams.
    expect((await t.request('POST', '/api/v1/deals', rep1.token, { name: 'x', contactId: contact, ownerId: rep2.id })).statusCode).toBe(403);
    expect((await t.request('PATCH', `/api/v1/deals/${deal.id}`, managerA.token, { ownerId: rep2.id })).json()).toMatchObject({ ownerId: rep2.id });
    // A share opens it to someone outside the team.
    expect((await t.request('POST', '/api/v1/shares', rep2.token, { entity: 'deal', recordId: deal.id, userId: rep3.id, access: 'read' })).statusCode).toBe(201);
    expect(await get(rep3.token)).toBe(200);
    expect((await t.request('DELETE', `/api/v1/deals/${deal.id}`, managerA.token)).statusCode).toBe(204);

    const outsider = await h.tenant();
    expect((await outsider.request('GET', `/api/v1/deals/${other.id}`, outsider.admin)).statusCode).toBe(404);
    expect((await outsider.request('PATCH', `/api/v1/deals/${other.id}`, outsider.admin, { name: 'mine now' })).statusCode).toBe(404);
    expect((await outsider.request('DELETE', `/api/v1/deals/${other.id}`, outsider.admin)).statusCode).toBe(404);
    expect((await outsider.request('GET', '/api/v1/deals', outsider.admin)).json().data).toEqual([]);
    // Nor can another tenant's contact be named.
    const res = await outsider.request('POST', '/api/v1/deals', outsider.admin, { name: 'x', contactId: contact });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].field).toBe('contactId');
  });

  it('shows deals on the timeline of their contact and company, to those who may see them', async () => {
    const t = await h.tenant();
    const teamA = await t.team('A');
    const rep = await t.user('rep', { teamIds: [teamA] });
    const outsider = await t.user('rep');
    const contact = await makeContact(t, rep.token);
    const company = await makeCompany(h, t, { ownerId: rep.id });
    const create = async (body: Record<string, unknown>) => {
      const res = await t.request('POST', '/api/v1/deals', rep.token, body);
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };
    const open = await create({ name: 'Open deal', contactId: contact, amount: 100, currency: 'EUR', expectedCloseOn: '2027-02-01' });
    const won = await create({ name: 'Won deal', contactId: contact, companyId: company, stage: 'won', closedAt: '2026-06-01T09:00:00Z' });
    const items = async (url: string, token = t.admin) => {
      const res = await t.request('GET', `${url}?types=deal`, token);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().data as Array<{ id: string; summary: string; at: string; data: Record<string, unknown> }>;
    };
    const onContact = await items(`/api/v1/contacts/${contact}/timeline`);
    // Newest first: the open deal by when it was opened, the won one by when it closed.
    expect(onContact.map((i) => [i.id, i.summary])).toEqual([[open.id, 'Deal: Open deal'], [won.id, 'Won: Won deal']]);
    expect(onContact[0]!.data).toEqual({ name: 'Open deal', stage: 'lead', amount: 100, currency: 'EUR', expectedCloseOn: '2027-02-01', closedAt: null, ownerId: rep.id });
    expect(onContact[1]!.at).toBe('2026-06-01T09:00:00.000Z');
    expect((await items(`/api/v1/companies/${company}/timeline`)).map((i) => i.id)).toEqual([won.id]);
    // The contact is shared with the outsider; its deals are not.
    expect((await t.request('POST', '/api/v1/shares', rep.token, { entity: 'contact', recordId: contact, userId: outsider.id, access: 'read' })).statusCode).toBe(201);
    expect(await items(`/api/v1/contacts/${contact}/timeline`, outsider.token)).toEqual([]);
  });

  it('lists with filters, sorts on nullable fields and pages with a keyset cursor', async () => {
    const t = await h.tenant();
    const contact = await makeContact(t, t.admin);
    const make = async (name: string, extra: Record<string, unknown>) => {
      const res = await t.request('POST', '/api/v1/deals', t.admin, { name, contactId: contact, ...extra });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const a = await make('A', { amount: 500, currency: 'EUR', expectedCloseOn: '2027-01-15' });
    const b = await make('B', { amount: 1_500, currency: 'EUR', stage: 'won', closedAt: '2026-10-01T00:00:00Z' });
    const c = await make('C', { expectedCloseOn: '2026-12-20' });
    const d = await make('D', { amount: 1_500, currency: 'USD', stage: 'lost', expectedCloseOn: '2027-01-15' });
    const e = await make('E', { amount: 20, currency: 'EUR' });
    const walk = async (query: string) => {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await t.request('GET', `/api/v1/deals?limit=2&${query}${cursor ? `&cursor=${cursor}` : ''}`, t.admin);
        expect(res.statusCode, res.body).toBe(200);
        ids.push(...res.json().data.map((x: { id: string }) => x.id));
        cursor = res.json().nextCursor;
      } while (cursor);
      return ids;
    };
    // No amount first; ties broken by id (creation order, UUIDv7).
    expect(await walk('sort=amount')).toEqual([c, e, a, b, d]);
    expect(await walk('sort=-amount')).toEqual([d, b, a, e, c]);
    // No expected date last.
    expect(await walk('sort=expectedCloseOn')).toEqual([c, a, d, b, e]);
    expect(await walk('sort=name')).toEqual([a, b, c, d, e]);
    expect(await walk('sort=-closedAt')).toEqual([e, c, a, d, b]);
    expect(await walk('filter[stage][in]=won,lost&sort=name')).toEqual([b, d]);
    expect(await walk('filter[amount][gte]=500&filter[currency]=EUR&sort=name')).toEqual([a, b]);
    expect(await walk('filter[closedAt][isNull]=true&sort=name')).toEqual([a, c, e]);
    const fields = (await t.request('GET', '/api/v1/deals?fields=name,stage&sort=name&limit=1', t.admin)).json().data;
    expect(fields).toEqual([{ id: a, name: 'A', stage: 'lead' }]);
    expect((await t.request('GET', '/api/v1/deals?filter[amount][gte]=lots', t.admin)).statusCode).toBe(422);
  });

  it('credits a deal to campaigns explicitly and by first and last touch inside the window', async () => {
    const t = await h.tenant();
    const rep = await t.user('rep');
    const contact = await makeContact(t, rep.token);
    const campaign = async (name: string, attributionWindowDays: number) => {
      const res = await t.request('POST', '/api/v1/campaigns', t.admin, { name, type: 'event', attributionWindowDays });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const golf = await campaign('Golf day', 90);
    const symphony = await campaign('Symphony night', 90);
    const museum = await campaign('Museum night', 10);
    const ads = await campaign('Ads', 90);
    const touch = async (id: string, touchedAt: string) =>
      expect((await t.request('POST', `/api/v1/campaigns/${id}/touches`, t.admin, { items: [{ contactId: contact, kind: 'attended', touchedAt }] })).statusCode).toBe(201);
    await touch(golf, ago(200)); // outside every window
    await touch(symphony, ago(40));
    await touch(museum, ago(20)); // after symphony, but outside its own 10-day window
    await touch(symphony, ago(5));
    await touch(golf, ago(-2)); // after the deal opened

    const deal = (await t.request('POST', '/api/v1/deals', rep.token, { name: 'Rollover', contactId: contact, campaignId: ads })).json();
    const credit = async (id: string, query = '') => {
      const res = await t.request('GET', `/api/v1/deals/${id}/attribution${query}`, rep.token);
      expect(res.statusCode, res.body).toBe(200);
      const a = res.json();
      return [a.explicitCampaignId, a.firstTouch?.campaignId ?? null, a.lastTouch?.campaignId ?? null];
    };
    expect(await credit(deal.id)).toEqual([ads, symphony, symphony]);
    const first = (await t.request('GET', `/api/v1/deals/${deal.id}/attribution`, rep.token)).json().firstTouch;
    expect(Math.abs(Date.parse(first.touchedAt) - Date.parse(ago(40)))).toBeLessThan(60_000);
    expect(first.source).toBe('touch');
    // A 30-day window for every campaign: the museum touch (20 days) now counts and the first symphony one not.
    expect(await credit(deal.id, '?windowDays=30')).toEqual([ads, museum, symphony]);
    expect(await credit(deal.id, '?windowDays=365')).toEqual([ads, golf, symphony]);

    // A won deal entered afterwards is credited from the day it closed.
    const late = (await t.request('POST', '/api/v1/deals', rep.token, { name: 'Backfilled', contactId: contact, stage: 'won', closedAt: ago(30), amount: 1, currency: 'EUR' })).json();
    expect(await credit(late.id)).toEqual([null, symphony, symphony]);
    expect(await credit(late.id, '?windowDays=365')).toEqual([null, golf, symphony]);
    // A deal with only a company has no touches to follow.
    const company = await makeCompany(h, t, { ownerId: rep.id });
    const companyDeal = (await t.request('POST', '/api/v1/deals', rep.token, { name: 'Company only', companyId: company })).json();
    expect(await credit(companyDeal.id)).toEqual([null, null, null]);
  });
});
