import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { forEachDatabase } from '../../../test/harness.ts';
import { rowsOf } from '../../db/sql.ts';
import { verifyChain } from './service.ts';

forEachDatabase('audit trail', (h) => {
  it('records who changed which field from what to what', async () => {
    const t = await h.tenant();
    const c = (await t.request('POST', '/api/v1/contacts', t.admin, { givenName: 'Grace', familyName: 'Hopper' })).json();
    await t.request('PATCH', `/api/v1/contacts/${c.id}`, t.admin, { jobTitle: 'Rear Admiral' });
    const history = (await t.request('GET', `/api/v1/contacts/${c.id}/history`, t.admin)).json();
    expect(history.data.map((e: { action: string }) => e.action)).toEqual(['contact.updated', 'contact.created']);
    expect(history.data[0].changes).toEqual({ jobTitle: { before: null, after: 'Rear Admiral' } });
    expect(history.data[0].actorLabel).toBe(`admin@${t.slug}.test`);
    expect(history.data[1].changes.familyName).toEqual({ before: null, after: 'Hopper' });
  });

  it('keeps an intact hash chain and verifies it', async () => {
    const t = await h.tenant();
    for (let i = 0; i < 3; i++) await t.request('POST', '/api/v1/contacts', t.admin, { givenName: `P${i}`, familyName: 'Chain' });
    const result = await h.database.withTenant(t.id, (tx) => verifyChain(tx, t.id));
    expect(result.ok).toBe(true);
    expect(result.checked).toBeGreaterThanOrEqual(5); // tenant, user, login, 3 contacts
    const api = (await t.request('GET', '/api/v1/audit/verify', t.admin)).json();
    expect(api).toMatchObject({ ok: true, checked: result.checked });
  });

  it('refuses updates and deletes from the application', async () => {
    const t = await h.tenant();
    await expect(h.database.withTenant(t.id, (tx) => tx.execute(sql`update audit_log set actor_label = 'someone else'`))).rejects.toThrow();
    await expect(h.database.withTenant(t.id, (tx) => tx.execute(sql`delete from audit_log`))).rejects.toThrow();
    // Even the owner is stopped by the trigger.
    await expect(h.database.db.execute(sql`delete from audit_log where tenant_id = ${t.id}`)).rejects.toThrow();
  });

  it('detects an entry altered or removed behind the application\'s back', async () => {
    const t = await h.tenant();
    for (let i = 0; i < 4; i++) await t.request('POST', '/api/v1/contacts', t.admin, { givenName: `Q${i}`, familyName: 'Tamper' });
    const [target] = await rowsOf<{ seq: number }>(h.database.db, sql`select seq::int as seq from audit_log where tenant_id = ${t.id} and action = 'contact.created' order by seq limit 1`);
    // A superuser with the trigger disabled is the only way in; verification must still notice.
    await h.database.withConnection(async (conn) => {
      await conn.execute(sql`alter table audit_log disable trigger audit_log_append_only`);
      try {
        await conn.execute(sql`update audit_log set changes = '{}'::jsonb where tenant_id = ${t.id} and seq = ${target!.seq}`);
      } finally {
        await conn.execute(sql`alter table audit_log enable trigger audit_log_append_only`);
      }
    });
    const altered = await verifyChain(h.database.db, t.id);
    expect(altered).toMatchObject({ ok: false, brokenAt: target!.seq });
    expect(altered.reason).toContain('altered');

    const other = await h.tenant();
    for (let i = 0; i < 3; i++) await other.request('POST', '/api/v1/contacts', other.admin, { givenName: `R${i}`, familyName: 'Gone' });
    const [last] = await rowsOf<{ seq: number }>(h.database.db, sql`select max(seq)::int as seq from audit_log where tenant_id = ${other.id}`);
    await h.database.withConnection(async (conn) => {
      await conn.execute(sql`alter table audit_log disable trigger audit_log_append_only`);
      try {
        await conn.execute(sql`delete from audit_log where tenant_id = ${other.id} and seq = ${last!.seq}`);
      } finally {
        await conn.execute(sql`alter table audit_log enable trigger audit_log_append_only`);
      }
    });
    const truncated = await verifyChain(h.database.db, other.id);
    expect(truncated).toMatchObject({ ok: false, brokenAt: last!.seq });
  });
});
