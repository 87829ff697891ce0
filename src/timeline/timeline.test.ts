import { expect, it } from 'vitest';
import { forEachDatabase, type TestTenant } from '../../test/harness.ts';
import { appendAudit } from '../platform/audit/service.ts';
import { makeCompany, makeContact } from './test-fixtures.ts';

interface Item { type: string; id: string; at: string; summary: string; data: Record<string, unknown> }

async function created(t: TestTenant, token: string, url: string, body: Record<string, unknown>) {
  const res = await t.request('POST', url, token, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; createdAt: string };
}

async function walk(t: TestTenant, token: string, url: string, limit: number): Promise<Item[]> {
  const out: Item[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const res = await t.request('GET', `${url}?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, token);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { data: Item[]; nextCursor: string | null };
    expect(body.data.length).toBeLessThanOrEqual(limit);
    out.push(...body.data);
    cursor = body.nextCursor;
    if (!cursor) return out;
  }
  throw new Error('cursor never ended');
}

const key = (i: Item) => `${i.type}:${i.id}`;

forEachDatabase('timeline API', (h) => {
  it('merges interactions, notes, tasks and changes newest first and pages without duplicates or gaps', async () => {
    const t = await h.tenant();
    const contactId = await makeContact(t, t.admin);
    const elsewhere = await makeContact(t, t.admin);
    const tie = '2024-05-01T12:00:00.000Z';
    for (const subject of ['a', 'b', 'c']) {
      await created(t, t.admin, '/api/v1/interactions', { kind: 'phone_call', subject, occurredAt: tie, participants: [{ contactId }] });
    }
    await created(t, t.admin, '/api/v1/interactions', { kind: 'email', occurredAt: '2023-01-01T00:00:00Z', participants: [{ contactId: elsewhere }, { contactId }] });
    await created(t, t.admin, '/api/v1/interactions', { kind: 'email', occurredAt: '2024-06-01T00:00:00Z', participants: [{ contactId: elsewhere }] });
    const note = await created(t, t.admin, '/api/v1/notes', { body: 'Met at the conference\nLikes sailing', contactId });
    // An interaction at exactly the note's time: the tie is broken by type, then id.
    await created(t, t.admin, '/api/v1/interactions', { kind: 'event', occurredAt: note.createdAt, participants: [{ contactId }] });
    await created(t, t.admin, '/api/v1/notes', { body: 'Second note', contactId });
    const task = await created(t, t.admin, '/api/v1/tasks', { title: 'Send brochure', contactId });
    await created(t, t.admin, '/api/v1/tasks', { title: 'Book meeting', contactId, dueAt: '2031-01-01T00:00:00Z' });
    expect((await t.request('PATCH', `/api/v1/tasks/${task.id}`, t.admin, { status: 'done' })).statusCode).toBe(200);
    expect((await t.request('PATCH', `/api/v1/contacts/${contactId}`, t.admin, { jobTitle: 'Skipper' })).statusCode).toBe(200);
    expect((await t.request('PATCH', `/api/v1/contacts/${contactId}`, t.admin, { tier: 'A' })).statusCode).toBe(200);

    const url = `/api/v1/contacts/${contactId}/timeline`;
    const all = await walk(t, t.admin, url, 200);
    const count = (type: string) => all.filter((i) => i.type === type).length;
    expect([count('interaction'), count('note'), count('task'), count('change')]).toEqual([5, 2, 2, 3]);
    expect(all).toHaveLength(12);
    for (let i = 1; i < all.length; i++) expect(Date.parse(all[i - 1]!.at)).toBeGreaterThanOrEqual(Date.parse(all[i]!.at));
    expect(all.at(-1)).toMatchObject({ type: 'interaction', at: '2023-01-01T00:00:00.000Z' });
    expect(all.slice(-4, -1).map((i) => i.summary)).toEqual(['c', 'b', 'a']);
    expect(all.find((i) => i.type === 'note' && i.id === note.id)).toMatchObject({ summary: 'Met at the conference Likes sailing', data: { body: 'Met at the conference\nLikes sailing', contactId } });
    expect(all.find((i) => i.id === task.id)).toMatchObject({ summary: 'Done: Send brochure', data: { status: 'done' } });
    expect(all[0]).toMatchObject({ type: 'change', summary: 'Updated: tier', data: { action: 'contact.updated', changes: { tier: { before: null, after: 'A' } } } });
    expect(all.filter((i) => i.type === 'change').map((i) => i.summary)).toEqual(['Updated: tier', 'Updated: jobTitle', 'Created']);

    for (const limit of [1, 2, 3, 5]) {
      const paged = await walk(t, t.admin, url, limit);
      expect(paged.map(key)).toEqual(all.map(key));
      expect(new Set(paged.map(key)).size).toBe(paged.length);
    }

    const onlyNotes = (await t.request('GET', `${url}?types=note,task`, t.admin)).json().data as Item[];
    expect(onlyNotes.map(key)).toEqual(all.filter((i) => i.type === 'note' || i.type === 'task').map(key));
    expect((await t.request('GET', `${url}?types=email`, t.admin)).json().errors[0].field).toBe('types');
    expect((await t.request('GET', `${url}?cursor=bm9wZQ`, t.admin)).json().errors[0].field).toBe('cursor');
  });

  it('leaves out what the caller may not see and answers 404 for a hidden record', async () => {
    const a = await h.tenant();
    const b = await h.tenant();
    const team = await a.team('Desk');
    const rep = await a.user('rep', { teamIds: [team] });
    const outsider = await a.user('rep');
    const service = await a.user('service');
    const contactId = await makeContact(a, a.admin, { teamId: team, birthDate: '1980-02-03' });
    const mine = await created(a, rep.token, '/api/v1/interactions', { kind: 'sms', participants: [{ contactId }] });
    const adminOnly = await created(a, a.admin, '/api/v1/interactions', { kind: 'sms', teamId: null, participants: [{ contactId }] });
    const teamNote = await created(a, a.admin, '/api/v1/notes', { body: 'team', contactId, teamId: team });
    const privateNote = await created(a, a.admin, '/api/v1/notes', { body: 'private', contactId });
    const assigned = await created(a, a.admin, '/api/v1/tasks', { title: 'for rep', contactId, assigneeId: rep.id });
    const privateTask = await created(a, a.admin, '/api/v1/tasks', { title: 'for admin', contactId });
    expect((await a.request('PATCH', `/api/v1/contacts/${contactId}`, a.admin, { birthDate: '1980-02-04', jobTitle: 'Pilot' })).statusCode).toBe(200);

    const url = `/api/v1/contacts/${contactId}/timeline`;
    const ids = (items: Item[]) => items.filter((i) => i.type !== 'change').map((i) => i.id).sort();
    const repView = await walk(a, rep.token, url, 2);
    expect(ids(repView)).toEqual([mine.id, teamNote.id, assigned.id].sort());
    expect(ids(await walk(a, a.admin, url, 50))).toEqual([mine.id, adminOnly.id, teamNote.id, privateNote.id, assigned.id, privateTask.id].sort());

    // Sensitive fields stay out of change items for roles that may not see them.
    const changeFor = async (token: string) => (await walk(a, token, url, 50)).find((i) => i.data['action'] === 'contact.updated')!.data['changes'];
    expect(Object.keys(await changeFor(a.admin) as object).sort()).toEqual(['birthDate', 'jobTitle']);
    expect(Object.keys(await changeFor(service.token) as object)).toEqual(['jobTitle']);

    expect((await a.request('GET', url, outsider.token)).statusCode).toBe(404);
    expect((await b.request('GET', url, b.admin)).statusCode).toBe(404);
    expect((await a.request('GET', `/api/v1/contacts/0190f0f0-0000-7000-8000-00000000dead/timeline`, a.admin)).statusCode).toBe(404);
  });

  it('shows a company its interactions, notes, tasks and changes', async () => {
    const t = await h.tenant();
    const companyId = await makeCompany(h, t);
    const other = await makeCompany(h, t);
    const contactId = await makeContact(t, t.admin);
    const i = await created(t, t.admin, '/api/v1/interactions', { kind: 'in_person', companyId, occurredAt: '2024-01-01T00:00:00Z', participants: [{ contactId }] });
    await created(t, t.admin, '/api/v1/interactions', { kind: 'in_person', companyId: other, participants: [{ contactId }] });
    const n = await created(t, t.admin, '/api/v1/notes', { body: 'Merger rumours', companyId });
    const task = await created(t, t.admin, '/api/v1/tasks', { title: 'Check filings', companyId });
    await h.database.withTenant(t.id, (tx) => appendAudit(tx, t.id, { id: t.adminId, label: 'test' }, [
      { action: 'company.updated', entity: 'company', entityId: companyId, changes: { name: { before: 'Old', after: 'New' } } },
    ]));
    const items = await walk(t, t.admin, `/api/v1/companies/${companyId}/timeline`, 2);
    expect(items.map((x) => `${x.type}:${x.id}`)).toEqual(expect.arrayContaining([`interaction:${i.id}`, `note:${n.id}`, `task:${task.id}`]));
    expect(items).toHaveLength(4);
    expect(items[0]).toMatchObject({ type: 'change', summary: 'Updated: name' });
    expect(items.at(-1)!.id).toBe(i.id);
    const rep = await t.user('rep');
    expect((await t.request('GET', `/api/v1/companies/${companyId}/timeline`, rep.token)).statusCode).toBe(404);
  });
});
