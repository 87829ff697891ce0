import { expect, it } from 'vitest';
import { forEachDatabase } from '../../test/harness.ts';
import { makeContact } from '../timeline/test-fixtures.ts';
import { ok } from '../outcomes/fixtures.ts';

type Load = { created: number; updated: number; unchanged: number; skipped: number; failed: number; results: Array<{ index: number; status: string; id?: string; errors?: unknown[] }> };
const NUMBER = 'CH93 0076 2011 6238 5295 7';

forEachDatabase('accounts and transactions', (h) => {
  it('stores account numbers only masked and hashed, and loads idempotently by external id', async () => {
    const t = await h.tenant();
    const contactId = await makeContact(t, t.admin);
    const item = { externalId: 'ACC-1', number: NUMBER, custodian: 'UBS', currency: 'CHF', owners: [{ contactId }] };
    const first = await ok<Load>(t.request('POST', '/api/v1/accounts/bulk', t.admin, { items: [item] }));
    expect(first).toMatchObject({ created: 1, updated: 0, unchanged: 0 });
    const id = first.results[0]!.id!;
    const account = await ok<Record<string, unknown>>(t.request('GET', `/api/v1/accounts/${id}`, t.admin));
    expect(account).toMatchObject({ externalId: 'ACC-1', numberMasked: '••••2957', custodian: 'UBS', owners: [{ contactId, householdId: null, role: 'owner' }] });
    expect(JSON.stringify(account)).not.toContain('0076');
    // The clear number is nowhere: not in the row, not in the audit trail, not in the outbox.
    const digits = NUMBER.replace(/\s/g, '');
    for (const table of ['accounts', 'audit_log', 'outbox_events']) {
      const rows = await h.database.query<Record<string, unknown>>(`select * from ${table} where tenant_id = $1`, [t.id]);
      expect(JSON.stringify(rows), table).not.toContain(digits);
      expect(JSON.stringify(rows), table).not.toContain('0076 2011');
    }
    expect((await ok<Load>(t.request('POST', '/api/v1/accounts/bulk', t.admin, { items: [item] }))).unchanged).toBe(1);
    const renamed = await ok<Load>(t.request('POST', '/api/v1/accounts/bulk', t.admin, { items: [{ ...item, name: 'Main portfolio' }] }));
    expect(renamed.results[0]).toEqual({ index: 0, status: 'updated', id });

    // Transactions: by account external id or by the number (matched through the hash), skipped when sent again.
    const txs = [
      { externalId: 'TX-1', accountExternalId: 'ACC-1', kind: 'deposit', amount: 1000, currency: 'CHF', bookedOn: '2026-01-05' },
      { externalId: 'TX-2', accountNumber: 'ch93-0076-2011-6238-5295-7', kind: 'transfer_in', amount: 250.5, currency: 'CHF', bookedOn: '2026-01-06' },
    ];
    expect(await ok<Load>(t.request('POST', '/api/v1/transactions/bulk', t.admin, { items: txs }))).toMatchObject({ created: 2, skipped: 0 });
    const again = await ok<Load>(t.request('POST', '/api/v1/transactions/bulk', t.admin, {
      mode: 'perRow', items: [...txs, { ...txs[0]!, externalId: 'TX-3' }, { ...txs[0]!, externalId: 'TX-4', accountExternalId: 'NOPE' }],
    }));
    expect(again).toMatchObject({ created: 1, skipped: 2, failed: 1 });
    expect(again.results[3]).toEqual({ index: 3, status: 'failed', errors: [{ field: 'accountExternalId', message: 'no such account' }] });
    const atomic = await t.request('POST', '/api/v1/transactions/bulk', t.admin, { items: [{ ...txs[0]!, externalId: 'TX-5', accountExternalId: 'NOPE' }] });
    expect(atomic.statusCode).toBe(422);
    expect(atomic.json().errors).toEqual([{ field: 'items.0.accountExternalId', message: 'no such account' }]);
    // The same feed loaded twice at once: every transaction written once, the rest skipped, no error.
    const feed = Array.from({ length: 50 }, (_, i) => ({ ...txs[0]!, externalId: `RACE-${i}`, amount: 10 + i }));
    const raced = await Promise.all([0, 1].map(() => ok<Load>(t.request('POST', '/api/v1/transactions/bulk', t.admin, { items: feed }))));
    expect(raced.map((r) => r.created).reduce((a, b) => a + b)).toBe(50);
    expect(raced.map((r) => r.skipped).reduce((a, b) => a + b)).toBe(50);
    const listed = await ok<{ data: Array<{ externalId: string; amount: number }> }>(t.request('GET', `/api/v1/accounts/${id}/transactions`, t.admin));
    expect(listed.data.slice(0, 3).map((x) => [x.externalId, x.amount])).toEqual([['TX-1', 1000], ['TX-2', 250.5], ['TX-3', 1000]]);
    expect(listed.data).toHaveLength(53);

    // Another tenant's key hashes the same number differently, and its lookups never reach here.
    const other = await h.tenant();
    await ok(other.request('POST', '/api/v1/accounts/bulk', other.admin, { items: [{ externalId: 'ACC-1', number: NUMBER }] }));
    const hashes = await h.database.query<{ number_hash: string }>('select number_hash from accounts where tenant_id = any($1::uuid[])', [`{${t.id},${other.id}}`]);
    expect(new Set(hashes.map((r) => r.number_hash)).size).toBe(2);
    expect((await other.request('GET', `/api/v1/accounts/${id}`, other.admin)).statusCode).toBe(404);
  });

  it('imports accounts and transactions from CSV, naming bad lines, and resumes idempotently', async () => {
    const t = await h.tenant();
    const contactId = await makeContact(t, t.admin);
    const accountsCsv = `External ID;Account Number;Custodian;Currency;Owner Contact IDs\nA1;DE44 5001 0517 5407 3249 31;DWS;EUR;${contactId}\nA2;12;DWS;EUR;\nA3;FR14 2004 1010 0505 0001 3M02 606;BNP;EUR;00000000-0000-7000-8000-000000000001\n`;
    const a = await ok<{ rows: number; created: number; failed: number; errors: Array<{ line: number; errors: Array<{ field: string }> }> }>(
      t.request('POST', '/api/v1/accounts/import', t.admin, accountsCsv, { 'content-type': 'text/csv' }));
    expect(a).toMatchObject({ rows: 3, created: 1, failed: 2 });
    expect(a.errors.map((e) => [e.line, e.errors[0]!.field])).toEqual([[3, 'number'], [4, 'owners.0.contactId']]);
    const txCsv = 'external_id,account_external_id,kind,amount,currency,booked_on\nT1,A1,deposit,"1,500.00",EUR,2026-02-01\nT2,A1,Transfer In,200,EUR,2026-02-02\nT3,A9,deposit,5,EUR,2026-02-03\nT4,A1,deposit,abc,EUR,2026-02-03\n';
    const first = await ok<{ created: number; skipped: number; failed: number; errors: Array<{ line: number }> }>(t.request('POST', '/api/v1/transactions/import', t.admin, txCsv, { 'content-type': 'text/csv' }));
    expect(first).toMatchObject({ created: 2, skipped: 0, failed: 2 });
    expect(first.errors.map((e) => e.line)).toEqual([4, 5]);
    const second = await ok<{ created: number; skipped: number }>(t.request('POST', '/api/v1/transactions/import', t.admin, txCsv, { 'content-type': 'text/csv' }));
    expect(second).toMatchObject({ created: 0, skipped: 2 });
    const rep = await t.user('rep');
    expect((await t.request('POST', '/api/v1/transactions/import', rep.token, txCsv, { 'content-type': 'text/csv' })).statusCode).toBe(403);
    expect((await t.request('POST', '/api/v1/accounts/bulk', rep.token, { items: [{ externalId: 'X', number: '1234' }] })).statusCode).toBe(403);
  });

  it('shows reps only their clients\' accounts (directly or through households); controllers see all', async () => {
    const t = await h.tenant();
    const team = await t.team('Advisers');
    const rep = await t.user('rep', { teamIds: [team] });
    const controller = await t.user('controller');
    const service = await t.user('service');
    const mine = await makeContact(t, rep.token);
    const theirs = await makeContact(t, t.admin);
    const household = await ok<{ id: string }>(t.request('POST', '/api/v1/households', rep.token, { name: 'Mine', members: [{ contactId: mine }] }), 201);
    const loaded = await ok<Load>(t.request('POST', '/api/v1/accounts/bulk', t.admin, { items: [
      { externalId: 'M', number: '1111-2222', owners: [{ contactId: mine }] },
      { externalId: 'H', number: '3333-4444', owners: [{ householdId: household.id }] },
      { externalId: 'T', number: '5555-6666', owners: [{ contactId: theirs }] },
    ] }));
    const [m, hh, th] = loaded.results.map((r) => r.id!);
    const seen = async (token: string, q = '') => (await ok<{ data: Array<{ id: string }> }>(t.request('GET', `/api/v1/accounts${q}`, token))).data.map((a) => a.id);
    expect(new Set(await seen(rep.token))).toEqual(new Set([m, hh]));
    expect(new Set(await seen(controller.token))).toEqual(new Set([m, hh, th]));
    expect(new Set(await seen(controller.token, `?contactId=${mine}`))).toEqual(new Set([m, hh]));
    expect((await t.request('GET', `/api/v1/accounts/${th}`, rep.token)).statusCode).toBe(404);
    expect((await t.request('GET', `/api/v1/accounts/${th}/transactions`, rep.token)).statusCode).toBe(404);
    expect((await t.request('GET', '/api/v1/accounts', service.token)).statusCode).toBe(403);
  });
});
