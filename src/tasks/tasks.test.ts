import { expect, it } from 'vitest';
import { forEachDatabase } from '../../test/harness.ts';
import { breakOutbox, makeContact, trail, trailCounts } from '../timeline/test-fixtures.ts';

const base = '/api/v1/tasks';
const DAY = 86_400_000;

forEachDatabase('tasks API', (h) => {
  it('creates, reads, updates and deletes a task, auditing each step', async () => {
    const t = await h.tenant();
    const rep = await t.user('rep');
    const contactId = await makeContact(t, rep.token);
    const created = await t.request('POST', base, rep.token, { title: ' Call back ', dueAt: '2030-01-02T15:00:00Z', contactId });
    expect(created.statusCode, created.body).toBe(201);
    const task = created.json();
    expect(task).toMatchObject({ title: 'Call back', status: 'open', dueAt: '2030-01-02T15:00:00.000Z', completedAt: null, assigneeId: rep.id, ownerId: rep.id, contactId, version: 1 });
    expect((await t.request('GET', `${base}/${task.id}`, rep.token)).json()).toEqual(task);
    const patched = await t.request('PATCH', `${base}/${task.id}`, rep.token, { notes: 'Ask about the pension' }, { 'if-match': 'W/"1"' });
    expect(patched.json()).toMatchObject({ notes: 'Ask about the pension', version: 2 });
    expect((await t.request('DELETE', `${base}/${task.id}`, rep.token)).statusCode).toBe(204);
    expect((await t.request('GET', `${base}/${task.id}`, rep.token)).statusCode).toBe(404);
    expect(await trail(h, t, task.id)).toEqual({ audit: ['task.created', 'task.updated', 'task.deleted'], events: ['task.created', 'task.updated', 'task.deleted'] });
  });

  it('stamps completedAt when done, clears it on reopening, and emits task.completed', async () => {
    const t = await h.tenant();
    const task = (await t.request('POST', base, t.admin, { title: 'Send forms' })).json();
    const before = Date.now();
    const done = (await t.request('PATCH', `${base}/${task.id}`, t.admin, { status: 'done' })).json();
    expect(done.status).toBe('done');
    expect(Date.parse(done.completedAt)).toBeGreaterThanOrEqual(before - 5);
    const retitled = (await t.request('PATCH', `${base}/${task.id}`, t.admin, { title: 'Send the forms' })).json();
    expect(retitled.completedAt).toBe(done.completedAt);
    const reopened = (await t.request('PATCH', `${base}/${task.id}`, t.admin, { status: 'open' })).json();
    expect(reopened).toMatchObject({ status: 'open', completedAt: null });
    const doneAtOnce = (await t.request('POST', base, t.admin, { title: 'Already handled', status: 'done' })).json();
    expect(doneAtOnce.completedAt).not.toBeNull();
    expect((await trail(h, t, task.id)).events).toEqual(['task.created', 'task.completed', 'task.updated', 'task.updated']);
  });

  it('validates fields and references by name', async () => {
    const t = await h.tenant();
    const other = await t.user('rep');
    const hidden = await makeContact(t, other.token);
    const rep = await t.user('rep');
    const missing = '0190f0f0-0000-7000-8000-00000000dead';
    const shape = await t.request('POST', base, rep.token, { title: '', status: 'later', dueAt: 'tomorrow' });
    expect(shape.statusCode).toBe(422);
    expect(shape.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['dueAt', 'status', 'title']);
    const refs = await t.request('POST', base, rep.token, { title: 'x', assigneeId: missing, contactId: hidden, companyId: missing });
    expect(refs.statusCode).toBe(422);
    expect(refs.json().errors.map((e: { field: string }) => e.field)).toEqual(['contactId', 'companyId', 'assigneeId']);
  });

  it('filters by assignee, status, overdue and today, sorted by due date', async () => {
    const t = await h.tenant();
    const rep = await t.user('rep');
    const now = Date.now();
    const make = async (title: string, body: Record<string, unknown>) => {
      const res = await t.request('POST', base, t.admin, { title, ...body });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const late = await make('late', { dueAt: new Date(now - 2 * DAY).toISOString() });
    const lateDone = await make('late but done', { dueAt: new Date(now - 3 * DAY).toISOString(), status: 'done' });
    const dueNow = await make('due now', { dueAt: new Date(now).toISOString(), assigneeId: rep.id });
    const later = await make('later', { dueAt: new Date(now + 2 * DAY).toISOString() });
    const undated = await make('someday', {});
    const ids = async (q: string, token = t.admin) => {
      const res = await t.request('GET', `${base}?${q}`, token);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().data.map((x: { id: string }) => x.id);
    };
    expect(await ids('')).toEqual([lateDone, late, dueNow, later, undated]);
    expect(await ids('sort=-dueAt')).toEqual([undated, later, dueNow, late, lateDone]);
    expect(await ids('due=overdue')).toEqual(expect.arrayContaining([late]));
    expect(await ids('due=overdue')).not.toContain(lateDone);
    expect(await ids('due=overdue')).not.toContain(later);
    expect(await ids('due=today')).toEqual([dueNow]);
    expect(await ids('due=today&tz=Pacific/Kiritimati')).toEqual([dueNow]);
    expect(await ids('due=today&tz=America/Adak')).toEqual([dueNow]);
    expect(await ids(`filter[assigneeId]=${rep.id}`)).toEqual([dueNow]);
    expect(await ids('filter[status]=done')).toEqual([lateDone]);
    expect(await ids('sort=createdAt')).toEqual([late, lateDone, dueNow, later, undated]);
    const badTz = await t.request('GET', `${base}?due=today&tz=Mars/Olympus`, t.admin);
    expect(badTz.statusCode).toBe(422);
    expect(badTz.json().errors[0].field).toBe('tz');

    // Page one at a time through the due-date order, nulls included.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const body = (await t.request('GET', `${base}?limit=2${cursor ? `&cursor=${cursor}` : ''}`, t.admin)).json() as { data: Array<{ id: string }>; nextCursor: string | null };
      seen.push(...body.data.map((x) => x.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([lateDone, late, dueNow, later, undated]);
  });

  it('lets the assignee see and complete a task owned by someone else', async () => {
    const t = await h.tenant();
    const manager = await t.user('manager');
    const rep = await t.user('rep');
    const bystander = await t.user('rep');
    const task = (await t.request('POST', base, manager.token, { title: 'Prepare review pack', assigneeId: rep.id })).json();
    expect(task.ownerId).toBe(manager.id);
    expect((await t.request('GET', base, rep.token)).json().data.map((x: { id: string }) => x.id)).toEqual([task.id]);
    const done = await t.request('PATCH', `${base}/${task.id}`, rep.token, { status: 'done' }, { 'if-match': 'W/"1"' });
    expect(done.statusCode, done.body).toBe(200);
    expect((await t.request('DELETE', `${base}/${task.id}`, rep.token)).statusCode).toBe(404);
    expect((await t.request('GET', `${base}/${task.id}`, bystander.token)).statusCode).toBe(404);
    expect((await t.request('GET', base, bystander.token)).json().data).toEqual([]);
  });

  it('refuses stale writes and answers 404 across tenants', async () => {
    const a = await h.tenant();
    const b = await h.tenant();
    const task = (await a.request('POST', base, a.admin, { title: 'Mine' })).json();
    expect((await a.request('PATCH', `${base}/${task.id}`, a.admin, { title: 'v2' }, { 'if-match': 'W/"1"' })).statusCode).toBe(200);
    expect((await a.request('PATCH', `${base}/${task.id}`, a.admin, { title: 'v3' }, { 'if-match': 'W/"1"' })).statusCode).toBe(412);
    expect((await b.request('GET', `${base}/${task.id}`, b.admin)).statusCode).toBe(404);
    expect((await b.request('PATCH', `${base}/${task.id}`, b.admin, { title: 'x' })).statusCode).toBe(404);
    expect((await b.request('DELETE', `${base}/${task.id}`, b.admin)).statusCode).toBe(404);
    expect((await a.request('GET', `${base}/${task.id}`, a.admin)).json().title).toBe('v2');
  });

  it('leaves no change, audit entry or event when completing fails', async () => {
    const t = await h.tenant();
    const task = (await t.request('POST', base, t.admin, { title: 'Fragile' })).json();
    const before = await trailCounts(h, t);
    const repair = await breakOutbox(h, t);
    try {
      expect((await t.request('PATCH', `${base}/${task.id}`, t.admin, { status: 'done' })).statusCode).toBe(500);
    } finally {
      await repair();
    }
    expect(await trailCounts(h, t)).toEqual(before);
    expect((await t.request('GET', `${base}/${task.id}`, t.admin)).json()).toMatchObject({ status: 'open', completedAt: null, version: 1 });
  });
});
