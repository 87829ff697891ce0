// The command palette: Ctrl-K opens it from anywhere, the typed words go to the search API, and
// "log a meeting with <name>" opens the log form with that contact and kind chosen, by keyboard.
import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Providers } from '../providers.tsx';
import { App } from '../app.tsx';
import { fakeApi, sessionBody } from '../test/fake-api.ts';
import { contactId, emptyPage } from '../test/records.ts';
import { parseQuickLog } from './command-palette.tsx';

describe('command palette', () => {
  it('reads quick actions', () => {
    expect(parseQuickLog('log a call with ada')).toEqual({ kind: 'phone_call', who: 'ada' });
    expect(parseQuickLog('Log a meeting with Ada Lovelace')).toEqual({ kind: 'in_person', who: 'Ada Lovelace' });
    expect(parseQuickLog('video call lovelace')).toEqual({ kind: 'video_call', who: 'lovelace' });
    expect(parseQuickLog('ada lovelace')).toBeNull();
  });

  it('logs a meeting with a contact found despite a typo, all from the keyboard', async () => {
    const api = fakeApi({
      'GET /auth/session': { body: sessionBody },
      'GET /users': emptyPage,
      'GET /tasks': emptyPage,
      'GET /search': ({ path }) => {
        const q = new URLSearchParams(path.split('?')[1]).get('q');
        // The server forgives the typo; the stub answers only for the words the palette should send.
        return q === 'lovelance'
          ? { body: { data: [{ type: 'contact', id: contactId, displayName: 'Ada Lovelace', subtitle: 'Analyst', score: 0.6 }] } }
          : { body: { data: [] } };
      },
    });
    window.history.replaceState(null, '', '/tasks');
    const user = userEvent.setup();
    render(<Providers env="test"><App /></Providers>);
    await screen.findByRole('heading', { name: 'My tasks' });

    await user.keyboard('{Control>}k{/Control}');
    const box = await screen.findByRole('combobox', { name: 'Search or type a command' });
    await user.type(box, 'log a meeting with lovelance');
    const option = await screen.findByRole('option', { name: /^Log a meeting with Ada Lovelace/ });
    expect(option.getAttribute('aria-selected')).toBe('true');
    await user.keyboard('{Enter}');

    const dialog = await screen.findByRole('dialog', { name: 'Log an interaction' });
    await waitFor(() => expect((within(dialog).getByRole('radio', { name: 'Meeting' }) as HTMLInputElement).checked).toBe(true));
    expect(within(dialog).getByRole('button', { name: 'Remove Ada Lovelace' })).toBeTruthy();
    expect(api.calls.some((c) => c.path.startsWith('/search?') && c.path.includes('types') === false)).toBe(true);
  });
});
