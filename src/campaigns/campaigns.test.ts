import { expect, it } from 'vitest';
import { forEachDatabase } from '../../test/harness.ts';
import { makeContact, trail } from '../timeline/test-fixtures.ts';
import { ok } from '../outcomes/fixtures.ts';

const base = '/api/v1/campaigns';
type Campaign = { id: string; version: number; costs: Array<{ currency: string; total: number }> };
const ago = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

forEachDatabase('campaigns API', (h) => {
  it('creates campaigns under a programme with cost lines; only managers and admins change them', async () => {
    const t = await h.tenant();
    const manager = await t.user('manager');
    const rep = await t.user('rep');
    const programme = await ok<Campaign>(t.request('POST', base, manager.token, { name: 'Client events 2026', type: 'programme', budget: 500000, currency: 'EUR' }), 201);
    const golf = await ok<Campaign>(t.request('POST', base, manager.token, {
      name: 'Golf tournament', type: 'sponsorship', parentId: programme.id, startsOn: '2026-06-01', endsOn: '2026-06-03', budget: 120000, currency: 'EUR', attributionWindowDays: 120,
    }), 201);
    expect(golf).toMatchObject({ parentId: programme.id, attributionWindowDays: 120, costs: [] });
    expect((await t.request('POST', base, rep.token, { name: 'Mine', type: 'event' })).statusCode).toBe(403);
    expect((await t.request('GET', `${base}/${golf.id}`, rep.token)).statusCode).toBe(200);
    const notProgramme = await t.request('POST', base, manager.token, { name: 'x', type: 'event', parentId: golf.id });
    expect(notProgramme.json().errors).toEqual([{ field: 'parentId', message: 'must be a campaign of type programme' }]);
    const dates = await t.request('POST', base, manager.token, { name: 'x', type: 'event', startsOn: '2026-02-02', endsOn: '2026-02-01' });
    expect(dates.json().errors).toEqual([{ field: 'endsOn', message: 'is before startsOn' }]);
    const cycle = await t.request('PATCH', `${base}/${programme.id}`, manager.token, { parentId: programme.id });
    expect(cycle.json().errors).toEqual([{ field: 'parentId', message: 'would make the campaign its own ancestor' }]);

    await ok(t.request('POST', `${base}/${golf.id}/costs`, manager.token, { description: 'Hole sponsorship', amount: 80000, currency: 'EUR', incurredOn: '2026-05-01' }), 201);
    await ok(t.request('POST', `${base}/${golf.id}/costs`, manager.token, { description: 'Catering', amount: 15000.5, currency: 'EUR' }), 201);
    await ok(t.request('POST', `${base}/${golf.id}/costs`, manager.token, { description: 'Hotel', amount: 2000, currency: 'CHF' }), 201);
    expect((await t.request('POST', `${base}/${golf.id}/costs`, rep.token, { description: 'x', amount: 1, currency: 'EUR' })).statusCode).toBe(403);
    const withCosts = await ok<Campaign>(t.request('GET', `${base}/${golf.id}`, rep.token));
    expect(withCosts.costs).toEqual([{ currency: 'CHF', total: 2000 }, { currency: 'EUR', total: 95000.5 }]);
    const stale = await t.request('PATCH', `${base}/${golf.id}`, manager.token, { name: 'Golf Open' }, { 'if-match': 'W/"7"' });
    expect(stale.statusCode).toBe(412);
    const renamed = await ok<Campaign>(t.request('PATCH', `${base}/${golf.id}`, manager.token, { name: 'Golf Open' }, { 'if-match': `W/"${golf.version}"` }));
    expect(renamed.version).toBe(2);
    const listed = await ok<{ data: Array<{ id: string }> }>(t.request('GET', `${base}?filter[parentId]=${programme.id}`, rep.token));
    expect(listed.data.map((c) => c.id)).toEqual([golf.id]);

    // A campaign something is attributed to cannot be deleted; an unused one can.
    const contactId = await makeContact(t, rep.token);
    await ok(t.request('POST', '/api/v1/interactions', rep.token, { kind: 'event', participants: [{ contactId }], campaignId: golf.id }), 201);
    expect((await t.request('DELETE', `${base}/${golf.id}`, manager.token)).statusCode).toBe(409);
    expect((await t.request('DELETE', `${base}/${programme.id}`, manager.token)).statusCode).toBe(409);
    const spare = await ok<Campaign>(t.request('POST', base, manager.token, { name: 'Spare', type: 'email' }), 201);
    expect((await t.request('DELETE', `${base}/${spare.id}`, manager.token)).statusCode).toBe(204);
    expect(await trail(h, t, golf.id)).toEqual({
      audit: ['campaign.created', 'campaign.cost_added', 'campaign.cost_added', 'campaign.cost_added', 'campaign.updated'],
      events: ['campaign.created', 'campaign.cost_added', 'campaign.cost_added', 'campaign.cost_added', 'campaign.updated'],
    });
  });

  it('credits first and last touch inside each campaign\'s attribution window, and the explicit campaign', async () => {
    const t = await h.tenant();
    const rep = await t.user('rep');
    const client = await makeContact(t, rep.token);
    const other = await makeContact(t, rep.token);
    const make = async (name: string, type: string, window: number) => (await ok<Campaign>(t.request('POST', base, t.admin, { name, type, attributionWindowDays: window }), 201)).id;
    const ads = await make('Ad campaign', 'advertising', 90);
    const symphony = await make('Symphony night', 'event', 90);
    const museum = await make('Museum night', 'event', 30);
    const mail = await make('Direct mail', 'direct_mail', 365);
    await ok(t.request('POST', `${base}/${ads}/touches`, t.admin, { items: [{ contactId: client, kind: 'clicked', touchedAt: ago(100) }] }), 201);
    await ok(t.request('POST', `${base}/${symphony}/touches`, t.admin, { items: [{ contactId: client, kind: 'attended', touchedAt: ago(60) }, { contactId: other, kind: 'attended', touchedAt: ago(1) }] }), 201);
    await ok(t.request('POST', `${base}/${museum}/touches`, t.admin, { items: [{ contactId: client, kind: 'attended', touchedAt: ago(40) }] }), 201);
    // Logged after the outcome's interaction: never credited.
    await ok(t.request('POST', `${base}/${mail}/touches`, t.admin, { items: [{ contactId: client, kind: 'mailed', touchedAt: new Date(Date.now() + 86_400_000).toISOString() }] }), 201);
    await ok(t.request('POST', '/api/v1/interactions', rep.token, { kind: 'event', occurredAt: ago(10), participants: [{ contactId: client }], campaignId: museum }), 201);
    const interaction = await ok<{ id: string }>(t.request('POST', '/api/v1/interactions', rep.token, { kind: 'in_person', participants: [{ contactId: client }] }), 201);
    const outcome = await ok<{ id: string }>(t.request('POST', `/api/v1/interactions/${interaction.id}/outcomes`, rep.token, { kind: 'assets_pledged', amount: 1e6, currency: 'EUR' }), 201);

    const got = await ok<Record<string, unknown>>(t.request('GET', `/api/v1/outcomes/${outcome.id}/attribution`, rep.token));
    // Ads (100 days, window 90) and the museum touch (40 days, window 30) are out; the museum
    // interaction 10 days ago is in.
    expect(got).toMatchObject({
      outcomeId: outcome.id, explicitCampaignId: null,
      firstTouch: { campaignId: symphony, source: 'touch' }, lastTouch: { campaignId: museum, source: 'interaction' },
    });
    const wide = await ok<Record<string, unknown>>(t.request('GET', `/api/v1/outcomes/${outcome.id}/attribution?windowDays=200`, rep.token));
    expect(wide).toMatchObject({ firstTouch: { campaignId: ads }, lastTouch: { campaignId: museum } });
    const narrow = await ok<Record<string, unknown>>(t.request('GET', `/api/v1/outcomes/${outcome.id}/attribution?windowDays=5`, rep.token));
    expect(narrow).toMatchObject({ firstTouch: null, lastTouch: null });

    const explicit = await ok<{ id: string }>(t.request('POST', `/api/v1/interactions/${interaction.id}/outcomes`, rep.token, { kind: 'revenue', amount: 10, currency: 'EUR', campaignId: ads }), 201);
    expect((await ok<{ explicitCampaignId: string }>(t.request('GET', `/api/v1/outcomes/${explicit.id}/attribution`, rep.token))).explicitCampaignId).toBe(ads);
  });
});

forEachDatabase('advisor routes in OpenAPI', (h) => {
  it('documents every campaign, outcome and account route with its schemas', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: unknown }>> };
    const want: Array<[string, string]> = [
      ['/api/v1/campaigns', 'post'], ['/api/v1/campaigns/{id}', 'patch'], ['/api/v1/campaigns/{id}/costs', 'post'], ['/api/v1/campaigns/{id}/touches', 'post'],
      ['/api/v1/interactions/{id}/outcomes', 'post'], ['/api/v1/outcomes', 'get'], ['/api/v1/outcomes/queue', 'get'], ['/api/v1/outcomes/{id}/evidence', 'get'],
      ['/api/v1/outcomes/{id}/decisions', 'post'], ['/api/v1/outcomes/{id}/attribution', 'get'], ['/api/v1/outcomes/lapse', 'post'],
      ['/api/v1/accounts/bulk', 'post'], ['/api/v1/transactions/bulk', 'post'], ['/api/v1/accounts/import', 'post'], ['/api/v1/transactions/import', 'post'],
      ['/api/v1/accounts', 'get'], ['/api/v1/accounts/{id}/transactions', 'get'],
    ];
    for (const [path, method] of want) {
      const op = doc.paths[path]?.[method];
      expect(op, `${method} ${path}`).toBeDefined();
      expect(Object.keys(op!.responses), `${method} ${path}`).toEqual(expect.arrayContaining(['403', '422']));
      if (method !== 'get' && !path.endsWith('/import')) expect(op!.requestBody, `${method} ${path}`).toBeDefined();
    }
  });
});
