// Test fixtures for outcomes: a rep with a client (in a household), a controller, accounts on the
// client and on the household, an interaction the rep owns, and transactions relative to today.
import { expect } from 'vitest';
import type { TestTenant } from '../../test/harness.ts';
import { makeContact } from '../timeline/test-fixtures.ts';

export const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

export async function ok<T = Record<string, unknown>>(res: Promise<{ statusCode: number; body: string; json(): unknown }>, status = 200): Promise<T> {
  const r = await res;
  expect(r.statusCode, r.body).toBe(status);
  return r.json() as T;
}

let n = 0;

export async function advisorWorld(t: TestTenant) {
  const team = await t.team(`Advisers ${n++}`);
  const rep = await t.user('rep', { teamIds: [team] });
  const controller = await t.user('controller');
  const client = await makeContact(t, rep.token);
  const spouse = await makeContact(t, rep.token);
  const stranger = await makeContact(t, t.admin);
  const household = await ok<{ id: string }>(t.request('POST', '/api/v1/households', rep.token, { name: `Household ${n++}`, members: [{ contactId: client, role: 'head' }, { contactId: spouse, role: 'spouse' }] }), 201);
  const k = n++;
  const ext = { client: `A-${k}-client`, joint: `A-${k}-joint`, stranger: `A-${k}-stranger` };
  const accounts = await ok<{ results: Array<{ id: string }> }>(t.request('POST', '/api/v1/accounts/bulk', t.admin, {
    items: [
      { externalId: ext.client, number: 'DE89 3704 0044 0532 0130 00', custodian: 'Pershing', currency: 'EUR', owners: [{ contactId: client }] },
      { externalId: ext.joint, number: 'DE89 3704 0044 0532 0199 99', custodian: 'Schwab', currency: 'EUR', owners: [{ householdId: household.id }] },
      { externalId: ext.stranger, number: 'GB29 NWBK 6016 1331 9268 19', owners: [{ contactId: stranger }] },
    ],
  }));
  const [clientAccount, jointAccount, strangerAccount] = accounts.results.map((r) => r.id) as [string, string, string];
  const interaction = await ok<{ id: string }>(t.request('POST', '/api/v1/interactions', rep.token, { kind: 'in_person', participants: [{ contactId: client }] }), 201);
  return { team, rep, controller, client, spouse, stranger, household: household.id, clientAccount, jointAccount, strangerAccount, interactionId: interaction.id, ext };
}

export type World = Awaited<ReturnType<typeof advisorWorld>>;

/** Books transactions on accounts named by external id. */
export async function book(t: TestTenant, items: Array<{ account: string; amount: number; on: string; kind?: string; currency?: string; id?: string }>) {
  const res = await ok<{ results: Array<{ id?: string; status: string }> }>(t.request('POST', '/api/v1/transactions/bulk', t.admin, {
    items: items.map((i) => ({
      externalId: i.id ?? `T-${n++}-${Math.random().toString(36).slice(2)}`, accountExternalId: i.account, kind: i.kind ?? 'deposit',
      amount: i.amount, currency: i.currency ?? 'EUR', bookedOn: i.on,
    })),
  }));
  return res.results.map((r) => r.id!);
}

export async function claim(t: TestTenant, w: World, body: Record<string, unknown>, token = w.rep.token, interactionId = w.interactionId) {
  return t.request('POST', `/api/v1/interactions/${interactionId}/outcomes`, token, body);
}
