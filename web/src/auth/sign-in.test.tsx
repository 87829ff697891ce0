// Signing in: the API's refusal is shown in its own words, success opens the app, and an expired
// session mid-form asks to sign in again without losing what was typed, then retries the save.
import { describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Providers } from '../providers.tsx';
import { App } from '../app.tsx';
import { adminUser, fakeApi, loginBody, problem, sessionBody } from '../test/fake-api.ts';

const emptyList = { body: { data: [], nextCursor: null } };

describe('sign-in', () => {
  it('shows the API refusal, then signs in and shows the user', async () => {
    let signedIn = false;
    const api = fakeApi({
      'GET /auth/session': () => (signedIn ? { body: sessionBody } : problem(401, 'Authentication required')),
      'POST /auth/login': ({ body }) => {
        const b = body as { password: string };
        if (b.password !== 'right-password') return problem(401, 'Invalid tenant, email or password', { code: 'invalid_credentials' });
        signedIn = true;
        return { body: loginBody };
      },
      'GET /users': emptyList,
      'GET /tasks': emptyList,
    });
    window.history.replaceState(null, '', '/tasks');
    const user = userEvent.setup();
    render(<Providers env="test"><App /></Providers>);

    await user.type(await screen.findByRole('textbox', { name: 'Tenant' }), 'demo');
    await user.type(screen.getByRole('textbox', { name: 'Email' }), 'admin@demo.test');
    await user.type(screen.getByLabelText(/^Password/, { selector: 'input' }), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Invalid tenant, email or password');
    expect(window.location.pathname).toBe('/login');

    await user.clear(screen.getByLabelText(/^Password/, { selector: 'input' }));
    await user.type(screen.getByLabelText(/^Password/, { selector: 'input' }), 'right-password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    // Back on the page asked for before signing in, with the user in the header.
    expect(await screen.findByRole('heading', { name: 'My tasks' })).toBeTruthy();
    expect(window.location.pathname).toBe('/tasks');
    expect(screen.getByRole('button', { name: `Account: ${adminUser.name}, Admin` })).toBeTruthy();
    const login = api.calls.find((c) => c.path === '/auth/login')!;
    expect(login.body).toEqual({ tenant: 'demo', email: 'admin@demo.test', password: 'wrong' });
  });

  it('on 401 mid-form asks to sign in again, keeps the typed task and retries the save', async () => {
    let expired = false;
    const created: unknown[] = [];
    const api = fakeApi({
      'GET /auth/session': { body: sessionBody },
      'GET /users': emptyList,
      'GET /tasks': emptyList,
      'POST /tasks': ({ headers, body }) => {
        if (expired) return problem(401, 'Token is invalid, expired or revoked', { code: 'unauthorized' });
        if (headers['x-csrf-token'] !== 'csrf-2') return problem(403, 'Missing or wrong X-CSRF-Token header', { code: 'csrf_failed' });
        created.push(body);
        return { status: 201, body: { id: 't1', ...(body as object) } };
      },
      'POST /auth/login': () => {
        expired = false;
        return { body: loginBody };
      },
    });
    window.history.replaceState(null, '', '/tasks');
    localStorage.setItem('rapport.tenant', 'demo');
    const user = userEvent.setup();
    render(<Providers env="test"><App /></Providers>);

    await user.type(await screen.findByRole('textbox', { name: 'New task title' }), 'Send the proposal');
    expired = true;
    await user.click(screen.getByRole('button', { name: 'Add' }));

    const dialog = await screen.findByRole('dialog', { name: 'Your session has ended' });
    expect(dialog).toBeTruthy();
    // The form behind the modal still holds what was typed.
    expect((screen.getByRole('textbox', { name: 'New task title' }) as HTMLInputElement).value).toBe('Send the proposal');
    await user.type(screen.getByLabelText(/^Password/, { selector: 'input' }), 'rapport-demo');
    await user.click(screen.getByRole('button', { name: 'Sign in again' }));

    await waitFor(() => expect(created).toHaveLength(1));
    expect(created[0]).toMatchObject({ title: 'Send the proposal' });
    const relogin = api.calls.find((c) => c.path === '/auth/login')!;
    expect(relogin.body).toMatchObject({ tenant: 'demo', email: adminUser.email, password: 'rapport-demo' });
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Your session has ended' })).toBeNull());
  });
});
