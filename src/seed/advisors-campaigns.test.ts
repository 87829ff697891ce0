import { expect, it } from 'vitest';
import { forEachDatabase } from '../../test/harness.ts';
import { verifyChain } from '../platform/audit/service.ts';
import { makeContact } from '../timeline/test-fixtures.ts';
import { ok } from '../outcomes/fixtures.ts';
import { seedAdvisorsCampaigns, type SeedUser } from './advisors-campaigns.ts';

forEachDatabase('advisor demo data', (h) => {
  it('gives campaigns with costs, attributed interactions, accounts and outcomes in every status', async () => {
    const t = await h.tenant();
    const team = await t.team('Private Clients');
    const users = new Map<string, SeedUser>();
    const made: Record<string, { id: string; token: string }> = {};
    for (const [email, role] of [['manager@demo.test', 'manager'], ['rep1@demo.test', 'rep'], ['rep2@demo.test', 'rep'], ['rep3@demo.test', 'rep'], ['rep4@demo.test', 'rep'], ['controller@demo.test', 'controller']] as const) {
      const u = await t.user(role, { teamIds: role === 'controller' ? [] : [team] });
      made[email] = u;
      users.set(email, { id: u.id, teamIds: role === 'controller' ? [] : [team] });
    }
    const contacts: Array<{ id: string; ownerId: string }> = [];
    for (const rep of ['rep1@demo.test', 'rep2@demo.test']) {
      for (let i = 0; i < 6; i++) {
        const id = await makeContact(t, made[rep]!.token);
        contacts.push({ id, ownerId: made[rep]!.id });
        for (let k = 0; k < 2; k++) await ok(t.request('POST', '/api/v1/interactions', made[rep]!.token, { kind: 'phone_call', participants: [{ contactId: id }] }), 201);
      }
    }
    const result = await seedAdvisorsCampaigns(h.database, { tenantId: t.id, users, contacts, now: Date.now() });
    expect(result).toMatchObject({ campaigns: 6, accounts: 13, outcomes: 12, deals: 12 });
    const roi = await ok<{ data: Array<Record<string, unknown>> }>(t.request('GET', `/api/v1/reports/campaign-roi?from=${new Date(Date.now() - 200 * 86_400_000).toISOString().slice(0, 10)}&to=${new Date().toISOString().slice(0, 10)}`, made['controller@demo.test']!.token));
    expect(JSON.stringify(roi)).toMatch(/"dealsWon":[1-9]/);

    const controller = made['controller@demo.test']!.token;
    const campaigns = await ok<{ data: Array<{ name: string; type: string; costs: Array<{ total: number }> }> }>(t.request('GET', '/api/v1/campaigns?limit=50', controller));
    expect(campaigns.data.map((c) => c.name).sort()).toEqual(['Client events 2026', 'Golf tournament sponsorship', 'Motorsport weekend', 'Museum night', 'Symphony night', 'Wealth planning ad campaign']);
    expect(campaigns.data.filter((c) => c.type !== 'programme').every((c) => c.costs[0]!.total > 0)).toBe(true);
    const attributed = await ok<{ data: unknown[] }>(t.request('GET', '/api/v1/interactions?filter[campaignId][isNull]=false&limit=100', t.admin));
    expect(attributed.data).toHaveLength(12);

    const outcomes = await ok<{ data: Array<{ id: string; status: string; decisions: Array<{ transactionIds: string[]; correctsId: string | null }> }> }>(t.request('GET', '/api/v1/outcomes?limit=100', controller));
    expect(new Set(outcomes.data.map((o) => o.status))).toEqual(new Set(['claimed', 'verified', 'partially_verified', 'rejected', 'lapsed']));
    expect(outcomes.data.some((o) => o.decisions.some((d) => d.correctsId))).toBe(true);
    expect(outcomes.data.filter((o) => o.decisions.some((d) => d.transactionIds.length)).length).toBeGreaterThanOrEqual(4);
    // Some claims wait with evidence that confirms them, some with none.
    const queue = await ok<{ data: Array<{ suggestions: unknown[]; mayDecide: boolean }> }>(t.request('GET', '/api/v1/outcomes/queue', controller));
    expect(queue.data.length).toBe(5);
    expect(queue.data.filter((q) => q.suggestions.length > 0).length).toBe(2);
    expect(queue.data.every((q) => q.mayDecide)).toBe(true);
    expect(await verifyChain(h.database.db, t.id)).toMatchObject({ ok: true });
  });
});
