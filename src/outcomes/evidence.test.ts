import { expect, it } from 'vitest';
import { forEachDatabase } from '../../test/harness.ts';
import { createWorker } from '../platform/jobs/worker.ts';
import { trail } from '../timeline/test-fixtures.ts';
import { advisorWorld, book, claim, day, ok } from './fixtures.ts';
import { outcomeJobs } from './jobs.ts';

type Suggestion = { transactionId: string; viaHousehold: boolean; amount: number; difference: number; alreadyEvidenceFor: string[] };

forEachDatabase('outcome evidence and lapse', (h) => {
  it('suggests inflows on the client and household accounts within the amount tolerance and the window', async () => {
    const t = await h.tenant();
    const w = await advisorWorld(t);
    const o = await ok<{ id: string }>(claim(t, w, { kind: 'assets_deposited', amount: 100000, currency: 'EUR' }), 201);
    const [exact, near, household, low, usd, withdrawal, late, early, stranger, edge] = await book(t, [
      { account: w.ext.client, amount: 100000, on: day(3) },
      { account: w.ext.client, amount: 101500, on: day(1) }, // +1.5 %
      { account: w.ext.joint, amount: 99000, on: day(10), kind: 'transfer_in' }, // -1 %, through the household
      { account: w.ext.client, amount: 97000, on: day(2) }, // -3 %: outside 2 %
      { account: w.ext.client, amount: 100000, on: day(2), currency: 'USD' },
      { account: w.ext.client, amount: 100000, on: day(2), kind: 'withdrawal' },
      { account: w.ext.client, amount: 100000, on: day(31) }, // after the 30-day window
      { account: w.ext.client, amount: 100000, on: day(-2) }, // before the claim
      { account: w.ext.stranger, amount: 100000, on: day(2) }, // someone else's account
      { account: w.ext.client, amount: 102000, on: day(30) }, // exactly on both limits
    ]);
    // Another tenant with the same numbers and amounts: never suggested.
    const other = await h.tenant();
    const ow = await advisorWorld(other);
    await book(other, [{ account: ow.ext.client, amount: 100000, on: day(3) }]);

    const got = await ok<{ data: Suggestion[] }>(t.request('GET', `/api/v1/outcomes/${o.id}/evidence`, w.controller.token));
    expect(got.data.map((s) => s.transactionId)).toEqual([exact, household, near, edge]);
    expect(got.data.map((s) => s.difference)).toEqual([0, -1000, 1500, 2000]);
    expect(got.data.map((s) => s.viaHousehold)).toEqual([false, true, false, false]);
    for (const id of [low, usd, withdrawal, late, early, stranger]) expect(got.data.map((s) => s.transactionId)).not.toContain(id);

    const wider = await ok<{ data: Suggestion[] }>(t.request('GET', `/api/v1/outcomes/${o.id}/evidence?tolerancePct=5&windowDays=60&lookbackDays=3`, w.controller.token));
    expect(new Set(wider.data.map((s) => s.transactionId))).toEqual(new Set([exact, near, household, low, late, early, edge]));
    // The other tenant's controller cannot even see the outcome.
    expect((await other.request('GET', `/api/v1/outcomes/${o.id}/evidence`, ow.controller.token)).statusCode).toBe(404);

    const queue = await ok<{ data: Array<{ outcome: { id: string }; suggestions: Suggestion[]; mayDecide: boolean }> }>(t.request('GET', '/api/v1/outcomes/queue', w.controller.token));
    expect(queue.data).toHaveLength(1);
    expect(queue.data[0]).toMatchObject({ outcome: { id: o.id }, mayDecide: true });
    expect(queue.data[0]!.suggestions.map((s) => s.transactionId)).toEqual([exact, household, near, edge]);

    // Linking evidence: only inflows on the client's or household's accounts.
    const url = `/api/v1/outcomes/${o.id}/decisions`;
    const bad = await t.request('POST', url, w.controller.token, { status: 'verified', transactionIds: [exact, withdrawal, stranger] });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors).toEqual([
      { field: 'transactionIds.1', message: 'is a withdrawal, not money coming in' },
      { field: 'transactionIds.2', message: "is not on an account of the client or the client's household" },
    ]);
    const verified = await ok<{ decisions: Array<{ amountVerified: number | null }> }>(t.request('POST', url, w.controller.token, { status: 'verified', transactionIds: [exact] }), 201);
    expect(verified.decisions[1]!.amountVerified).toBe(100000);
    expect((await ok<{ data: unknown[] }>(t.request('GET', '/api/v1/outcomes/queue', w.controller.token))).data).toEqual([]);
    // A second claim on the same money sees that the transaction is already someone's evidence.
    const second = await ok<{ id: string }>(claim(t, w, { kind: 'assets_deposited', amount: 100000, currency: 'EUR' }), 201);
    const again = await ok<{ data: Suggestion[] }>(t.request('GET', `/api/v1/outcomes/${second.id}/evidence`, w.controller.token));
    expect(again.data.find((s) => s.transactionId === exact)!.alreadyEvidenceFor).toEqual([o.id]);
  });

  it('lapses pledges not converted in time, by endpoint and as a job', async () => {
    const t = await h.tenant();
    const w = await advisorWorld(t);
    const old = await ok<{ id: string }>(claim(t, w, { kind: 'assets_pledged', amount: 500000, currency: 'EUR' }), 201);
    const recent = await ok<{ id: string }>(claim(t, w, { kind: 'assets_pledged', amount: 200000, currency: 'EUR' }), 201);
    const converted = await ok<{ id: string }>(claim(t, w, { kind: 'assets_pledged', amount: 300000, currency: 'EUR' }), 201);
    const deposit = await ok<{ id: string }>(claim(t, w, { kind: 'assets_deposited', amount: 300000, currency: 'EUR', pledgeId: converted.id }), 201);
    const oldDeposit = await ok<{ id: string }>(claim(t, w, { kind: 'assets_deposited', amount: 10, currency: 'EUR' }), 201);
    await ok(t.request('POST', `/api/v1/outcomes/${deposit.id}/decisions`, w.controller.token, { status: 'verified' }), 201);
    await h.database.query("update outcomes set claimed_at = now() - interval '100 days' where tenant_id = $1 and id = any($2::uuid[])", [t.id, `{${old.id},${converted.id},${oldDeposit.id}}`]);

    expect((await t.request('POST', '/api/v1/outcomes/lapse', w.rep.token, { days: 90 })).statusCode).toBe(403);
    const result = await ok<{ lapsed: number; outcomeIds: string[] }>(t.request('POST', '/api/v1/outcomes/lapse', w.controller.token, { days: 90 }));
    expect(result).toEqual({ lapsed: 1, outcomeIds: [old.id] });
    const lapsed = await ok<{ status: string; decisions: Array<{ status: string; decidedBy: string | null; reason: string | null }> }>(t.request('GET', `/api/v1/outcomes/${old.id}`, w.rep.token));
    expect(lapsed.status).toBe('lapsed');
    expect(lapsed.decisions[1]).toMatchObject({ status: 'lapsed', decidedBy: null, reason: 'Pledge not converted within 90 days' });
    expect(await trail(h, t, old.id)).toEqual({ audit: ['outcome.claimed', 'outcome.lapsed'], events: ['outcome.claimed', 'outcome.lapsed'] });
    const statuses = await ok<{ data: Array<{ id: string; status: string }> }>(t.request('GET', '/api/v1/outcomes?status=lapsed', w.rep.token));
    expect(statuses.data.map((o) => o.id)).toEqual([old.id]);
    expect((await ok<{ lapsed: number }>(t.request('POST', '/api/v1/outcomes/lapse', w.controller.token, { days: 90 }))).lapsed).toBe(0);

    // As a job: the recent pledge, now two days old, lapses under a one-day rule.
    await h.database.query("update outcomes set claimed_at = now() - interval '2 days' where tenant_id = $1 and id = $2", [t.id, recent.id]);
    const queued = await ok<{ jobId: string }>(t.request('POST', '/api/v1/outcomes/lapse?async=true', w.controller.token, { days: 1 }), 202);
    expect(await createWorker(h.database, outcomeJobs).runOnce(queued.jobId)).toBe(true);
    const job = await ok<{ status: string; result: { lapsed: number } }>(t.request('GET', `/api/v1/jobs/${queued.jobId}`, w.controller.token));
    expect(job).toMatchObject({ status: 'succeeded', result: { lapsed: 1 } });
    expect((await ok<{ status: string }>(t.request('GET', `/api/v1/outcomes/${recent.id}`, w.rep.token))).status).toBe('lapsed');
    expect((await ok<{ status: string }>(t.request('GET', `/api/v1/outcomes/${converted.id}`, w.rep.token))).status).toBe('claimed');
  });
});
