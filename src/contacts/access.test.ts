// Who sees and changes which contacts, through the API: ownership, teams, roles, sensitive fields.
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { forEachDatabase } from '../../test/harness.ts';
import { rowsOf } from '../db/sql.ts';
import { AppError } from '../platform/errors.ts';
import { createContact } from './service.ts';

forEachDatabase('contact access', (h) => {
  it('lets a rep see own and team contacts but not another team\'s', async () => {
    const t = await h.tenant();
    const east = await t.team('East');
    const west = await t.team('West');
    const rep1 = await t.user('rep', { teamIds: [east] });
    const rep2 = await t.user('rep', { teamIds: [east] });
    const rep3 = await t.user('rep', { teamIds: [west] });
    const mine = (await t.request('POST', '/api/v1/contacts', rep1.token, { givenName: 'Mine', familyName: 'One' })).json();
    expect(mine.ownerId).toBe(rep1.id);
    expect(mine.teamId).toBe(east);
    expect((await t.request('GET', `/api/v1/contacts/${mine.id}`, rep2.token)).statusCode).toBe(200);
    expect((await t.request('GET', `/api/v1/contacts/${mine.id}`, rep3.token)).statusCode).toBe(404);
    expect((await t.request('PATCH', `/api/v1/contacts/${mine.id}`, rep3.token, { tier: 'Z' })).statusCode).toBe(404);
    const listed = (await t.request('GET', '/api/v1/contacts', rep3.token)).json();
    expect(listed.data).toEqual([]);
    // A teammate may edit but only the owner may delete.
    expect((await t.request('PATCH', `/api/v1/contacts/${mine.id}`, rep2.token, { tier: 'B' })).statusCode).toBe(200);
    expect((await t.request('DELETE', `/api/v1/contacts/${mine.id}`, rep2.token)).statusCode).toBe(403);
    expect((await t.request('DELETE', `/api/v1/contacts/${mine.id}`, rep1.token)).statusCode).toBe(204);
  });

  it('lets admins and controllers see everything, controllers change nothing', async () => {
    const t = await h.tenant();
    const team = await t.team('Solo');
    const rep = await t.user('rep', { teamIds: [team] });
    const controller = await t.user('controller');
    const c = (await t.request('POST', '/api/v1/contacts', rep.token, { givenName: 'Audited', familyName: 'Person' })).json();
    expect((await t.request('GET', `/api/v1/contacts/${c.id}`, controller.token)).statusCode).toBe(200);
    expect((await t.request('GET', `/api/v1/contacts/${c.id}`, t.admin)).statusCode).toBe(200);
    expect((await t.request('PATCH', `/api/v1/contacts/${c.id}`, controller.token, { tier: 'A' })).statusCode).toBe(403);
    expect((await t.request('POST', '/api/v1/contacts', controller.token, { givenName: 'No' })).statusCode).toBe(403);
  });

  it('leaves sensitive fields out for roles without the permission, and refuses to let them write them', async () => {
    const t = await h.tenant();
    const service = await t.user('service');
    const c = (await t.request('POST', '/api/v1/contacts', t.admin, {
      givenName: 'Rich', familyName: 'Client', birthDate: '1960-04-01', netWorth: { amount: 2500000, currency: 'USD' },
      accountNumbers: [{ system: 'core', number: 'ACC-1' }],
    })).json();
    expect(c.netWorth).toEqual({ amount: 2500000, currency: 'USD' });
    expect(c.birthDate).toBe('1960-04-01');
    const seen = (await t.request('GET', `/api/v1/contacts/${c.id}`, service.token)).json();
    for (const f of ['birthDate', 'netWorth', 'accountNumbers', 'contractDocuments']) expect(seen).not.toHaveProperty(f);
    expect(seen.givenName).toBe('Rich');
    const listed = (await t.request('GET', '/api/v1/contacts', service.token)).json();
    expect(listed.data[0]).not.toHaveProperty('netWorth');
    const history = (await t.request('GET', `/api/v1/contacts/${c.id}/history`, service.token)).json();
    expect(history.data[0].changes).toHaveProperty('givenName');
    expect(history.data[0].changes).not.toHaveProperty('netWorth');
    expect((await t.request('GET', `/api/v1/contacts/${c.id}/history`, t.admin)).json().data[0].changes).toHaveProperty('netWorth');
    const own = (await t.request('POST', '/api/v1/contacts', service.token, { givenName: 'Walk', familyName: 'In' })).json();
    const write = await t.request('PATCH', `/api/v1/contacts/${own.id}`, service.token, { netWorth: { amount: 1, currency: 'USD' } });
    expect(write.statusCode).toBe(403);
    expect(write.json().errors[0].field).toBe('netWorth');
    const create = await t.request('POST', '/api/v1/contacts', service.token, { givenName: 'X', birthDate: '1990-01-01' });
    expect(create.statusCode).toBe(403);
    expect(create.json().errors[0].field).toBe('birthDate');
  });

  it('refuses a net worth the column cannot hold, from the API and from callers inside the server', async () => {
    const t = await h.tenant();
    const huge = await t.request('POST', '/api/v1/contacts', t.admin, { givenName: 'Too', familyName: 'Rich', netWorth: { amount: 1e20, currency: 'USD' } });
    expect(huge.statusCode).toBe(422);
    expect(huge.json().errors[0].field).toBe('netWorth.amount');
    // An import, job or seed calls the service without the route's zod parse.
    for (const amount of [Number.NaN, Number.POSITIVE_INFINITY, -2e16]) {
      const err = await createContact(t.ctx, { givenName: 'Not', familyName: 'A Number', netWorth: { amount, currency: 'USD' } }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).errors).toEqual([expect.objectContaining({ field: 'netWorth.amount' })]);
    }
    expect((await t.request('GET', '/api/v1/contacts?filter[familyName][eq]=A%20Number', t.admin)).json().data).toEqual([]);
    const fine = await createContact(t.ctx, { givenName: 'Just', familyName: 'Under', netWorth: { amount: 9_000_000_000_000_000.25, currency: 'USD' } });
    expect(fine.netWorth).toEqual({ amount: 9e15, currency: 'USD' }); // stored to the cent; the double had no cents to give
  });

  it('writes the outbox event with the change, and neither when the write fails', async () => {
    const t = await h.tenant();
    const c = (await t.request('POST', '/api/v1/contacts', t.admin, { givenName: 'Evented', familyName: 'Person', sourceIdentifiers: [{ system: 'crm', externalId: '1' }] })).json();
    const events = await h.database.withTenant(t.id, (tx) => rowsOf<{ type: string; entity_id: string }>(tx, sql`select type, entity_id::text from outbox_events order by id`));
    expect(events).toEqual([{ type: 'contact.created', entity_id: c.id }]);
    const dup = await t.request('POST', '/api/v1/contacts', t.admin, { givenName: 'Dup', sourceIdentifiers: [{ system: 'crm', externalId: '1' }] });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors[0].field).toBe('sourceIdentifiers.0.externalId');
    const after = await h.database.withTenant(t.id, (tx) => rowsOf<{ n: number }>(tx, sql`select (select count(*) from outbox_events)::int + (select count(*) from contacts)::int as n`));
    expect(after[0]!.n).toBe(2);
  });
});
