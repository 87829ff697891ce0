import { expect, it } from 'vitest';
import { forEachDatabase, type Harness, type TestTenant } from '../../test/harness.ts';
import { makeContact } from '../timeline/test-fixtures.ts';

const DAY = 86_400_000;

async function setZone(h: Harness, t: TestTenant, contactId: string, zone: string) {
  await h.database.query(`update contacts set enrichment = jsonb_build_object('timeZone', jsonb_build_object('value', $3::text)) where tenant_id = $1 and id = $2`, [t.id, contactId, zone]);
}

async function log(t: TestTenant, token: string, contactId: string, occurredAt: string, kind = 'phone_call') {
  const res = await t.request('POST', '/api/v1/interactions', token, { kind, occurredAt, participants: [{ contactId }] });
  expect(res.statusCode, res.body).toBe(201);
  const body = res.json() as { id: string; cadenceWarnings?: Array<{ code: string; policyName: string; message: string; otherContactAt: string }> };
  return { ...body, cadenceWarnings: body.cadenceWarnings ?? [] };
}

async function policy(t: TestTenant, body: Record<string, unknown>, token = t.admin) {
  const res = await t.request('POST', '/api/v1/cadence/policies', token, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number };
}

async function evaluate(t: TestTenant, asOf: string | Date, token = t.admin) {
  const res = await t.request('POST', '/api/v1/cadence/evaluate', token, { asOf: new Date(asOf).toISOString() });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { evaluated: number; ok: number; overdue: number; overContacted: number; inactive: number; tasksCreated: number };
}

async function status(h: Harness, t: TestTenant, contactId: string) {
  const rows = await h.database.query<{ status: string; due_on: string | null }>(
    `select status, due_on::text from cadence_statuses where tenant_id = $1 and contact_id = $2`, [t.id, contactId]);
  return rows[0];
}

const openTasks = (h: Harness, t: TestTenant, contactId: string) =>
  h.database.query<{ id: string; title: string; assignee_id: string }>(`select id, title, assignee_id from tasks where tenant_id = $1 and contact_id = $2 and status = 'open'`, [t.id, contactId]);

forEachDatabase('cadence', (h) => {
  it('counts the maximum interval in local days of the client, across a daylight-saving change', async () => {
    const t = await h.tenant();
    const rep = await t.user('rep');
    await policy(t, { name: 'Gold monthly', scopeKind: 'tier', scopeValue: 'Gold', maxIntervalDays: 30, effectiveFrom: '2025-01-01T00:00:00Z' });
    const ny = await makeContact(t, rep.token, { tier: 'Gold' });
    await setZone(h, t, ny, 'America/New_York');
    const utc = await makeContact(t, rep.token, { tier: 'Gold' });
    // 23:30 on 31 January in New York is already 1 February in UTC.
    await log(t, rep.token, ny, '2026-02-01T04:30:00Z');
    await log(t, rep.token, utc, '2026-02-01T04:30:00Z');
    await evaluate(t, '2026-03-03T04:59:00Z'); // 23:59 on 2 March in New York
    expect(await status(h, t, ny)).toEqual({ status: 'ok', due_on: '2026-03-02' });
    await evaluate(t, '2026-03-03T05:00:00Z'); // midnight: 3 March in New York
    expect(await status(h, t, ny)).toEqual({ status: 'overdue', due_on: '2026-03-02' });
    expect(await status(h, t, utc)).toEqual({ status: 'ok', due_on: '2026-03-03' });

    // Clocks go forward on 8 March: the last day stays a whole local day (midnight is 04:00 UTC).
    const dst = await makeContact(t, rep.token, { tier: 'Gold' });
    await setZone(h, t, dst, 'America/New_York');
    await t.request('PATCH', `/api/v1/cadence/policies/${(await t.request('GET', '/api/v1/cadence/policies', t.admin)).json().data[0].id}`, t.admin, { maxIntervalDays: 14 });
    await log(t, rep.token, dst, '2026-03-01T05:30:00Z'); // 00:30 EST on 1 March
    await evaluate(t, '2026-03-16T03:59:00Z'); // 23:59 EDT on 15 March
    expect(await status(h, t, dst)).toEqual({ status: 'ok', due_on: '2026-03-15' });
    await evaluate(t, '2026-03-16T04:00:00Z');
    expect(await status(h, t, dst)).toEqual({ status: 'overdue', due_on: '2026-03-15' });
  });

  it('warns on a contact inside the minimum interval, per kind and in local days', async () => {
    const t = await h.tenant();
    const rep = await t.user('rep');
    await policy(t, { name: 'Calls weekly at most', scopeKind: 'relationship', scopeValue: 'client', kinds: ['phone_call'], minIntervalDays: 7 });
    const a = await makeContact(t, rep.token, { lifecycleStage: 'client' });
    expect((await log(t, rep.token, a, '2026-05-01T12:00:00Z')).cadenceWarnings).toEqual([]);
    expect((await log(t, rep.token, a, '2026-05-03T12:00:00Z', 'email')).cadenceWarnings).toEqual([]);
    const again = await log(t, rep.token, a, '2026-05-07T12:00:00Z');
    expect(again.cadenceWarnings).toHaveLength(1);
    expect(again.cadenceWarnings[0]).toMatchObject({ code: 'over_contacted', policyName: 'Calls weekly at most', otherContactAt: '2026-05-01T12:00:00.000Z' });
    expect(again.cadenceWarnings[0]!.message).toContain('2026-05-01');

    const b = await makeContact(t, rep.token, { lifecycleStage: 'client' });
    await log(t, rep.token, b, '2026-05-01T12:00:00Z');
    expect((await log(t, rep.token, b, '2026-05-08T12:00:00Z')).cadenceWarnings).toEqual([]);

    // 23:00 on 1 May and 01:00 on 8 May in Tokyo: seven local days, though only six UTC dates apart.
    const tokyo = await makeContact(t, rep.token, { lifecycleStage: 'client' });
    await setZone(h, t, tokyo, 'Asia/Tokyo');
    await log(t, rep.token, tokyo, '2026-05-01T14:00:00Z');
    expect((await log(t, rep.token, tokyo, '2026-05-07T16:00:00Z')).cadenceWarnings).toEqual([]);
    const prospect = await makeContact(t, rep.token, { lifecycleStage: 'prospect' });
    await log(t, rep.token, prospect, '2026-05-01T12:00:00Z');
    expect((await log(t, rep.token, prospect, '2026-05-02T12:00:00Z')).cadenceWarnings).toEqual([]);
  });

  it("answers a contact's cadence now, with over-contact, next allowed and due days", async () => {
    const t = await h.tenant();
    const rep = await t.user('rep');
    const p = await policy(t, { name: 'Platinum', scopeKind: 'tier', scopeValue: 'Platinum', minIntervalDays: 7, maxIntervalDays: 30, effectiveFrom: '2025-01-01T00:00:00Z' });
    const c = await makeContact(t, rep.token, { tier: 'Platinum' });
    const last = new Date(Date.now() - DAY);
    await log(t, rep.token, c, new Date(Date.now() - 3 * DAY).toISOString());
    await log(t, rep.token, c, last.toISOString());
    const res = await t.request('GET', `/api/v1/contacts/${c}/cadence`, rep.token);
    expect(res.statusCode, res.body).toBe(200);
    const day = (d: Date, plus: number) => new Date(Date.parse(d.toISOString().slice(0, 10)) + plus * DAY).toISOString().slice(0, 10);
    expect(res.json().policies).toEqual([{
      policy: { id: p.id, name: 'Platinum', kinds: null, minIntervalDays: 7, maxIntervalDays: 30 },
      status: 'over_contacted', timeZone: 'UTC', lastContactAt: last.toISOString(), recentContacts: 2,
      nextAllowedOn: day(last, 7), dueOn: day(last, 30), openTaskId: null,
    }]);
    const stranger = await t.user('rep');
    expect((await t.request('GET', `/api/v1/contacts/${c}/cadence`, stranger.token)).statusCode).toBe(404);
  });

  it('opens one follow-up task per overdue client and policy, never a second open one', async () => {
    const t = await h.tenant();
    const rep = await t.user('rep');
    await policy(t, { name: 'Silver quarterly', scopeKind: 'tier', scopeValue: 'Silver', maxIntervalDays: 90, effectiveFrom: '2025-01-01T00:00:00Z' });
    const c = await makeContact(t, rep.token, { tier: 'Silver', givenName: 'Ada', familyName: 'Lovelace' });
    const fresh = await makeContact(t, rep.token, { tier: 'Silver' });
    const asOf = new Date('2026-11-30T12:00:00Z');
    await log(t, rep.token, c, new Date(asOf.getTime() - 120 * DAY).toISOString());
    await log(t, rep.token, fresh, new Date(asOf.getTime() - 10 * DAY).toISOString());
    const [first, second] = await Promise.all([evaluate(t, asOf), evaluate(t, asOf)]);
    expect(first!.tasksCreated + second!.tasksCreated).toBe(1);
    expect(first).toMatchObject({ evaluated: 2, ok: 1, overdue: 1 });
    const tasks = await openTasks(h, t, c);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ assignee_id: rep.id });
    expect(tasks[0]!.title).toContain('Ada Lovelace');
    expect((await evaluate(t, asOf)).tasksCreated).toBe(0);
    const view = (await t.request('GET', `/api/v1/contacts/${c}/cadence`, rep.token)).json();
    expect(view.policies[0].openTaskId).toBe(tasks[0]!.id);
    const audit = await h.database.query<{ n: number }>(`select count(*)::int as n from audit_log where tenant_id = $1 and entity_id = $2 and action = 'task.created'`, [t.id, tasks[0]!.id]);
    expect(audit[0]!.n).toBe(1);
    // Done without the client contacted: the next run opens a new one (one open at a time).
    expect((await t.request('PATCH', `/api/v1/tasks/${tasks[0]!.id}`, rep.token, { status: 'done' })).statusCode).toBe(200);
    expect((await evaluate(t, asOf)).tasksCreated).toBe(1);
    expect(await openTasks(h, t, c)).toHaveLength(1);
    const runs = (await t.request('GET', '/api/v1/cadence/runs?limit=2', rep.token)).json().data;
    expect(runs).toHaveLength(2);
    expect(runs[0]).toMatchObject({ asOf: asOf.toISOString(), counts: { ok: 1, overdue: 1, inactive: 0, tasksCreated: 1 } });
  });

  it('judges by the policy as it stands at each run: tightened, loosened, paused, out of scope', async () => {
    const t = await h.tenant();
    const rep = await t.user('rep');
    const asOf = new Date('2026-10-15T12:00:00Z');
    const p = await policy(t, { name: 'Gold', scopeKind: 'tier', scopeValue: 'Gold', maxIntervalDays: 90, effectiveFrom: '2025-01-01T00:00:00Z' });
    const c = await makeContact(t, rep.token, { tier: 'Gold' });
    await log(t, rep.token, c, new Date(asOf.getTime() - 40 * DAY).toISOString());
    expect((await evaluate(t, asOf)).ok).toBe(1);
    const tightened = await t.request('PATCH', `/api/v1/cadence/policies/${p.id}`, t.admin, { maxIntervalDays: 30 }, { 'if-match': 'W/"1"' });
    expect(tightened.statusCode, tightened.body).toBe(200);
    expect(await evaluate(t, asOf)).toMatchObject({ overdue: 1, tasksCreated: 1 });
    expect((await t.request('PATCH', `/api/v1/cadence/policies/${p.id}`, t.admin, { maxIntervalDays: 90 }, { 'if-match': 'W/"1"' })).statusCode).toBe(412);
    await t.request('PATCH', `/api/v1/cadence/policies/${p.id}`, t.admin, { maxIntervalDays: 90 });
    expect(await evaluate(t, asOf)).toMatchObject({ ok: 1, overdue: 0, tasksCreated: 0 });
    // A client never contacted is judged from when the policy took effect.
    const never = await makeContact(t, rep.token, { tier: 'Gold' });
    await t.request('PATCH', `/api/v1/cadence/policies/${p.id}`, t.admin, { effectiveFrom: new Date(asOf.getTime() - 60 * DAY).toISOString() });
    await evaluate(t, asOf);
    expect((await status(h, t, never))!.status).toBe('ok');
    await t.request('PATCH', `/api/v1/cadence/policies/${p.id}`, t.admin, { maxIntervalDays: 45 });
    await evaluate(t, asOf);
    expect((await status(h, t, never))!.status).toBe('overdue');
    await t.request('PATCH', `/api/v1/contacts/${never}`, rep.token, { tier: 'Silver' });
    const moved = await evaluate(t, asOf);
    expect(moved).toMatchObject({ evaluated: 1, inactive: 1 });
    expect((await status(h, t, never))!.status).toBe('inactive');
    await t.request('PATCH', `/api/v1/cadence/policies/${p.id}`, t.admin, { active: false });
    expect(await evaluate(t, asOf)).toMatchObject({ evaluated: 0, inactive: 2 });
  });

  it("reports each rep's and team's share of their book inside policy, by role", async () => {
    const t = await h.tenant();
    const teamA = await t.team('A');
    const teamB = await t.team('B');
    const rep1 = await t.user('rep', { teamIds: [teamA] });
    const rep2 = await t.user('rep', { teamIds: [teamB] });
    const manager = await t.user('manager', { teamIds: [teamA] });
    const controller = await t.user('controller');
    const service = await t.user('service');
    const asOf = new Date('2026-11-01T12:00:00Z');
    await policy(t, { name: 'All clients', scopeKind: 'relationship', scopeValue: 'client', maxIntervalDays: 30, effectiveFrom: '2025-01-01T00:00:00Z' });
    const ok1 = await makeContact(t, rep1.token, { lifecycleStage: 'client' });
    await makeContact(t, rep1.token, { lifecycleStage: 'client' });
    const ok2 = await makeContact(t, rep2.token, { lifecycleStage: 'client' });
    await log(t, rep1.token, ok1, new Date(asOf.getTime() - 5 * DAY).toISOString());
    await log(t, rep2.token, ok2, new Date(asOf.getTime() - 5 * DAY).toISOString());
    await evaluate(t, asOf, manager.token);
    const get = (token: string, groupBy = 'rep') => t.request('GET', `/api/v1/cadence/compliance?groupBy=${groupBy}`, token);
    const all = (await get(controller.token)).json();
    expect(all.data.map((r: { id: string; clients: number; inside: number; share: number }) => [r.id, r.clients, r.inside, r.share])).toEqual(
      expect.arrayContaining([[rep1.id, 2, 1, 0.5], [rep2.id, 1, 1, 1]]));
    expect(all.data).toHaveLength(2);
    expect((await get(rep1.token)).json().data.map((r: { id: string }) => r.id)).toEqual([rep1.id]);
    expect((await get(manager.token)).json().data.map((r: { id: string }) => r.id)).toEqual([rep1.id]);
    const teams = (await get(t.admin, 'team')).json().data;
    expect(teams.map((r: { name: string; share: number }) => [r.name, r.share])).toEqual([['A', 0.5], ['B', 1]]);
    expect((await get(service.token)).statusCode).toBe(403);
    expect((await t.request('POST', '/api/v1/cadence/evaluate', rep1.token, {})).statusCode).toBe(403);
  });

  it('validates policies by field, limits who writes them and keeps tenants apart', async () => {
    const t = await h.tenant();
    const rep = await t.user('rep');
    const bad = await t.request('POST', '/api/v1/cadence/policies', t.admin, { name: 'x', scopeKind: 'segment', scopeValue: 'gold', minIntervalDays: 10, maxIntervalDays: 5 });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['minIntervalDays', 'scopeValue']);
    const none = await t.request('POST', '/api/v1/cadence/policies', t.admin, { name: 'x', scopeKind: 'all' });
    expect(none.json().errors.map((e: { field: string }) => e.field)).toEqual(['maxIntervalDays']);
    const missing = await t.request('POST', '/api/v1/cadence/policies', t.admin, { name: 'x', scopeKind: 'segment', scopeValue: '0190f0f0-0000-7000-8000-00000000dead', maxIntervalDays: 5 });
    expect(missing.json().errors).toEqual([{ field: 'scopeValue', message: 'no such category' }]);
    expect((await t.request('POST', '/api/v1/cadence/policies', rep.token, { name: 'x', scopeKind: 'all', maxIntervalDays: 5 })).statusCode).toBe(403);
    const p = await policy(t, { name: 'Everyone', scopeKind: 'all', maxIntervalDays: 5 });
    const c = await makeContact(t, rep.token);
    await evaluate(t, new Date());

    const other = await h.tenant();
    expect((await other.request('GET', '/api/v1/cadence/policies', other.admin)).json().data).toEqual([]);
    expect((await other.request('GET', `/api/v1/cadence/policies/${p.id}`, other.admin)).statusCode).toBe(404);
    expect((await other.request('GET', `/api/v1/contacts/${c}/cadence`, other.admin)).statusCode).toBe(404);
    expect(await evaluate(other, new Date())).toMatchObject({ evaluated: 0, tasksCreated: 0 });
    expect((await status(h, t, c))!.status).toBe('ok');
    expect((await t.request('DELETE', `/api/v1/cadence/policies/${p.id}`, t.admin)).statusCode).toBe(204);
    expect(await status(h, t, c)).toBeUndefined();
  });
});
