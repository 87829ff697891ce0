// My tasks: completing is one click and shows at once; when the server refuses, the row goes back
// and a notification says why.
import { describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Providers } from '../providers.tsx';
import { App } from '../app.tsx';
import { fakeApi, problem, sessionBody } from '../test/fake-api.ts';
import { emptyPage, taskRecord } from '../test/records.ts';

const task = taskRecord({ assigneeId: sessionBody.user.id });

function setup(patch: () => Promise<ReturnType<typeof problem> | { body: unknown }>) {
  const api = fakeApi({
    'GET /auth/session': { body: sessionBody },
    'GET /users': emptyPage,
    'GET /tasks': { body: { data: [task], nextCursor: null } },
    [`PATCH /tasks/${task.id}`]: patch,
  });
  window.history.replaceState(null, '', '/tasks');
  render(<Providers env="test"><App /></Providers>);
  return api;
}

describe('my tasks', () => {
  it('asks for my overdue tasks and completes one optimistically', async () => {
    let release: () => void = () => {};
    const api = setup(() => new Promise((resolve) => {
      release = () => resolve({ body: { ...task, status: 'done', completedAt: '2026-01-02T00:00:00.000Z', version: 2 } });
    }));
    const user = userEvent.setup();
    const box = (await screen.findByRole('checkbox', { name: 'Complete Send the proposal' }, { timeout: 5000 })) as HTMLInputElement;
    const list = api.calls.find((c) => c.path.startsWith('/tasks?'))!;
    const q = new URLSearchParams(list.path.split('?')[1]);
    expect(q.get('filter[assigneeId]')).toBe(sessionBody.user.id);
    expect(q.get('due')).toBe('overdue');

    await user.click(box);
    // Checked before the server has answered.
    expect(box.checked).toBe(true);
    const patch = api.calls.find((c) => c.method === 'PATCH')!;
    expect(patch.body).toEqual({ status: 'done' });
    expect(patch.headers['if-match']).toBe('W/"1"');
    release();
    expect(await screen.findByRole('checkbox', { name: 'Reopen Send the proposal' })).toBeTruthy();
  });

  it('rolls back and notifies when the server refuses', async () => {
    setup(async () => problem(403, 'You may not update this task', { code: 'forbidden' }));
    const user = userEvent.setup();
    const box = (await screen.findByRole('checkbox', { name: 'Complete Send the proposal' }, { timeout: 5000 })) as HTMLInputElement;
    await user.click(box);
    expect(await screen.findByText('You may not update this task')).toBeTruthy();
    expect(screen.getByText('Could not complete “Send the proposal”')).toBeTruthy();
    await waitFor(() => expect((screen.getByRole('checkbox', { name: 'Complete Send the proposal' }) as HTMLInputElement).checked).toBe(false));
  });
});
