// Helpers the interaction, note, task and timeline tests share: records to point at, and reading
// what a transaction left in the audit trail and the outbox.
import { expect } from 'vitest';
import type { Harness, TestTenant } from '../../test/harness.ts';
import { uuidv7 } from '../platform/ids.ts';
import { companies } from '../companies/tables.ts';

let n = 0;

/** A contact made through the API by `token` (owner defaults to that user). */
export async function makeContact(t: TestTenant, token: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await t.request('POST', '/api/v1/contacts', token, { givenName: 'Pat', familyName: `Person${n++}`, ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
}

/** A company row written straight to the table, so these tests do not depend on the company API. */
export async function makeCompany(h: Harness, t: TestTenant, owner: { ownerId?: string | null; teamId?: string | null } = {}): Promise<string> {
  const id = uuidv7();
  const now = new Date();
  await h.database.withTenant(t.id, (tx) => tx.insert(companies).values({
    tenantId: t.id, id, name: `Company ${n++}`, ownerId: owner.ownerId === undefined ? t.adminId : owner.ownerId, teamId: owner.teamId ?? null, createdAt: now, updatedAt: now,
  }));
  return id;
}

/** Audit actions and outbox event types recorded for one entity, oldest first. */
export async function trail(h: Harness, t: TestTenant, entityId: string): Promise<{ audit: string[]; events: string[] }> {
  const audit = await h.database.query<{ action: string }>('select action from audit_log where tenant_id = $1 and entity_id = $2 order by seq', [t.id, entityId]);
  const events = await h.database.query<{ type: string }>('select type from outbox_events where tenant_id = $1 and entity_id = $2 order by id', [t.id, entityId]);
  return { audit: audit.map((r) => r.action), events: events.map((r) => r.type) };
}

/** Counts of a tenant's audit entries and outbox events, to show a failed write left neither. */
export async function trailCounts(h: Harness, t: TestTenant): Promise<{ audit: number; events: number }> {
  const [a] = await h.database.query<{ n: number }>('select count(*)::int as n from audit_log where tenant_id = $1', [t.id]);
  const [e] = await h.database.query<{ n: number }>('select count(*)::int as n from outbox_events where tenant_id = $1', [t.id]);
  return { audit: a!.n, events: e!.n };
}

/**
 * Makes every outbox insert of this tenant fail, so a write gets as far as its last step and must
 * then roll back whole. Returns the function that removes the trigger again.
 */
export async function breakOutbox(h: Harness, t: TestTenant): Promise<() => Promise<void>> {
  const name = `fail_outbox_${t.id.replaceAll('-', '')}`;
  await h.database.query(`create or replace function ${name}() returns trigger language plpgsql as $$ begin raise exception 'outbox is down'; end $$`);
  await h.database.query(`create trigger ${name} before insert on outbox_events for each row when (new.tenant_id = '${t.id}') execute function ${name}()`);
  return async () => {
    await h.database.query(`drop trigger ${name} on outbox_events`);
    await h.database.query(`drop function ${name}()`);
  };
}
