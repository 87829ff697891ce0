import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { forEachDatabase } from '../../test/harness.ts';
import { rowsOf } from '../db/sql.ts';

forEachDatabase('idempotency keys', (h) => {
  it('replays the first answer for a retried POST instead of creating twice', async () => {
    const t = await h.tenant();
    const body = { givenName: 'Once', familyName: 'Only' };
    const first = await t.request('POST', '/api/v1/contacts', t.admin, body, { 'idempotency-key': 'k-1' });
    const again = await t.request('POST', '/api/v1/contacts', t.admin, body, { 'idempotency-key': 'k-1' });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(first.json().id);
    const n = await h.database.withTenant(t.id, (tx) => rowsOf<{ n: number }>(tx, sql`select count(*)::int as n from contacts where family_name = 'Only'`));
    expect(n[0]!.n).toBe(1);
  });

  it('refuses the same key with a different body', async () => {
    const t = await h.tenant();
    await t.request('POST', '/api/v1/contacts', t.admin, { givenName: 'A', familyName: 'B' }, { 'idempotency-key': 'k-2' });
    const clash = await t.request('POST', '/api/v1/contacts', t.admin, { givenName: 'C', familyName: 'D' }, { 'idempotency-key': 'k-2' });
    expect(clash.statusCode).toBe(422);
    expect(clash.json().errors[0].field).toBe('Idempotency-Key');
  });

  it('keeps keys per user, so two users may use the same key', async () => {
    const t = await h.tenant();
    const rep = await t.user('rep');
    const a = await t.request('POST', '/api/v1/contacts', t.admin, { givenName: 'Same', familyName: 'Key' }, { 'idempotency-key': 'shared' });
    const b = await t.request('POST', '/api/v1/contacts', rep.token, { givenName: 'Same', familyName: 'Key' }, { 'idempotency-key': 'shared' });
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.json().id).not.toBe(a.json().id);
  });
});
