import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { forEachDatabase } from '../../test/harness.ts';
import { trail } from '../timeline/test-fixtures.ts';
import { advisorWorld, book, claim, day, ok } from './fixtures.ts';

type Outcome = { id: string; status: string; decisions: Array<{ id: string; status: string; correctsId: string | null; transactionIds: string[]; decidedBy: string | null; amountVerified: number | null }> };

forEachDatabase('outcomes API', (h) => {
  it('lets a rep claim on their own interactions only, and only controllers and admins decide', async () => {
    const t = await h.tenant();
    const w = await advisorWorld(t);
    const o = await ok<Outcome & { contactId: string; claimedBy: string }>(claim(t, w, { kind: 'assets_deposited', amount: 250000, currency: 'EUR', targetAccountId: w.clientAccount }), 201);
    expect(o).toMatchObject({ status: 'claimed', contactId: w.client, claimedBy: w.rep.id, decisions: [{ status: 'claimed', decidedBy: w.rep.id }] });
    const interaction = await ok<{ outcomes: unknown[] }>(t.request('GET', `/api/v1/interactions/${w.interactionId}`, w.rep.token));
    expect(interaction.outcomes).toEqual([{ id: o.id, kind: 'assets_deposited', amount: 250000, currency: 'EUR', status: 'claimed' }]);

    const otherRep = await t.user('rep', { teamIds: [w.team] });
    const refused = await claim(t, w, { kind: 'revenue', amount: 10, currency: 'EUR' }, otherRep.token);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().detail).toContain('interactions you own');
    for (const role of ['controller', 'read_only', 'service'] as const) {
      const u = await t.user(role, { teamIds: [w.team] });
      expect((await claim(t, w, { kind: 'revenue', amount: 10, currency: 'EUR' }, u.token)).statusCode, role).toBe(403);
    }
    const wrongAccount = await claim(t, w, { kind: 'assets_deposited', amount: 5, currency: 'EUR', targetAccountId: w.strangerAccount });
    expect(wrongAccount.statusCode).toBe(422);
    expect(wrongAccount.json().errors).toEqual([{ field: 'targetAccountId', message: "is not an account of the client or the client's household" }]);
    expect((await claim(t, w, { kind: 'assets_pledged', currency: 'EUR' })).json().errors).toEqual([{ field: 'amount', message: 'is required for assets_pledged' }]);

    const manager = await t.user('manager', { teamIds: [w.team] });
    const service = await t.user('service', { teamIds: [w.team] });
    const viewer = await t.user('read_only', { teamIds: [w.team] });
    for (const token of [w.rep.token, manager.token, service.token, viewer.token]) {
      const r = await t.request('POST', `/api/v1/outcomes/${o.id}/decisions`, token, { status: 'verified' });
      expect(r.statusCode).toBe(403);
      expect(r.json().detail).toBe('Only controllers and admins decide on outcomes');
    }
    expect((await t.request('GET', '/api/v1/outcomes/queue', w.rep.token)).statusCode).toBe(403);
    const verified = await ok<Outcome>(t.request('POST', `/api/v1/outcomes/${o.id}/decisions`, w.controller.token, { status: 'verified', evidence: 'custodian statement' }), 201);
    expect(verified.status).toBe('verified');
    expect(verified.decisions[1]).toMatchObject({ status: 'verified', decidedBy: w.controller.id, amountVerified: 250000 });
    expect(await trail(h, t, o.id)).toEqual({ audit: ['outcome.claimed', 'outcome.verified'], events: ['outcome.claimed', 'outcome.decided'] });
    // The rep still reads it; a rep of another team does not.
    expect((await t.request('GET', `/api/v1/outcomes/${o.id}`, w.rep.token)).statusCode).toBe(200);
    const outsider = await t.user('rep');
    expect((await t.request('GET', `/api/v1/outcomes/${o.id}`, outsider.token)).statusCode).toBe(404);
    expect((await t.request('DELETE', `/api/v1/interactions/${w.interactionId}`, w.rep.token)).statusCode).toBe(409);
    const second = await ok<Outcome>(claim(t, w, { kind: 'revenue', amount: 900, currency: 'EUR' }), 201);
    expect((await ok<Outcome>(t.request('POST', `/api/v1/outcomes/${second.id}/decisions`, t.admin, { status: 'rejected', reason: 'duplicate' }), 201)).status).toBe('rejected');
  });

  it('refuses decisions by the claimant or anyone in their reporting line, with a clear problem', async () => {
    const t = await h.tenant();
    const w = await advisorWorld(t);
    const boss = await t.user('controller');
    const junior = await t.user('controller');
    const setManager = (userId: string, managerId: string) => h.database.query('update users set manager_id = $1 where tenant_id = $2 and id = $3', [managerId, t.id, userId]);
    const bigBoss = await t.user('admin');
    await setManager(w.rep.id, boss.id);
    await setManager(boss.id, bigBoss.id);
    await setManager(junior.id, w.rep.id);
    const o = await ok<Outcome>(claim(t, w, { kind: 'revenue', amount: 1200, currency: 'EUR' }), 201);
    for (const [token, detail] of [
      [boss.token, 'The claimant reports to you'], [bigBoss.token, 'The claimant reports to you'], [junior.token, 'above you'],
    ] as const) {
      const r = await t.request('POST', `/api/v1/outcomes/${o.id}/decisions`, token, { status: 'rejected', reason: 'no' });
      expect(r.statusCode).toBe(403);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.json()).toMatchObject({ code: 'separation_of_duties' });
      expect(r.json().detail).toContain(detail);
    }
    const queue = await ok<{ data: Array<{ outcome: { id: string }; mayDecide: boolean; blockedBecause: string | null }> }>(t.request('GET', '/api/v1/outcomes/queue', boss.token));
    expect(queue.data.find((q) => q.outcome.id === o.id)).toMatchObject({ mayDecide: false });
    // An admin who claims cannot verify their own claim either.
    const adminInteraction = await ok<{ id: string }>(t.request('POST', '/api/v1/interactions', t.admin, { kind: 'phone_call', participants: [{ contactId: w.client }] }), 201);
    const own = await ok<Outcome>(claim(t, w, { kind: 'revenue', amount: 10, currency: 'EUR' }, t.admin, adminInteraction.id), 201);
    const self = await t.request('POST', `/api/v1/outcomes/${own.id}/decisions`, t.admin, { status: 'verified' });
    expect(self.statusCode).toBe(403);
    expect(self.json().detail).toBe('You claimed this outcome; someone else must decide on it');
    expect((await t.request('POST', `/api/v1/outcomes/${o.id}/decisions`, w.controller.token, { status: 'rejected', reason: 'not booked' })).statusCode).toBe(201);
  });

  it('never edits a decision: a correction is a new entry naming the old one', async () => {
    const t = await h.tenant();
    const w = await advisorWorld(t);
    const [tx] = await book(t, [{ account: w.ext.client, amount: 50000, on: day(2) }]);
    const o = await ok<Outcome>(claim(t, w, { kind: 'assets_deposited', amount: 80000, currency: 'EUR' }), 201);
    const url = `/api/v1/outcomes/${o.id}/decisions`;
    expect((await t.request('POST', url, w.controller.token, { status: 'partially_verified' })).json().errors).toEqual([{ field: 'amountVerified', message: 'is required for partially_verified' }]);
    expect((await t.request('POST', url, w.controller.token, { status: 'rejected' })).json().errors).toEqual([{ field: 'reason', message: 'is required for rejected' }]);
    const rejected = await ok<Outcome>(t.request('POST', url, w.controller.token, { status: 'rejected', reason: 'nothing booked' }), 201);
    const again = await t.request('POST', url, w.controller.token, { status: 'verified' });
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toContain(`correctsId ${rejected.decisions[1]!.id}`);
    const corrected = await ok<Outcome>(t.request('POST', url, w.controller.token, {
      status: 'partially_verified', amountVerified: 50000, transactionIds: [tx], correctsId: rejected.decisions[1]!.id, evidence: 'first tranche arrived',
    }), 201);
    expect(corrected.status).toBe('partially_verified');
    expect(corrected.decisions.map((d) => d.status)).toEqual(['claimed', 'rejected', 'partially_verified']);
    expect(corrected.decisions[2]).toMatchObject({ correctsId: rejected.decisions[1]!.id, transactionIds: [tx], amountVerified: 50000 });
    expect(corrected.decisions[1]).toEqual(rejected.decisions[1]);
    expect((await trail(h, t, o.id)).audit).toEqual(['outcome.claimed', 'outcome.rejected', 'outcome.decision_corrected']);
    // Not even the owner connection may change or remove a decision or its evidence.
    await expect(h.database.query("update outcome_decisions set status = 'verified' where tenant_id = $1", [t.id])).rejects.toThrow(/append-only/);
    await expect(h.database.query('delete from outcome_decisions where tenant_id = $1', [t.id])).rejects.toThrow(/append-only/);
    await expect(h.database.query('delete from outcome_decision_transactions where tenant_id = $1', [t.id])).rejects.toThrow(/append-only/);
    // And the app role has no UPDATE or DELETE privilege on them at all.
    await expect(h.database.withTenant(t.id, (db) => db.execute(sql`update outcome_decisions set reason = 'x' where tenant_id = ${t.id}::uuid`)))
      .rejects.toThrow();
    const stale = await t.request('POST', url, w.controller.token, { status: 'verified', correctsId: rejected.decisions[1]!.id });
    expect(stale.statusCode).toBe(422);
    expect(stale.json().errors[0].field).toBe('correctsId');
  });
});
