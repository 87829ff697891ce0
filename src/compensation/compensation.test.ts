import { expect, it } from 'vitest';
import { forEachDatabase } from '../../test/harness.ts';
import { makeContact } from '../timeline/test-fixtures.ts';
import { addDecisions, claimOutcome } from './test-fixtures.ts';
import { book, ok } from '../outcomes/fixtures.ts';

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

  it('nets withdrawals and transfers out on the rep\'s clients\' accounts against verified inflows: a withdrawal lowers the tier payout', async () => {
    const { t, rep1, rep2, controller, planId } = await setup();
    const client = await makeContact(t, rep1.token);
    const spouse = await makeContact(t, rep1.token);
    const theirs = await makeContact(t, rep2.token);
    const household = await ok<{ id: string }>(t.request('POST', '/api/v1/households', rep1.token, { name: 'Family', members: [{ contactId: client, role: 'head' }, { contactId: spouse, role: 'spouse' }] }), 201);
    const k = Math.random().toString(36).slice(2);
    await ok(t.request('POST', '/api/v1/accounts/bulk', t.admin, {
      items: [
        { externalId: `own-${k}`, number: 'DE89 3704 0044 0532 0130 00', currency: 'EUR', owners: [{ contactId: client }] },
        // Joint: the household's, with two of rep1's clients in it (counted once).
        { externalId: `joint-${k}`, number: 'DE89 3704 0044 0532 0199 99', currency: 'EUR', owners: [{ householdId: household.id }] },
        { externalId: `theirs-${k}`, number: 'GB29 NWBK 6016 1331 9268 19', currency: 'EUR', owners: [{ contactId: theirs }] },
      ],
    }));
    const interaction = (await t.request('POST', '/api/v1/interactions', rep1.token, { kind: 'in_person', occurredAt: '2026-07-15T10:00:00Z', participants: [{ contactId: client }] })).json().id as string;
    const base = { contactId: client, userId: rep1.id, interactionId: interaction };
    const verified = await claimOutcome(h, t, { ...base, kind: 'assets_deposited', amount: 1_100_000, claimedAt: '2026-07-15T12:00:00Z', decisions: [{ status: 'claimed' }, { status: 'verified' }] });
    await claimOutcome(h, t, { ...base, kind: 'assets_deposited', amount: 500_000, claimedAt: '2026-07-20T12:00:00Z', decisions: [{ status: 'claimed' }] });
    const statement = async (userId: string) => {
      const res = await t.request('GET', `/api/v1/compensation/plans/${planId}/statements/${userId}`, controller.token);
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    // Before any outflow: 1,000,000 at 0.10% + 100,000 at 0.20% = 1,200.00.
    expect((await statement(rep1.id)).assets).toMatchObject({ verified: 1_100_000, inflows: 1_100_000, outflows: 0, amount: 1_200 });

    const [withdrawal, transferOut] = await book(t, [
      { account: `own-${k}`, kind: 'withdrawal', amount: 150_000, on: '2026-08-01' },
      { account: `joint-${k}`, kind: 'transfer_out', amount: 50_000, on: '2026-09-30' }, // last day of the period counts
      // Not counted: a deposit nobody claimed (inflows count only once verified), outside the period,
      // another rep's client, another currency.
      { account: `own-${k}`, kind: 'deposit', amount: 300_000, on: '2026-08-02' },
      { account: `joint-${k}`, kind: 'transfer_in', amount: 70_000, on: '2026-08-03' },
      { account: `own-${k}`, kind: 'withdrawal', amount: 80_000, on: '2026-06-30' },
      { account: `own-${k}`, kind: 'withdrawal', amount: 90_000, on: '2026-10-01' },
      { account: `theirs-${k}`, kind: 'withdrawal', amount: 400_000, on: '2026-08-15' },
      { account: `own-${k}`, kind: 'withdrawal', amount: 10_000, on: '2026-08-20', currency: 'USD' },
    ]);
    const s = await statement(rep1.id);
    // Net 1,100,000 - 150,000 - 50,000 = 900,000, all in the first band at 0.10% = 900.00 (was 1,200.00).
    expect(s.assets).toMatchObject({ verified: 900_000, inflows: 1_100_000, outflows: 200_000, reached: true, amount: 900 });
    expect(s.assets.bands.map((b: { volume: number }) => b.volume)).toEqual([900_000, 0]);
    const assets = s.lines.filter((l: { component: string }) => l.component === 'assets');
    expect(assets.map((l: { outcomeId: string | null; transactionId: string | null; kind: string; counted: number; amount: number }) => [l.outcomeId ?? l.transactionId, l.kind, l.counted, l.amount])).toEqual([
      [verified, 'assets_deposited', 1_100_000, 1_200],
      // f(950,000) - f(1,100,000) = 950 - 1,200; then f(900,000) - f(950,000) = 900 - 950.
      [withdrawal, 'withdrawal', -150_000, -250],
      [transferOut, 'transfer_out', -50_000, -50],
    ]);
    expect(assets[1]).toMatchObject({ status: 'booked', outcomeId: null, interactionId: null, claimedAt: null, bookedOn: '2026-08-01', contactId: client, bandVolumes: [-50_000, -100_000] });
    expect([client, spouse]).toContain(assets[2].contactId);
    expect(s.notCounted).toEqual({ claimed: 1, outflows_in_other_currencies: 1 });
    // Plus the subjective part: unscored, nothing due (0.25), 1 of 4 interactions (0.25 x 0.25) = 0.3125 of 1,000.
    expect(s.total).toBe(900 + 312.5);

    // rep2 has outflows and no verified inflow: negative net, below the threshold, nothing paid.
    expect((await statement(rep2.id)).assets).toMatchObject({ verified: -400_000, outflows: 400_000, reached: false, amount: 0 });
    const list = (await t.request('GET', `/api/v1/compensation/plans/${planId}/statements`, controller.token)).json().data;
    expect(list.find((r: { userId: string }) => r.userId === rep1.id)).toMatchObject({ verifiedAssets: 900_000, outflows: 200_000, assets: 900, countedOutcomes: 1 });
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
