import { expect, it } from 'vitest';
import { forEachDatabase } from '../../test/harness.ts';
import { makeContact } from '../timeline/test-fixtures.ts';
import { addDecisions, claimOutcome } from './test-fixtures.ts';

const rules = {
  currency: 'EUR',
  assets: { kinds: ['assets_deposited'], bands: [{ upTo: 1_000_000, bps: 10 }, { upTo: null, bps: 20 }], threshold: 100_000, cap: 5_000 },
  bonuses: [{ kind: 'account_opened', amount: 200 }],
  subjective: { pool: 1_000, managerWeight: 0.5, timelinessWeight: 0.25, activityWeight: 0.25, activityTarget: 4 },
};

forEachDatabase('compensation', (h) => {
  async function setup() {
    const t = await h.tenant();
    const teamA = await t.team('A');
    const teamB = await t.team('B');
    const rep1 = await t.user('rep', { teamIds: [teamA] });
    const rep2 = await t.user('rep', { teamIds: [teamB] });
    const manager = await t.user('manager', { teamIds: [teamA] });
    const controller = await t.user('controller');
    const created = await t.request('POST', '/api/v1/compensation/plans', controller.token, { name: 'Q3 2026', periodStart: '2026-07-01', periodEnd: '2026-09-30', rules });
    expect(created.statusCode, created.body).toBe(201);
    return { t, rep1, rep2, manager, controller, planId: created.json().id as string };
  }

  it('states a quarter from verified outcomes only, with every outcome behind every amount', async () => {
    const { t, rep1, manager, planId } = await setup();
    const contact = await makeContact(t, rep1.token);
    const logged = async (at: string) => (await t.request('POST', '/api/v1/interactions', rep1.token, { kind: 'in_person', occurredAt: at, participants: [{ contactId: contact }] })).json().id as string;
    const i1 = await logged('2026-07-15T10:00:00Z');
    const i2 = await logged('2026-08-15T10:00:00Z');
    const base = { contactId: contact, userId: rep1.id };
    const a = await claimOutcome(h, t, { ...base, interactionId: i1, kind: 'assets_deposited', amount: 800_000, claimedAt: '2026-07-15T12:00:00Z', decisions: [{ status: 'claimed' }, { status: 'verified' }] });
    const b = await claimOutcome(h, t, { ...base, interactionId: i2, kind: 'assets_deposited', amount: 500_000, claimedAt: '2026-08-15T12:00:00Z', decisions: [{ status: 'claimed' }, { status: 'partially_verified', amountVerified: 300_000 }] });
    await claimOutcome(h, t, { ...base, interactionId: i2, kind: 'assets_deposited', amount: 2_000_000, claimedAt: '2026-08-16T12:00:00Z', decisions: [{ status: 'claimed' }] });
    await claimOutcome(h, t, { ...base, interactionId: i2, kind: 'assets_deposited', amount: 1_000_000, claimedAt: '2026-08-17T12:00:00Z', decisions: [{ status: 'claimed' }, { status: 'verified' }, { status: 'rejected' }] });
    const e = await claimOutcome(h, t, { ...base, interactionId: i2, kind: 'account_opened', amount: null, claimedAt: '2026-08-18T12:00:00Z', decisions: [{ status: 'claimed' }, { status: 'verified' }] });
    await claimOutcome(h, t, { ...base, interactionId: i2, kind: 'assets_deposited', amount: 50_000, claimedAt: '2026-10-05T12:00:00Z', decisions: [{ status: 'verified' }] });
    // Follow-ups due in the quarter: one done the day before it was due, one never done.
    for (const due of ['2026-08-10T09:00:00Z', '2026-08-20T09:00:00Z']) {
      expect((await t.request('POST', '/api/v1/tasks', rep1.token, { title: 'Follow up', dueAt: due, contactId: contact })).statusCode).toBe(201);
    }
    await h.database.query(`update tasks set status = 'done', completed_at = '2026-08-09T09:00:00Z' where tenant_id = $1 and due_at = '2026-08-10T09:00:00Z'`, [t.id]);
    const scored = await t.request('PUT', `/api/v1/compensation/plans/${planId}/scores/${rep1.id}`, manager.token, { score: 80, note: 'Strong quarter' });
    expect(scored.statusCode, scored.body).toBe(200);

    const res = await t.request('GET', `/api/v1/compensation/plans/${planId}/statements/${rep1.id}`, rep1.token);
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    // Assets: 800,000 at 0.10% = 800.00; then 300,000 verified of 500,000: f(1,100,000) = 1,000 + 100,000 x 0.20% = 1,200 -> 400.00
    expect(s.assets).toMatchObject({ verified: 1_100_000, reached: true, capped: false, amount: 1_200 });
    expect(s.lines.map((l: { outcomeId: string; amount: number; component: string }) => [l.component, l.outcomeId, l.amount])).toEqual([
      ['assets', a, 800], ['assets', b, 400], ['bonus', e, 200],
    ]);
    expect(s.lines[1]).toMatchObject({ status: 'partially_verified', claimed: 500_000, counted: 300_000, interactionId: i2, contactId: contact });
    // Subjective: 0.5 x 0.80 + 0.25 x 1/2 on time + 0.25 x 2/4 interactions = 0.65 -> 650.00
    expect(s.subjective).toEqual({ managerScore: 80, timeliness: 0.5, activity: 2, activityScore: 0.5, score: 0.65, amount: 650 });
    expect(s.total).toBe(2_050);
    expect(s.notCounted).toEqual({ claimed: 1, rejected: 1 });

    // A correction to rejected takes the outcome out of the statement at once.
    await addDecisions(h, t, a, [{ status: 'rejected', reason: 'transfer reversed' }], 3);
    const after = (await t.request('GET', `/api/v1/compensation/plans/${planId}/statements/${rep1.id}`, manager.token)).json();
    // 300,000 at 0.10% = 300.00; + 200 + 650
    expect(after.assets.amount).toBe(300);
    expect(after.total).toBe(1_150);
  });

  it('shows reps their own statement, managers their teams, controllers everyone', async () => {
    const { t, rep1, rep2, manager, controller, planId } = await setup();
    const names = async (token: string) => {
      const res = await t.request('GET', `/api/v1/compensation/plans/${planId}/statements`, token);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().data.map((r: { userId: string }) => r.userId).sort();
    };
    expect(await names(rep1.token)).toEqual([rep1.id]);
    expect(await names(manager.token)).toEqual([rep1.id, manager.id].sort());
    expect(await names(controller.token)).toEqual([rep1.id, rep2.id, manager.id].sort());
    expect((await t.request('GET', `/api/v1/compensation/plans/${planId}/statements/${rep2.id}`, rep1.token)).statusCode).toBe(404);
    expect((await t.request('GET', `/api/v1/compensation/plans/${planId}/statements/${rep2.id}`, manager.token)).statusCode).toBe(404);
    expect((await t.request('GET', `/api/v1/compensation/plans/${planId}/statements/${rep2.id}`, controller.token)).statusCode).toBe(200);
    const service = await t.user('service');
    expect((await t.request('GET', `/api/v1/compensation/plans/${planId}/statements`, service.token)).statusCode).toBe(403);
    // Scores: a manager marks its own teams' members, never itself; reps and controllers do not score.
    expect((await t.request('PUT', `/api/v1/compensation/plans/${planId}/scores/${rep2.id}`, manager.token, { score: 50 })).statusCode).toBe(403);
    expect((await t.request('PUT', `/api/v1/compensation/plans/${planId}/scores/${manager.id}`, manager.token, { score: 100 })).statusCode).toBe(403);
    expect((await t.request('PUT', `/api/v1/compensation/plans/${planId}/scores/${rep1.id}`, controller.token, { score: 50 })).statusCode).toBe(403);
    expect((await t.request('PUT', `/api/v1/compensation/plans/${planId}/scores/${rep2.id}`, t.admin, { score: 70 })).statusCode).toBe(200);
    expect((await t.request('POST', '/api/v1/compensation/plans', rep1.token, { name: 'x', periodStart: '2026-01-01', periodEnd: '2026-03-31', rules })).statusCode).toBe(403);

    const other = await h.tenant();
    expect((await other.request('GET', `/api/v1/compensation/plans/${planId}`, other.admin)).statusCode).toBe(404);
    expect((await other.request('GET', '/api/v1/compensation/plans', other.admin)).json().data).toEqual([]);
  });

  it('refuses malformed plans naming the field', async () => {
    const t = await h.tenant();
    const post = (body: Record<string, unknown>) => t.request('POST', '/api/v1/compensation/plans', t.admin, { name: 'x', periodStart: '2026-01-01', periodEnd: '2026-03-31', ...body });
    const fields = async (body: Record<string, unknown>) => {
      const res = await post(body);
      expect(res.statusCode).toBe(422);
      return res.json().errors.map((e: { field: string }) => e.field);
    };
    expect(await fields({ rules: { ...rules, assets: { bands: [{ upTo: 100, bps: 10 }] } } })).toEqual(['rules.assets.bands.0.upTo']);
    expect(await fields({ rules: { ...rules, assets: { bands: [{ upTo: 100, bps: 10 }, { upTo: 50, bps: 10 }, { upTo: null, bps: 5 }] } } })).toEqual(['rules.assets.bands.1.upTo']);
    expect(await fields({ rules: { ...rules, subjective: { ...rules.subjective, activityWeight: 0.5 } } })).toEqual(['rules.subjective.managerWeight']);
    expect(await fields({ periodEnd: '2025-12-31', rules })).toEqual(['periodEnd']);
    expect(await fields({ rules: { ...rules, bonuses: [{ kind: 'lunch', amount: 5 }] } })).toEqual(['rules.bonuses.0.kind']);
    expect(await fields({ rules: { ...rules, formula: 'x * 2' } })).toEqual(['rules']);
  });
});
