// POST /api/v1/matching/decisions: "same" / "not the same" on any two contacts or companies, in the
// review queue or not (issue 5). A "not the same" pair is left out of both checks and the queue;
// repeating a decision writes nothing; ids are tenant-scoped and the records must be updatable.
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { expect, it } from 'vitest';
import { forEachDatabase, type TestTenant } from '../../test/harness.ts';
import { rowsOf } from '../db/sql.ts';
import { inTenant } from '../platform/context.ts';
import { canonical, labelsOf, upsertCandidates } from './data.ts';

const ok = (res: LightMyRequestResponse, status = 200) => {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
};
const idsOf = (res: { candidates: Array<{ contact?: { id: string }; company?: { id: string } }> }) => res.candidates.map((c) => (c.contact ?? c.company)!.id);

async function create(t: TestTenant, path: string, body: object, token = t.admin): Promise<string> {
  return ok(await t.request('POST', path, token, body), 201).id as string;
}

async function auditCount(t: TestTenant, id: string) {
  return inTenant(t.ctx, async (tx) => (await rowsOf<{ n: number }>(tx, sql`select count(*)::int as n from audit_log
    where tenant_id = ${t.id}::uuid and action = 'match.pair_decided' and entity_id = ${id}::uuid`))[0]!.n);
}

forEachDatabase('matching pair decisions', (h) => {
  it('records "not the same" for two contacts outside the queue, once, and the checks stop offering the pair', async () => {
    const t = await h.tenant();
    const ada = await create(t, '/api/v1/contacts', { givenName: 'Ada', familyName: 'Lovelace', emails: [{ address: 'ada@engines.example' }] });
    const twin = await create(t, '/api/v1/contacts', { givenName: 'Ada', familyName: 'Lovelace', emails: [{ address: 'ada@engines.example' }] });
    const third = await create(t, '/api/v1/contacts', { givenName: 'Ada', familyName: 'Lovelace', phones: [{ number: '+44 20 7946 0001' }] });
    expect(idsOf(ok(await t.request('GET', `/api/v1/contacts/${ada}/duplicates`, t.admin)))).toContain(twin);
    const draft = { givenName: 'Ada', familyName: 'Lovelace', emails: [{ address: 'ada@engines.example' }] };

    const first = ok(await t.request('POST', '/api/v1/matching/decisions', t.admin, { entity: 'contact', leftId: twin, rightId: ada, decision: 'not_same' }));
    expect(first).toMatchObject({ entity: 'contact', decision: 'not_same', changed: true, candidateId: null, decidedBy: t.adminId });
    expect([first.leftId, first.rightId]).toEqual(canonical(ada, twin));
    const again = ok(await t.request('POST', '/api/v1/matching/decisions', t.admin, { entity: 'contact', leftId: ada, rightId: twin, decision: 'not_same' }));
    expect(again).toMatchObject({ changed: false, decidedAt: first.decidedAt });
    expect(await auditCount(t, ada)).toBe(1);
    expect(await auditCount(t, twin)).toBe(1);
    const labels = await inTenant(t.ctx, (tx) => labelsOf(tx, t.id, 'contact'));
    expect(labels.map((l) => [l.left, l.right, l.match])).toEqual([[...canonical(ada, twin), false]]);

    // Neither side offers the other any more; the third Ada still is.
    const ofAda = idsOf(ok(await t.request('GET', `/api/v1/contacts/${ada}/duplicates`, t.admin)));
    expect(ofAda).not.toContain(twin);
    expect(ofAda).toContain(third);
    expect(idsOf(ok(await t.request('GET', `/api/v1/contacts/${twin}/duplicates`, t.admin)))).not.toContain(ada);
    expect(idsOf(ok(await t.request('POST', `/api/v1/matching/check?excludeId=${twin}`, t.admin, draft)))).not.toContain(ada);

    // "Same" after all: the label turns, the pair is offered again, and that change is audited.
    expect(ok(await t.request('POST', '/api/v1/matching/decisions', t.admin, { entity: 'contact', leftId: ada, rightId: twin, decision: 'same' })).changed).toBe(true);
    expect(idsOf(ok(await t.request('GET', `/api/v1/contacts/${ada}/duplicates`, t.admin)))).toContain(twin);
    expect(await auditCount(t, ada)).toBe(2);
  });

  it('settles the pair in the review queue and reopens it on "same"', async () => {
    const t = await h.tenant();
    const a = await create(t, '/api/v1/contacts', { givenName: 'Grace', familyName: 'Hopper', emails: [{ address: 'grace@navy.example' }] });
    const b = await create(t, '/api/v1/contacts', { givenName: 'Grace', familyName: 'Hopper', emails: [{ address: 'grace@navy.example' }] });
    const [leftId, rightId] = canonical(a, b);
    await inTenant(t.ctx, (tx) => upsertCandidates(tx, t.id, 'contact', null, [{ leftId, rightId, probability: 0.8, matchWeight: 2, waterfall: { priorWeight: -10, steps: [] } }]));
    const queue = () => t.request('GET', '/api/v1/matching/candidates', t.admin).then((r) => ok(r).data as Array<{ id: string; left: { id: string } }>);
    const [open] = await queue();
    expect(open?.left.id).toBe(leftId);

    const decided = ok(await t.request('POST', '/api/v1/matching/decisions', t.admin, { entity: 'contact', leftId: a, rightId: b, decision: 'not_same' }));
    expect(decided.candidateId).toBe(open!.id);
    expect(await queue()).toEqual([]);
    expect(ok(await t.request('GET', `/api/v1/matching/candidates/${open!.id}`, t.admin))).toMatchObject({ status: 'not_duplicate', decidedBy: t.adminId });
    const suspects = () => inTenant(t.ctx, (tx) => rowsOf<{ n: number }>(tx, sql`select count(*)::int as n from duplicate_suspects where tenant_id = ${t.id}::uuid`));
    expect((await suspects())[0]!.n).toBe(0);

    ok(await t.request('POST', '/api/v1/matching/decisions', t.admin, { entity: 'contact', leftId: a, rightId: b, decision: 'same' }));
    expect((await queue()).map((c) => c.id)).toEqual([open!.id]);
    expect((await suspects())[0]!.n).toBe(1);

    // Said to differ before any dedupe run paired them: a later run's open pair is not queued.
    const c = await create(t, '/api/v1/contacts', { givenName: 'Grace', familyName: 'Hopper', emails: [{ address: 'grace@navy.example' }] });
    ok(await t.request('POST', '/api/v1/matching/decisions', t.admin, { entity: 'contact', leftId: c, rightId: a, decision: 'not_same' }));
    const [l2, r2] = canonical(a, c);
    await inTenant(t.ctx, (tx) => upsertCandidates(tx, t.id, 'contact', null, [{ leftId: l2, rightId: r2, probability: 0.9, matchWeight: 3, waterfall: { priorWeight: -10, steps: [] } }]));
    expect((await queue()).map((q) => q.id)).toEqual([open!.id]);
  });

  it('leaves "not the same" companies out of the company checks', async () => {
    const t = await h.tenant();
    const a = await create(t, '/api/v1/companies', { name: 'Analytical Engines Ltd', domain: 'engines.example' });
    const b = await create(t, '/api/v1/companies', { name: 'ANALYTICAL ENGINES LTD', domain: 'engines.example' });
    expect(idsOf(ok(await t.request('GET', `/api/v1/companies/${b}/duplicates`, t.admin)))).toEqual([a]);
    ok(await t.request('POST', '/api/v1/matching/decisions', t.admin, { entity: 'company', leftId: a, rightId: b, decision: 'not_same' }));
    expect(idsOf(ok(await t.request('GET', `/api/v1/companies/${b}/duplicates`, t.admin)))).toEqual([]);
    expect(idsOf(ok(await t.request('GET', `/api/v1/companies/${a}/duplicates`, t.admin)))).toEqual([]);
    const draft = { name: 'Analytical Engines Limited', domain: 'engines.example' };
    expect(idsOf(ok(await t.request('POST', `/api/v1/matching/check-company?excludeId=${a}`, t.admin, draft)))).toEqual([]);
    expect(idsOf(ok(await t.request('POST', '/api/v1/matching/check-company', t.admin, draft))).sort()).toEqual([a, b].sort());
    // A contact id is not a company: the pair is of one kind.
    const person = await create(t, '/api/v1/contacts', { givenName: 'Charles', familyName: 'Babbage' });
    const mixed = await t.request('POST', '/api/v1/matching/decisions', t.admin, { entity: 'company', leftId: a, rightId: person, decision: 'not_same' });
    expect(mixed.statusCode).toBe(404);
    expect(mixed.json().detail).toBe('Company not found');
  });

  it('answers 422 naming the field, 404 for another tenant\'s record and 403 for a role that may only read', async () => {
    const t = await h.tenant();
    const reader = await t.user('read_only');
    const a = await create(t, '/api/v1/contacts', { givenName: 'Mary', familyName: 'Somerville', ownerId: reader.id });
    const b = await create(t, '/api/v1/contacts', { givenName: 'Mary', familyName: 'Somerville', ownerId: reader.id });
    const field = async (body: object) => {
      const res = await t.request('POST', '/api/v1/matching/decisions', t.admin, body);
      expect(res.statusCode, res.body).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      return (res.json().errors as Array<{ field: string }>).map((e) => e.field);
    };
    expect(await field({ entity: 'contact', leftId: a, rightId: a, decision: 'not_same' })).toEqual(['rightId']);
    expect(await field({ entity: 'contact', leftId: 'ada', rightId: b, decision: 'not_same' })).toEqual(['leftId']);
    expect(await field({ entity: 'contact', leftId: a, rightId: b, decision: 'maybe' })).toEqual(['decision']);
    expect(await field({ entity: 'household', leftId: a, rightId: b, decision: 'same' })).toEqual(['entity']);

    const forbidden = await t.request('POST', '/api/v1/matching/decisions', reader.token, { entity: 'contact', leftId: a, rightId: b, decision: 'not_same' });
    expect(forbidden.statusCode, forbidden.body).toBe(403);
    expect(forbidden.headers['content-type']).toContain('application/problem+json');

    const other = await h.tenant();
    const theirs = await create(other, '/api/v1/contacts', { givenName: 'Mary', familyName: 'Somerville' });
    const missing = await t.request('POST', '/api/v1/matching/decisions', t.admin, { entity: 'contact', leftId: a, rightId: theirs, decision: 'not_same' });
    expect(missing.statusCode, missing.body).toBe(404);
    expect((await other.request('POST', '/api/v1/matching/decisions', other.admin, { entity: 'contact', leftId: theirs, rightId: b, decision: 'not_same' })).statusCode).toBe(404);
    expect(await inTenant(t.ctx, (tx) => labelsOf(tx, t.id, 'contact'))).toEqual([]);
  });
});
