// The dedupe job, the review queue and the real-time check through the API, on seeded contacts
// with planted near-duplicates (src/seed/duplicates.ts): the job must find them with progress,
// decisions become labels and are never reopened, candidates never cross tenants or visibility.
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { expect, it } from 'vitest';
import { forEachDatabase, type Harness, type TestTenant } from '../../test/harness.ts';
import { rowsOf } from '../db/sql.ts';
import { inTenant } from '../platform/context.ts';
import { createWorker } from '../platform/jobs/worker.ts';
import { createGenerator } from '../seed/generate.ts';
import type { ContactCreate } from '../contacts/schemas.ts';
import { labelsOf } from './data.ts';
import { matchingJobs, queueDedupeAfterImport } from './dedupe.ts';

const ok = (res: LightMyRequestResponse, status = 200) => {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
};

/** 300 generated contacts and 25 planted duplicates, created through the API; returns the planted pairs by API id. */
async function seedBook(t: TestTenant) {
  const gen = createGenerator({ seed: 'matching', tenantId: t.id, now: Date.UTC(2026, 0, 15), owners: [{ userId: t.adminId, teamId: null }] });
  const originals = gen.contacts(300);
  const dups = gen.duplicates(originals, 25);
  const all = [...originals, ...dups.contacts];
  const res = ok(await t.request('POST', '/api/v1/contacts/bulk', t.admin, { mode: 'atomic', items: all.map((c) => c.input as ContactCreate) }));
  const idOf = new Map<string, string>(all.map((c, i) => [c.row.id!, res.results[i].contact.id as string]));
  return dups.pairs.map((p) => ({ kind: p.kind, original: idOf.get(p.originalId)!, duplicate: idOf.get(p.duplicateId)! }));
}

async function runDedupe(h: Harness, t: TestTenant) {
  const job = ok(await t.request('POST', '/api/v1/matching/dedupe', t.admin), 202);
  const seen: number[] = [];
  const worker = createWorker(h.database, matchingJobs, { onProgress: (_j, p) => seen.push(p.done) });
  expect(await worker.runOnce(job.id)).toBe(true);
  const done = ok(await t.request('GET', `/api/v1/jobs/${job.id}`, t.admin));
  expect(done.status, done.error).toBe('succeeded');
  return { job: done, seen };
}

async function allCandidates(t: TestTenant, token: string, status = 'open') {
  const out: CandidateJson[] = [];
  let cursor: string | null = null;
  do {
    const page = ok(await t.request('GET', `/api/v1/matching/candidates?status=${status}&limit=40${cursor ? `&cursor=${cursor}` : ''}`, token));
    out.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

interface CandidateJson { id: string; band: string; probability: number; left: { id: string }; right: { id: string }; waterfall: { steps: Array<{ column: string; level: string }> } }

const pairKey = (a: string, b: string) => [a, b].sort().join('|');

forEachDatabase('matching', (h) => {
  it('finds the planted near-duplicates with progress, queues them uncertain band first, and turns decisions into labels', async () => {
    const t = await h.tenant();
    const planted = await seedBook(t);
    const { job, seen } = await runDedupe(h, t);
    expect(job.progress.done).toBe(325);
    expect(job.progress.total).toBe(325);
    expect(seen.length).toBeGreaterThan(0);
    expect(job.result.records).toBe(325);

    const queue = await allCandidates(t, t.admin);
    const found = new Set(queue.map((c) => pairKey(c.left.id, c.right.id)));
    const hits = planted.filter((p) => found.has(pairKey(p.original, p.duplicate)));
    const missed = planted.filter((p) => !found.has(pairKey(p.original, p.duplicate))).map((p) => p.kind);
    expect(hits.length / planted.length, `missed: ${missed.join(', ')}`).toBeGreaterThanOrEqual(0.9);
    // Uncertain band first, most probable first within a band; every pair explains itself.
    const bands = queue.map((c) => c.band);
    expect(bands).toEqual([...bands].sort((a, b) => (a === b ? 0 : a === 'uncertain' ? -1 : 1)));
    for (let i = 1; i < queue.length; i++) if (queue[i]!.band === queue[i - 1]!.band) expect(queue[i]!.probability).toBeLessThanOrEqual(queue[i - 1]!.probability);
    for (const c of queue) {
      expect(c.probability).toBeGreaterThanOrEqual(0.5);
      expect(c.waterfall.steps.map((s: { column: string }) => s.column)).toContain('family_name');
    }

    // The quality summary counts the contacts in open pairs, and stops counting a decided pair.
    const inPairs = (q: CandidateJson[]) => new Set(q.flatMap((c) => [c.left.id, c.right.id])).size;
    const suspected = async () => ok(await t.request('GET', '/api/v1/quality/summary', t.admin)).contacts.suspectedDuplicates;
    expect(await suspected()).toBe(inPairs(queue));

    // A "not the same" decision becomes a label, is final, and survives the next run.
    const first = queue[0]!;
    const decided = ok(await t.request('POST', `/api/v1/matching/candidates/${first.id}/decision`, t.admin, { decision: 'not_duplicate' }));
    expect(await suspected()).toBe(inPairs(queue.slice(1)));
    expect(decided.candidate.status).toBe('not_duplicate');
    const labels = await inTenant(t.ctx, (tx) => rowsOf<{ is_match: boolean; left_id: string; right_id: string }>(tx, sql`select is_match, left_id, right_id from match_labels where tenant_id = ${t.id}::uuid`));
    expect(labels).toEqual([{ is_match: false, left_id: first.left.id, right_id: first.right.id }]);
    expect((await t.request('POST', `/api/v1/matching/candidates/${first.id}/decision`, t.admin, { decision: 'dismiss' })).statusCode).toBe(409);
    const again = await runDedupe(h, t);
    expect(again.job.result.labels).toBe(1);
    expect(ok(await t.request('GET', `/api/v1/matching/candidates/${first.id}`, t.admin)).status).toBe('not_duplicate');
    expect((await allCandidates(t, t.admin)).map((c) => c.id)).not.toContain(first.id);
    // The duplicates check leaves out a pair people said are different.
    const dups = ok(await t.request('GET', `/api/v1/contacts/${first.left.id}/duplicates`, t.admin));
    expect(dups.model).toBe('trained');
    expect(dups.candidates.map((c: { contact: { id: string } }) => c.contact.id)).not.toContain(first.right.id);

    // A merge decision merges and labels the pair as the same person.
    const second = (await allCandidates(t, t.admin)).find((c) => c.band === 'likely')!;
    const merged = ok(await t.request('POST', `/api/v1/matching/candidates/${second.id}/decision`, t.admin, { decision: 'merge', survivorId: second.right.id }));
    expect(merged.merge.survivorId).toBe(second.right.id);
    expect((await t.request('GET', `/api/v1/contacts/${second.left.id}`, t.admin)).statusCode).toBe(404);
    const [label] = await inTenant(t.ctx, (tx) => rowsOf<{ is_match: boolean }>(tx, sql`select is_match from match_labels where tenant_id = ${t.id}::uuid and candidate_id = ${second.id}::uuid`));
    expect(label!.is_match).toBe(true);
    // The merged-away contact is gone, so the label reaches the next training through the levels
    // its candidate recorded.
    const trainingLabels = await inTenant(t.ctx, (tx) => labelsOf(tx, t.id, 'contact'));
    const mergedLabel = trainingLabels.find((l) => l.match)!;
    expect(mergedLabel.levels).toEqual(Object.fromEntries(second.waterfall.steps.map((s) => [s.column, s.level])));

    // Each decision is audited on its candidate (whose row names the two records); the merge is
    // audited on both records too.
    const decisions = await inTenant(t.ctx, (tx) => rowsOf<{ entity_id: string; entity: string; changes: unknown; actor_id: string }>(tx, sql`select entity_id, entity, changes, actor_id
      from audit_log where tenant_id = ${t.id}::uuid and action = 'match.decided' order by seq`));
    expect(decisions).toEqual([
      { entity_id: first.id, entity: 'match_candidate', changes: { status: { before: 'open', after: 'not_duplicate' } }, actor_id: t.adminId },
      { entity_id: second.id, entity: 'match_candidate', changes: { status: { before: 'open', after: 'merged' } }, actor_id: t.adminId },
    ]);
    const mergeTrail = await inTenant(t.ctx, (tx) => rowsOf<{ action: string; entity_id: string; changes: Record<string, { after: unknown }> }>(tx, sql`select action, entity_id, changes
      from audit_log where tenant_id = ${t.id}::uuid and action in ('contact.merged', 'contact.merged_into') order by seq`));
    expect(mergeTrail.map((e) => [e.action, e.entity_id, e.changes['merge']!.after])).toEqual([
      ['contact.merged', second.right.id, merged.merge.id], ['contact.merged_into', second.left.id, merged.merge.id],
    ]);

    // Another tenant sees none of it.
    const other = await h.tenant();
    expect(await allCandidates(other, other.admin)).toEqual([]);
    expect((await other.request('GET', `/api/v1/matching/candidates/${second.id}`, other.admin)).statusCode).toBe(404);
    expect((await other.request('POST', `/api/v1/matching/candidates/${queue[1]!.id}/decision`, other.admin, { decision: 'dismiss' })).statusCode).toBe(404);
  });

  it('checks a draft or a stored contact in real time against the contacts the caller may see', async () => {
    const t = await h.tenant();
    const ada = ok(await t.request('POST', '/api/v1/contacts', t.admin, {
      givenName: 'Ada', familyName: 'Lovelace', birthDate: '1815-12-10', emails: [{ address: 'ada@analytical.org' }],
      addresses: [{ line1: '12 St James Square', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' }],
    }), 201);
    ok(await t.request('POST', '/api/v1/contacts', t.admin, { givenName: 'Charles', familyName: 'Babbage', emails: [{ address: 'charles@analytical.org' }] }), 201);
    // Typo in the family name, same email: blocked by email, scored high.
    const draft = { givenName: 'Ada', familyName: 'Lovelase', emails: [{ address: 'ADA@analytical.org' }] };
    const res = ok(await t.request('POST', '/api/v1/matching/check', t.admin, draft));
    expect(res.model).toBe('default');
    expect(res.candidates[0].contact.id).toBe(ada.id);
    expect(res.candidates[0].probability).toBeGreaterThan(0.9);
    expect(res.candidates.map((c: { contact: { displayName: string } }) => c.contact.displayName)).not.toContain('Charles Babbage');
    // No shared email or phone: same family name and birth date still find her.
    const byBirth = ok(await t.request('POST', '/api/v1/matching/check', t.admin, { givenName: 'Augusta', familyName: 'LOVELACE', birthDate: '1815-12-10' }));
    expect(byBirth.candidates.map((c: { contact: { id: string } }) => c.contact.id)).toContain(ada.id);
    // Swapped names and same postcode with a misspelt family name.
    const swapped = ok(await t.request('POST', '/api/v1/matching/check', t.admin, { givenName: 'Lovelace', familyName: 'Ada', emails: [{ address: 'ada@analytical.org' }] }));
    expect(swapped.candidates[0].contact.id).toBe(ada.id);
    const nearby = ok(await t.request('POST', '/api/v1/matching/check', t.admin, { givenName: 'Ada', familyName: 'Lovelase', addresses: [{ postalCode: 'sw1y 4jh', country: 'GB' }] }));
    expect(nearby.candidates.map((c: { contact: { id: string } }) => c.contact.id)).toEqual([ada.id]);
    // Editing Ada herself: she is not her own duplicate.
    const editing = ok(await t.request('POST', `/api/v1/matching/check?excludeId=${ada.id}`, t.admin, draft));
    expect(editing.candidates).toEqual([]);
    const stranger = ok(await t.request('POST', '/api/v1/matching/check', t.admin, { givenName: 'Grace', familyName: 'Hopper' }));
    expect(stranger.candidates).toEqual([]);

    const twin = ok(await t.request('POST', '/api/v1/contacts', t.admin, { givenName: 'Ada', familyName: 'Lovelace', emails: [{ address: 'ada@analytical.org' }] }), 201);
    const dups = ok(await t.request('GET', `/api/v1/contacts/${twin.id}/duplicates`, t.admin));
    expect(dups.candidates.map((c: { contact: { id: string } }) => c.contact.id)).toEqual([ada.id]);
    expect(dups.candidates[0].waterfall.steps.find((s: { column: string }) => s.column === 'email').level).toBe('exact');

    // A rep of another team sees neither Ada nor her duplicates; a controller may not see birth dates.
    const team = await t.team('East');
    const rep = await t.user('rep', { teamIds: [team] });
    expect(ok(await t.request('POST', '/api/v1/matching/check', rep.token, draft)).candidates).toEqual([]);
    expect((await t.request('GET', `/api/v1/contacts/${twin.id}/duplicates`, rep.token)).statusCode).toBe(404);
    expect((await t.request('POST', '/api/v1/matching/dedupe', rep.token)).statusCode).toBe(403);
    expect((await t.request('GET', '/api/v1/matching/candidates', rep.token)).statusCode).toBe(200);

    const other = await h.tenant();
    expect(ok(await other.request('POST', '/api/v1/matching/check', other.admin, draft)).candidates).toEqual([]);
    expect((await other.request('GET', `/api/v1/contacts/${twin.id}/duplicates`, other.admin)).statusCode).toBe(404);
  });

  it('queues one dedupe after a burst of imports', async () => {
    const t = await h.tenant();
    ok(await t.request('POST', '/api/v1/contacts', t.admin, { givenName: 'Ada', familyName: 'Lovelace' }), 201);
    for (const importId of ['01900000-0000-7000-8000-000000000001', '01900000-0000-7000-8000-000000000002']) {
      await inTenant(t.ctx, (tx) => queueDedupeAfterImport(tx, t.ctx, importId, 'contact'));
    }
    const listed = ok(await t.request('GET', '/api/v1/jobs?kind=dedupe.contacts', t.admin));
    expect(listed.data.map((j: { payload: { trigger: string; importId: string } }) => [j.payload.trigger, j.payload.importId])).toEqual([['import', '01900000-0000-7000-8000-000000000001']]);
    expect(listed.data[0].progress.total).toBe(1);
  });

  it("keeps each tenant's dedupe to its own contacts: the same book planted in two tenants never meets across them", async () => {
    const [t, u] = [await h.tenant(), await h.tenant()];
    // The same generated contacts (same seed) in both tenants: were the job to read the other
    // tenant's rows, every contact would have an exact twin there and pairs would cross.
    await seedBook(t);
    await seedBook(u);
    const idsOf = async (x: TestTenant) => new Set((await inTenant(x.ctx, (tx) => rowsOf<{ id: string }>(tx, sql`select id from contacts where tenant_id = ${x.id}::uuid`))).map((r) => r.id));
    const own = { [t.id]: await idsOf(t), [u.id]: await idsOf(u) };
    expect(own[t.id]!.size).toBe(325);
    expect(own[u.id]!.size).toBe(325);

    const { job } = await runDedupe(h, t);
    // The job read its tenant's 325 contacts, not 650.
    expect(job.result.records).toBe(325);
    expect(job.progress.total).toBe(325);
    // Read past row-level security: every candidate row anywhere that names a contact of either tenant.
    const rows = () => rowsOf<{ tenant_id: string; left_id: string; right_id: string }>(h.database.db, sql`select tenant_id, left_id, right_id
      from match_candidates where tenant_id in (${t.id}::uuid, ${u.id}::uuid)
        or left_id = any(${`{${[...own[t.id]!, ...own[u.id]!].join(',')}}`}::uuid[]) or right_id = any(${`{${[...own[t.id]!, ...own[u.id]!].join(',')}}`}::uuid[])`);
    const afterA = await rows();
    expect(afterA.length).toBeGreaterThan(0);
    // Tenant A's job proposed pairs of A's contacts only, and nothing in B.
    for (const r of afterA) {
      expect(r.tenant_id).toBe(t.id);
      expect(own[t.id]!.has(r.left_id) && own[t.id]!.has(r.right_id), `${r.left_id} ~ ${r.right_id}`).toBe(true);
    }
    expect(await allCandidates(u, u.admin)).toEqual([]);

    const again = await runDedupe(h, u);
    expect(again.job.result.records).toBe(325);
    const afterB = await rows();
    for (const r of afterB) expect(own[r.tenant_id]!.has(r.left_id) && own[r.tenant_id]!.has(r.right_id), `${r.tenant_id}: ${r.left_id} ~ ${r.right_id}`).toBe(true);
    // Same book, same model: each tenant has as many pairs as the other, and B's run left A's as they were.
    const count = (tenant: string) => afterB.filter((r) => r.tenant_id === tenant).length;
    expect(count(u.id)).toBe(count(t.id));
    expect(afterB.filter((r) => r.tenant_id === t.id)).toEqual(afterA);
    // Through the API each tenant sees only its own.
    const seenByA = await allCandidates(t, t.admin);
    expect(seenByA.every((c) => own[t.id]!.has(c.left.id) && own[t.id]!.has(c.right.id))).toBe(true);
    const seenByB = await allCandidates(u, u.admin);
    expect(seenByB.length).toBe(seenByA.length);
    expect(seenByB.every((c) => own[u.id]!.has(c.left.id) && own[u.id]!.has(c.right.id))).toBe(true);
  });
});
