import { expect, it } from 'vitest';
import { forEachDatabase, type Harness } from '../../test/harness.ts';
import { makeContact } from '../timeline/test-fixtures.ts';
import { claimOutcome } from '../compensation/test-fixtures.ts';

const period = 'from=2026-03-01&to=2026-03-31';

forEachDatabase('management reports', (h: Harness) => {
  /** A small known book: two reps in two teams, a manager of the first, two campaigns. */
  async function world() {
    const t = await h.tenant();
    const teamA = await t.team('A');
    const teamB = await t.team('B');
    const rep1 = await t.user('rep', { teamIds: [teamA] });
    const rep2 = await t.user('rep', { teamIds: [teamB] });
    const manager = await t.user('manager', { teamIds: [teamA] });
    const controller = await t.user('controller');
    const c1 = await makeContact(t, rep1.token);
    const c3 = await makeContact(t, rep2.token);
    const log = async (token: string, contactId: string, kind: string, occurredAt: string) => {
      const res = await t.request('POST', '/api/v1/interactions', token, { kind, occurredAt, participants: [{ contactId }] });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    await log(rep1.token, c1, 'phone_call', '2026-03-02T10:00:00Z');
    await log(rep1.token, c1, 'phone_call', '2026-03-04T10:00:00Z');
    await log(rep1.token, c1, 'email', '2026-03-09T02:00:00Z'); // Sunday evening in New York
    await log(rep1.token, c1, 'email', '2026-03-10T10:00:00Z');
    const i1 = await log(rep1.token, c1, 'in_person', '2026-03-05T09:00:00Z');
    await log(rep2.token, c3, 'in_person', '2026-03-03T10:00:00Z');
    const i3 = await log(rep2.token, c3, 'in_person', '2026-03-06T09:00:00Z');

    const campaign = async (name: string, type: string, costs: Array<[number, string]>) => {
      const res = await t.request('POST', '/api/v1/campaigns', t.admin, { name, type, currency: 'EUR' });
      expect(res.statusCode, res.body).toBe(201);
      const id = res.json().id as string;
      for (const [amount, incurredOn] of costs) {
        expect((await t.request('POST', `/api/v1/campaigns/${id}/costs`, t.admin, { description: 'cost', amount, currency: 'EUR', incurredOn })).statusCode).toBe(201);
      }
      return id;
    };
    const seminar = await campaign('Spring seminar', 'event', [[1_000, '2026-03-01'], [500, '2026-03-20']]);
    const mailer = await campaign('Mailer', 'direct_mail', [[300, '2026-02-20'], [200, '2026-03-15']]);
    const touch = async (id: string, contactId: string, touchedAt: string) =>
      expect((await t.request('POST', `/api/v1/campaigns/${id}/touches`, t.admin, { items: [{ contactId, kind: 'attended', touchedAt }] })).statusCode).toBe(201);
    await touch(mailer, c1, '2026-02-25T10:00:00Z');
    await touch(seminar, c1, '2026-03-01T10:00:00Z');
    await touch(seminar, c3, '2026-03-02T10:00:00Z');

    const claimedAt = '2026-03-05T10:00:00Z';
    const mine = { interactionId: i1, contactId: c1, userId: rep1.id, kind: 'assets_deposited', claimedAt };
    await claimOutcome(h, t, { ...mine, amount: 100_000, decisions: [{ status: 'claimed', at: claimedAt }, { status: 'verified', at: '2026-03-07T10:00:00Z' }] });
    await claimOutcome(h, t, { ...mine, amount: 50_000, campaignId: seminar, decisions: [{ status: 'claimed', at: claimedAt }, { status: 'partially_verified', amountVerified: 30_000, at: '2026-03-09T10:00:00Z' }] });
    await claimOutcome(h, t, { ...mine, amount: 70_000, decisions: [{ status: 'claimed', at: claimedAt }] });
    await claimOutcome(h, t, { ...mine, amount: 20_000, decisions: [{ status: 'claimed', at: claimedAt }, { status: 'rejected', at: '2026-03-08T10:00:00Z' }] });
    await claimOutcome(h, t, {
      interactionId: i3, contactId: c3, userId: rep2.id, kind: 'account_opened', amount: null, claimedAt: '2026-03-06T10:00:00Z',
      decisions: [{ status: 'claimed', at: '2026-03-06T10:00:00Z' }, { status: 'verified', at: '2026-03-07T10:00:00Z' }],
    });
    return { t, rep1, rep2, manager, controller, seminar, mailer };
  }

  it('counts activity by rep, kind and week in the time zone asked for, as JSON or CSV', async () => {
    const { t, rep1, rep2, controller, manager } = await world();
    const get = async (token: string, extra = '') => {
      const res = await t.request('GET', `/api/v1/reports/activity?${period}${extra}`, token);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().data.map((r: { userId: string; kind: string; week: string; interactions: number }) => [r.week, r.userId, r.kind, r.interactions]).sort();
    };
    expect(await get(controller.token)).toEqual([
      ['2026-03-02', rep1.id, 'in_person', 1], ['2026-03-02', rep1.id, 'phone_call', 2], ['2026-03-02', rep2.id, 'in_person', 2],
      ['2026-03-09', rep1.id, 'email', 2],
    ].sort());
    expect(await get(controller.token, '&tz=America/New_York')).toEqual([
      ['2026-03-02', rep1.id, 'email', 1], ['2026-03-02', rep1.id, 'in_person', 1], ['2026-03-02', rep1.id, 'phone_call', 2],
      ['2026-03-02', rep2.id, 'in_person', 2], ['2026-03-09', rep1.id, 'email', 1],
    ].sort());
    expect((await get(rep2.token)).map((r: unknown[]) => r[1])).toEqual([rep2.id]);
    expect(new Set((await get(manager.token)).map((r: unknown[]) => r[1]))).toEqual(new Set([rep1.id]));

    await h.database.query(`update users set name = '=HYPERLINK("http://x")' where tenant_id = $1 and id = $2`, [t.id, rep2.id]);
    const csv = await t.request('GET', `/api/v1/reports/activity?${period}&format=csv`, controller.token);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe('userId,name,kind,week,interactions');
    expect(lines).toHaveLength(5);
    expect(lines).toContain(`${rep2.id},"'=HYPERLINK(""http://x"")",in_person,2026-03-02,2`);
    const bad = await t.request('GET', '/api/v1/reports/activity?from=2026-03-31&to=2026-03-01&tz=Mars/Olympus', controller.token);
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['to', 'tz']);
  });

  it('sets outcomes claimed against verified, with the verification lag', async () => {
    const { t, rep1, rep2, controller } = await world();
    const res = await t.request('GET', `/api/v1/reports/outcomes?${period}`, controller.token);
    expect(res.statusCode, res.body).toBe(200);
    const byRep = new Map(res.json().data.map((r: { userId: string }) => [r.userId, r]));
    // Lags: verified 2 days after the claim, partly verified 4 days after: mean and median 3.
    expect(byRep.get(rep1.id)).toMatchObject({
      kind: 'assets_deposited', claimed: 4, verified: 1, partiallyVerified: 1, rejected: 1, lapsed: 0, pending: 1,
      claimedAmount: 240_000, verifiedAmount: 130_000, lagDaysAvg: 3, lagDaysMedian: 3,
    });
    expect(byRep.get(rep2.id)).toMatchObject({ kind: 'account_opened', claimed: 1, verified: 1, claimedAmount: 0, lagDaysAvg: 1 });
    const rep = (await t.request('GET', `/api/v1/reports/outcomes?${period}`, rep2.token)).json().data;
    expect(rep.map((r: { userId: string }) => r.userId)).toEqual([rep2.id]);
    const service = await t.user('service');
    expect((await t.request('GET', `/api/v1/reports/outcomes?${period}`, service.token)).statusCode).toBe(403);
  });

  it('weighs campaign cost against verified outcomes credited explicitly, by first touch and by last touch', async () => {
    const { t, rep1, manager, controller, seminar, mailer } = await world();
    const get = async (token: string, extra = '') => {
      const res = await t.request('GET', `/api/v1/reports/campaign-roi?${period}${extra}`, token);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().data as Array<Record<string, unknown>>;
    };
    const pick = (rows: Array<Record<string, unknown>>, key: string, model: string) => rows.find((r) => r['key'] === key && r['model'] === model);
    const rows = await get(controller.token);
    expect(rows).toHaveLength(6);
    // Seminar: 1,000 + 500 in March. Last touch of c1 (both assets outcomes) and of c3 (account opened).
    expect(pick(rows, seminar, 'lastTouch')).toMatchObject({ name: 'Spring seminar', cost: 1_500, assets: 130_000, clientsGained: 1, outcomes: 3, costPerClient: 1_500 });
    expect(pick(rows, seminar, 'firstTouch')).toMatchObject({ assets: 0, clientsGained: 1, outcomes: 1, costPerClient: 1_500 });
    expect(pick(rows, seminar, 'explicit')).toMatchObject({ assets: 30_000, outcomes: 1, clientsGained: 0, costPerClient: null });
    // Mailer: only its March cost line (200); first touch of c1.
    expect(pick(rows, mailer, 'firstTouch')).toMatchObject({ cost: 200, assets: 130_000, outcomes: 2 });
    expect(pick(rows, mailer, 'lastTouch')).toMatchObject({ cost: 200, assets: 0, outcomes: 0 });
    const types = await get(controller.token, '&groupBy=type&interval=month');
    expect(pick(types, 'event', 'lastTouch')).toMatchObject({ month: '2026-03', cost: 1_500, assets: 130_000 });
    // The manager reaches rep1 only: c3's account does not count.
    expect(pick(await get(manager.token), seminar, 'lastTouch')).toMatchObject({ assets: 130_000, clientsGained: 0 });
    expect((await t.request('GET', `/api/v1/reports/campaign-roi?${period}`, rep1.token)).statusCode).toBe(403);
  });

  it('adds won deals to campaign ROI beside verified outcomes; open and lost deals never count', async () => {
    const { t, rep1, rep2, manager, controller, seminar, mailer } = await world();
    const c1 = (await t.request('GET', `/api/v1/contacts?filter[ownerId]=${rep1.id}`, rep1.token)).json().data[0].id as string;
    const c3 = (await t.request('GET', `/api/v1/contacts?filter[ownerId]=${rep2.id}`, rep2.token)).json().data[0].id as string;
    const deal = async (token: string, body: Record<string, unknown>) => {
      const res = await t.request('POST', '/api/v1/deals', token, { name: 'Deal', currency: 'EUR', ...body });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    // c1's touches: mailer 25 Feb, seminar 1 Mar. Won in March: credited first to the mailer, last to the seminar.
    await deal(rep1.token, { contactId: c1, amount: 40_000, stage: 'won', closedAt: '2026-03-12T10:00:00Z' });
    // Explicitly the mailer's; c1's touches still give first and last touch.
    await deal(rep1.token, { contactId: c1, amount: 10_000.5, stage: 'won', closedAt: '2026-03-20T10:00:00Z', campaignId: mailer });
    // Not revenue: lost, still open, or won outside the period.
    await deal(rep1.token, { contactId: c1, amount: 900_000, stage: 'lost', closedAt: '2026-03-15T10:00:00Z', campaignId: seminar });
    await deal(rep1.token, { contactId: c1, amount: 800_000, stage: 'negotiation', campaignId: seminar });
    await deal(rep1.token, { contactId: c1, amount: 700_000, stage: 'won', closedAt: '2026-04-02T10:00:00Z', campaignId: seminar });
    // rep2's client (touched by the seminar on 2 Mar), won in March: outside the manager's reach.
    await deal(rep2.token, { contactId: c3, amount: 5_000, stage: 'won', closedAt: '2026-03-10T10:00:00Z' });

    const get = async (token: string, extra = '') => {
      const res = await t.request('GET', `/api/v1/reports/campaign-roi?${period}${extra}`, token);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().data as Array<Record<string, unknown>>;
    };
    const pick = (rows: Array<Record<string, unknown>>, key: string, model: string) => rows.find((r) => r['key'] === key && r['model'] === model);
    const rows = await get(controller.token);
    expect(rows).toHaveLength(6);
    expect(pick(rows, mailer, 'explicit')).toMatchObject({ dealsWon: 1, dealRevenue: 10_000.5, revenue: 0, outcomes: 0, cost: 200, revenuePerCost: 50.0025 });
    expect(pick(rows, mailer, 'firstTouch')).toMatchObject({ dealsWon: 2, dealRevenue: 50_000.5, assets: 130_000 });
    expect(pick(rows, mailer, 'lastTouch')).toMatchObject({ dealsWon: 0, dealRevenue: 0 });
    expect(pick(rows, seminar, 'explicit')).toMatchObject({ dealsWon: 0, dealRevenue: 0, assets: 30_000 });
    expect(pick(rows, seminar, 'lastTouch')).toMatchObject({ dealsWon: 3, dealRevenue: 55_000.5, cost: 1_500, revenuePerCost: 36.667 });
    expect(pick(rows, seminar, 'firstTouch')).toMatchObject({ dealsWon: 1, dealRevenue: 5_000 });
    const months = await get(controller.token, '&groupBy=type&interval=month');
    expect(pick(months, 'direct_mail', 'firstTouch')).toMatchObject({ month: '2026-03', dealsWon: 2, dealRevenue: 50_000.5 });
    // The manager reaches rep1's deals only.
    expect(pick(await get(manager.token), seminar, 'lastTouch')).toMatchObject({ dealsWon: 2, dealRevenue: 50_000.5 });
    const csv = await t.request('GET', `/api/v1/reports/campaign-roi?${period}&format=csv`, controller.token);
    expect(csv.body.split('\r\n')[0]).toContain('dealsWon,dealRevenue');
  });

  it('exports cadence compliance and compensation statements, and keeps tenants apart', async () => {
    const { t, rep1, controller } = await world();
    await t.request('POST', '/api/v1/cadence/policies', t.admin, { name: 'All', scopeKind: 'all', maxIntervalDays: 30, effectiveFrom: '2026-01-01T00:00:00Z' });
    await t.request('POST', '/api/v1/cadence/evaluate', t.admin, { asOf: '2026-03-20T00:00:00Z' });
    const cadence = await t.request('GET', '/api/v1/reports/cadence?format=csv', controller.token);
    expect(cadence.body.split('\r\n')[0]).toBe('id,name,clients,inside,overdue,overContacted,share');
    expect(cadence.body.trimEnd().split('\r\n')).toHaveLength(3);
    const plan = await t.request('POST', '/api/v1/compensation/plans', t.admin, {
      name: 'March', periodStart: '2026-03-01', periodEnd: '2026-03-31',
      rules: { currency: 'EUR', assets: { bands: [{ upTo: null, bps: 100 }] } },
    });
    const comp = await t.request('GET', `/api/v1/reports/compensation?planId=${plan.json().id}`, controller.token);
    expect(comp.statusCode, comp.body).toBe(200);
    // 100,000 + 30,000 verified at 1% = 1,300.00
    expect(comp.json().data.find((r: { userId: string }) => r.userId === rep1.id)).toMatchObject({ assets: 1_300, total: 1_300, verifiedAssets: 130_000 });

    const other = await h.tenant();
    for (const path of [`activity?${period}`, `outcomes?${period}`, `campaign-roi?${period}`, 'cadence']) {
      const res = await other.request('GET', `/api/v1/reports/${path}`, other.admin);
      expect(res.statusCode, path).toBe(200);
      expect(res.json().data, path).toEqual([]);
    }
    expect((await other.request('GET', `/api/v1/reports/compensation?planId=${plan.json().id}`, other.admin)).statusCode).toBe(404);
  });
});
