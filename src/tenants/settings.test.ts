// Tenant settings through the API (defaults, admin-only PUT with zod errors naming the field,
// audited, tenant-isolated, one document with the survivorship settings) and the staleMonths
// setting driving the quality summary and the stale issue a contact list can filter on.
import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { forEachDatabase } from '../../test/harness.ts';
import { inTenant } from '../platform/context.ts';
import { rowsOf } from '../db/sql.ts';

forEachDatabase('tenant settings', (h) => {
  it('answers defaults, lets only admins change them, audits each change and keeps tenants apart', async () => {
    const t = await h.tenant();
    const other = await h.tenant();
    expect((await t.request('GET', '/api/v1/settings', t.admin)).json()).toMatchObject({ staleMonths: 12 });
    const manager = await t.user('manager');
    expect((await t.request('GET', '/api/v1/settings', manager.token)).json()).toMatchObject({ staleMonths: 12 });
    expect((await t.request('PUT', '/api/v1/settings', manager.token, { staleMonths: 6 })).statusCode).toBe(403);

    const bad = await t.request('PUT', '/api/v1/settings', t.admin, { staleMonths: 0 });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors).toEqual([expect.objectContaining({ field: 'staleMonths' })]);
    expect((await t.request('PUT', '/api/v1/settings', t.admin, { staleMonths: 'six' })).statusCode).toBe(422);
    expect((await t.request('PUT', '/api/v1/settings', t.admin, { colour: 'blue' })).statusCode).toBe(422);

    const put = await t.request('PUT', '/api/v1/settings', t.admin, { staleMonths: 6 });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ staleMonths: 6 });
    expect((await t.request('PUT', '/api/v1/settings', t.admin, {})).json()).toMatchObject({ staleMonths: 6 });
    expect((await t.request('PUT', '/api/v1/settings', t.admin, { staleMonths: 6 })).statusCode).toBe(200); // unchanged: no entry
    expect((await t.request('PUT', '/api/v1/settings', t.admin, { staleMonths: 18 })).json()).toMatchObject({ staleMonths: 18 });
    expect((await t.request('GET', '/api/v1/settings', t.admin)).json()).toMatchObject({ staleMonths: 18 });
    expect((await other.request('GET', '/api/v1/settings', other.admin)).json()).toMatchObject({ staleMonths: 12 });

    const audit = (await t.request('GET', `/api/v1/audit?entityId=${t.id}`, t.admin)).json().data
      .filter((e: { action: string }) => e.action === 'tenant.settings_changed');
    expect(audit.map((e: { changes: unknown }) => e.changes)).toEqual([
      { staleMonths: { before: 6, after: 18 } },
      { staleMonths: { before: 12, after: 6 } },
    ]);
    expect((await t.request('GET', '/api/v1/audit/verify', t.admin)).json().ok).toBe(true);
  });

  it('counts and lists stale records after the tenant setting, unless the caller asks for another span', async () => {
    const t = await h.tenant();
    const ids: string[] = [];
    for (const [name, months] of [['Old', 20], ['Middle', 8], ['New', 1]] as const) {
      const c = (await t.request('POST', '/api/v1/contacts', t.admin, { givenName: name, emails: [{ address: `${name.toLowerCase()}@example.org` }] })).json();
      ids.push(c.id);
      await inTenant(t.ctx, (tx) => tx.execute(sql`update contacts set created_at = now() - make_interval(months => ${months}) where tenant_id = ${t.id} and id = ${c.id}`));
    }
    const co = (await t.request('POST', '/api/v1/companies', t.admin, { name: 'Acme' })).json();
    await inTenant(t.ctx, (tx) => tx.execute(sql`update companies set created_at = now() - interval '10 months' where tenant_id = ${t.id} and id = ${co.id}`));

    const summary = async (q = '') => (await t.request('GET', `/api/v1/quality/summary${q}`, t.admin)).json();
    const staleNames = async () => {
      const res = await t.request('GET', '/api/v1/contacts?filter[qualityIssue][eq]=stale&fields=id,givenName&sort=displayName', t.admin);
      expect(res.statusCode).toBe(200);
      return res.json().data.map((c: { givenName: string }) => c.givenName);
    };

    expect((await summary()).contacts).toMatchObject({ stale: 1, staleMonths: 12 });
    expect((await summary()).companies.stale).toBe(0);
    expect(await staleNames()).toEqual(['Old']);

    expect((await t.request('PUT', '/api/v1/settings', t.admin, { staleMonths: 6 })).statusCode).toBe(200);
    expect((await summary()).contacts).toMatchObject({ stale: 2, staleMonths: 6 });
    expect((await summary()).companies.stale).toBe(1);
    expect(await staleNames()).toEqual(['Middle', 'Old']);
    const flagged = (await t.request('GET', '/api/v1/contacts?filter[stale][eq]=false&fields=id,givenName&sort=displayName', t.admin)).json().data;
    expect(flagged.map((c: { givenName: string }) => c.givenName)).toEqual(['New']);
    const staleCompanies = (await t.request('GET', '/api/v1/companies?filter[qualityIssue][eq]=stale&fields=id', t.admin)).json().data;
    expect(staleCompanies.map((c: { id: string }) => c.id)).toEqual([co.id]);
    // Each record carries the stale issue in its own qualityIssues, whichever way it is read or written.
    const since = async (id: string, table: 'contacts' | 'companies') => (await inTenant(t.ctx, (tx) => rowsOf<{ d: string }>(tx,
      sql`select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') as d from ${sql.raw(table)} where tenant_id = ${t.id} and id = ${id}`)))[0]!.d;
    const staleIssue = (d: string) => ({ code: 'stale', field: 'confirmedAt', message: `not confirmed since ${d}` });
    const middle = staleIssue(await since(ids[1]!, 'contacts'));
    expect((await t.request('GET', `/api/v1/contacts/${ids[1]}`, t.admin)).json().qualityIssues).toEqual([middle]);
    expect((await t.request('GET', `/api/v1/contacts/${ids[2]}`, t.admin)).json().qualityIssues).toEqual([]);
    const listed = (await t.request('GET', '/api/v1/contacts?sort=displayName', t.admin)).json().data;
    expect(listed.map((c: { givenName: string; qualityIssues: unknown[] }) => [c.givenName, c.qualityIssues.length])).toEqual([['Middle', 1], ['New', 0], ['Old', 1]]);
    const patched = await t.request('PATCH', `/api/v1/contacts/${ids[1]}`, t.admin, { jobTitle: 'Still here' });
    expect(patched.json().qualityIssues).toEqual([middle]); // an edit is not a confirmation
    expect((await t.request('GET', `/api/v1/companies/${co.id}`, t.admin)).json().qualityIssues).toEqual([staleIssue(await since(co.id, 'companies'))]);
    const history = (await t.request('GET', `/api/v1/contacts/${ids[1]}/history`, t.admin)).json().data;
    expect(Object.keys(history[0].changes)).toEqual(['jobTitle']);
    // An explicit span still wins for one summary; confirming a record makes it fresh.
    expect((await summary('?staleMonths=24')).contacts).toMatchObject({ stale: 0, staleMonths: 24 });
    expect((await t.request('POST', `/api/v1/contacts/${ids[1]}/confirm`, t.admin)).statusCode).toBe(200);
    expect(await staleNames()).toEqual(['Old']);
    expect((await t.request('GET', `/api/v1/contacts/${ids[1]}`, t.admin)).json().qualityIssues).toEqual([]);
  });

  it('is one document with the survivorship settings: read by all, changed by admins with the plain keys in one transaction', async () => {
    const t = await h.tenant();
    const manager = await t.user('manager');
    const defaults = { staleMonths: 12, survivorship: { trustedSystems: [], rules: ['trusted', 'recent', 'complete'], fieldRules: {} } };
    expect((await t.request('GET', '/api/v1/settings', manager.token)).json()).toEqual(defaults);
    const survivorship = { trustedSystems: ['core-banking', 'hubspot'], rules: ['trusted', 'recent'], fieldRules: { jobTitle: ['recent'] } };
    expect((await t.request('PUT', '/api/v1/settings', manager.token, { survivorship })).statusCode).toBe(403);

    const bad = await t.request('PUT', '/api/v1/settings', t.admin, { staleMonths: 6, survivorship: { ...survivorship, rules: ['newest'] } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors).toEqual([expect.objectContaining({ field: 'survivorship.rules.0' })]);
    expect((await t.request('GET', '/api/v1/settings', t.admin)).json()).toEqual(defaults); // nothing half-written

    const put = await t.request('PUT', '/api/v1/settings', t.admin, { staleMonths: 6, survivorship });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toEqual({ staleMonths: 6, survivorship });
    // The same settings through the survivorship endpoint kept for older clients.
    expect((await t.request('GET', '/api/v1/sources/settings', t.admin)).json()).toEqual(survivorship);
    expect((await t.request('PUT', '/api/v1/settings', t.admin, { staleMonths: 9 })).json()).toEqual({ staleMonths: 9, survivorship });

    const audit = (await t.request('GET', `/api/v1/audit?entityId=${t.id}`, t.admin)).json().data.map((e: { action: string }) => e.action).filter((a: string) => a !== 'tenant.created');
    expect(audit).toEqual(['tenant.settings_changed', 'sources.settings_changed', 'tenant.settings_changed']);
    const jobs = (await t.request('GET', '/api/v1/jobs', t.admin)).json().data.filter((j: { kind: string }) => j.kind === 'sources.recompute');
    expect(jobs).toHaveLength(1);
  });
});
