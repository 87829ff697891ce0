// Rules through the API: CRUD with 422s naming bad condition paths, application on every write
// (in the write's transaction and audit), re-run as a job, tenant isolation and permissions.
import { expect, it } from 'vitest';
import { forEachDatabase, type TestTenant } from '../../test/harness.ts';
import { createWorker } from '../platform/jobs/worker.ts';
import { ruleJobs } from './jobs.ts';

const hnwRule = (categoryId: string) => ({
  name: 'High net worth in finance', entity: 'contact',
  condition: { all: [{ field: 'industry', op: 'eq', value: 'Finance' }, { field: 'netWorth', op: 'gt', value: 1_000_000 }] },
  actions: [{ type: 'addCategory', categoryId }, { type: 'setTier', tier: 'HNW' }],
});
const texasRule = { name: 'Texans', entity: 'contact', condition: { field: 'region', op: 'eq', value: 'US-TX' }, actions: [{ type: 'addTag', tag: 'texas' }] };

async function category(t: TestTenant, name: string) {
  return (await t.request('POST', '/api/v1/categories', t.admin, { name })).json().id as string;
}

forEachDatabase('rules', (h) => {
  it('creates, lists, changes and deletes rules; 422 names the bad part of a condition', async () => {
    const t = await h.tenant();
    const hnw = await category(t, 'HNW');
    const created = await t.request('POST', '/api/v1/rules', t.admin, hnwRule(hnw));
    expect(created.statusCode).toBe(201);
    const rule = created.json();
    expect(rule).toMatchObject({ name: 'High net worth in finance', entity: 'contact', enabled: true, version: 1 });

    const bad = await t.request('POST', '/api/v1/rules', t.admin, { ...texasRule, condition: { all: [{ field: 'region', op: 'eq', value: 'US-TX' }, { field: 'favouriteColour', op: 'eq', value: 'red' }] } });
    expect(bad.statusCode).toBe(422);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json().errors).toEqual([expect.objectContaining({ field: 'condition.all.1.field' })]);
    const badOp = await t.request('POST', '/api/v1/rules', t.admin, { ...texasRule, condition: { field: 'netWorth', op: 'gt', value: 'a lot' } });
    expect(badOp.json().errors).toEqual([expect.objectContaining({ field: 'condition.value' })]);
    const badAction = await t.request('POST', '/api/v1/rules', t.admin, { ...texasRule, actions: [{ type: 'addCategory', categoryId: '00000000-0000-7000-8000-000000000000' }] });
    expect(badAction.json().errors).toEqual([{ field: 'actions.0.categoryId', message: 'no such category' }]);
    const companyTier = await t.request('POST', '/api/v1/rules', t.admin, { name: 'x', entity: 'company', condition: { field: 'size', op: 'gt', value: 10 }, actions: [{ type: 'setTier', tier: 'A' }] });
    expect(companyTier.json().errors).toEqual([expect.objectContaining({ field: 'actions.0.type' })]);
    const badType = await t.request('POST', '/api/v1/rules', t.admin, { ...texasRule, actions: [{ type: 'sendEmail' }] });
    expect(badType.statusCode).toBe(422);
    expect(badType.json().errors[0].field).toMatch(/^actions\.0/);

    const patched = await t.request('PATCH', `/api/v1/rules/${rule.id}`, t.admin, { enabled: false }, { 'if-match': 'W/"1"' });
    expect(patched.json()).toMatchObject({ enabled: false, version: 2 });
    expect((await t.request('PATCH', `/api/v1/rules/${rule.id}`, t.admin, { condition: { field: 'nope', op: 'eq', value: 1 } })).json().errors[0].field).toBe('condition.field');
    expect((await t.request('PATCH', `/api/v1/rules/${rule.id}`, t.admin, { enabled: true }, { 'if-match': 'W/"1"' })).statusCode).toBe(412);
    expect((await t.request('GET', '/api/v1/rules', t.admin)).json().data.map((r: { id: string }) => r.id)).toEqual([rule.id]);
    const rep = await t.user('rep');
    expect((await t.request('GET', '/api/v1/rules', rep.token)).statusCode).toBe(200);
    expect((await t.request('POST', '/api/v1/rules', rep.token, texasRule)).statusCode).toBe(403);
    expect((await t.request('DELETE', `/api/v1/rules/${rule.id}`, t.admin)).statusCode).toBe(204);
    expect((await t.request('GET', `/api/v1/rules/${rule.id}`, t.admin)).statusCode).toBe(404);
  });

  it('categorises on create and update, in the same audited write, without overriding a typed tier', async () => {
    const t = await h.tenant();
    const hnw = await category(t, 'HNW');
    await t.request('POST', '/api/v1/rules', t.admin, hnwRule(hnw));
    await t.request('POST', '/api/v1/rules', t.admin, texasRule);
    const bank = (await t.request('POST', '/api/v1/companies', t.admin, { name: 'Lone Star Bank', industry: 'Finance' })).json();

    const c = (await t.request('POST', '/api/v1/contacts', t.admin, {
      givenName: 'Sam', familyName: 'Houston', netWorth: { amount: 2_000_000, currency: 'USD' },
      companies: [{ companyId: bank.id, isPrimary: true }], addresses: [{ city: 'Austin', region: 'Texas', country: 'USA' }],
    })).json();
    expect(c.tags).toEqual(['texas']);
    expect(c.tier).toBe('HNW');
    expect(c.categories).toEqual([{ id: hnw, path: 'HNW' }]);
    const history = (await t.request('GET', `/api/v1/contacts/${c.id}/history`, t.admin)).json();
    expect(JSON.stringify(history)).toContain('texas');

    const poor = (await t.request('POST', '/api/v1/contacts', t.admin, { givenName: 'Ann', netWorth: { amount: 10, currency: 'USD' }, companies: [{ companyId: bank.id }], tier: 'B' })).json();
    expect(poor).toMatchObject({ tags: [], tier: 'B', categories: [] });
    const rich = (await t.request('PATCH', `/api/v1/contacts/${poor.id}`, t.admin, { netWorth: { amount: 5_000_000, currency: 'USD' } })).json();
    expect(rich).toMatchObject({ tier: 'HNW', categories: [{ id: hnw, path: 'HNW' }], version: 2 });
    // A tier typed in the same write stands; the category is still added.
    const typed = (await t.request('POST', '/api/v1/contacts', t.admin, { givenName: 'Cy', netWorth: { amount: 3e6, currency: 'USD' }, companies: [{ companyId: bank.id }], tier: 'Private' })).json();
    expect(typed).toMatchObject({ tier: 'Private', categories: [{ id: hnw, path: 'HNW' }] });
    // Companies: tag rules apply on their writes too.
    await t.request('POST', '/api/v1/rules', t.admin, { name: 'Big', entity: 'company', condition: { field: 'size', op: 'gte', value: 1000 }, actions: [{ type: 'addTag', tag: 'enterprise' }] });
    const big = (await t.request('PATCH', `/api/v1/companies/${bank.id}`, t.admin, { size: 5000 })).json();
    expect(big.tags).toEqual(['enterprise']);
  });

  it('re-runs a rule over existing records as a job, audits each change, and stays in its tenant', async () => {
    const t = await h.tenant();
    const other = await h.tenant();
    const ids: string[] = [];
    for (const [n, region] of [['Al', 'TX'], ['Bo', 'Texas'], ['Cy', 'CA']] as const) {
      ids.push((await t.request('POST', '/api/v1/contacts', t.admin, { givenName: n, addresses: [{ region, country: 'US' }] })).json().id);
    }
    const foreign = (await other.request('POST', '/api/v1/contacts', other.admin, { givenName: 'Dee', addresses: [{ region: 'TX', country: 'US' }] })).json();
    const rule = (await t.request('POST', '/api/v1/rules', t.admin, texasRule)).json();
    const rep = await t.user('rep');
    expect((await t.request('POST', `/api/v1/rules/${rule.id}/run`, rep.token)).statusCode).toBe(403);
    const run = await t.request('POST', `/api/v1/rules/${rule.id}/run`, t.admin);
    expect(run.statusCode).toBe(202);
    const { jobId } = run.json();
    expect(await createWorker(h.database, ruleJobs).runOnce(jobId)).toBe(true);
    const job = (await t.request('GET', `/api/v1/jobs/${jobId}`, t.admin)).json();
    expect(job).toMatchObject({ status: 'succeeded', result: { processed: 3, changed: 2, batches: 1 }, progress: { done: 3, total: 3 } });
    const after = await Promise.all(ids.map(async (id) => (await t.request('GET', `/api/v1/contacts/${id}`, t.admin)).json()));
    expect(after.map((c) => [c.tags, c.version])).toEqual([[['texas'], 2], [['texas'], 2], [[], 1]]);
    const history = (await t.request('GET', `/api/v1/contacts/${ids[0]}/history`, t.admin)).json();
    expect(JSON.stringify(history)).toContain('texas');
    expect((await other.request('GET', `/api/v1/contacts/${foreign.id}`, other.admin)).json().tags).toEqual([]);
    expect((await other.request('GET', `/api/v1/rules/${rule.id}`, other.admin)).statusCode).toBe(404);
    expect((await other.request('POST', `/api/v1/rules/${rule.id}/run`, other.admin)).statusCode).toBe(404);
    // Running again changes nothing.
    const again = (await t.request('POST', `/api/v1/rules/${rule.id}/run`, t.admin)).json();
    await createWorker(h.database, ruleJobs).runOnce(again.jobId);
    expect((await t.request('GET', `/api/v1/jobs/${again.jobId}`, t.admin)).json().result).toEqual({ processed: 3, changed: 0, batches: 1 });
  });
});
