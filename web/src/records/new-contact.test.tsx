// The new-contact form checks the draft for duplicates as the person types (debounced), shows "this
// looks like ..." with View and Not the same, never blocks saving, and records "not the same"
// against the new contact once it exists.
import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Providers } from '../providers.tsx';
import { fakeApi, sessionBody, type Call } from '../test/fake-api.ts';
import { NewContactModal } from './new-contact.tsx';

const ada = {
  id: 'c2', displayName: 'Ada Lovelace', givenName: 'Ada', familyName: 'Lovelace', emails: [{ address: 'ada@engines.example', type: 'work', primary: true }],
  phones: [], addresses: [], company: null, ownerId: null, teamId: null, version: 1, updatedAt: '2026-01-01T00:00:00.000Z',
};
const waterfall = { priorWeight: -8, steps: [] };

function server() {
  const checks: Call[] = [];
  const api = fakeApi({
    'GET /auth/session': { body: sessionBody },
    'POST /matching/check': (call) => {
      checks.push(call);
      const body = call.body as { familyName?: string | null };
      return { body: { model: 'default', candidates: body.familyName === 'Lovelace' ? [{ contact: ada, probability: 0.97, matchWeight: 11, waterfall }] : [] } };
    },
    'POST /contacts': { status: 201, body: { id: 'c9', displayName: 'Ada Lovelace' } },
    'POST /matching/decisions': { body: { entity: 'contact', leftId: 'c2', rightId: 'c9', decision: 'not_same', candidateId: null, decidedBy: 'u', decidedAt: '2026-01-01T00:00:00.000Z', changed: true } },
  });
  return { api, checks };
}

async function typeAda() {
  const form = await screen.findByRole('form', { name: 'New contact' });
  await userEvent.type(within(form).getByLabelText('Given name'), 'Ada');
  await userEvent.type(within(form).getByLabelText('Family name'), 'Lovelace');
  await userEvent.type(within(form).getByLabelText('Email'), 'ada@engines.example');
  return form;
}

describe('new contact form duplicate hint', () => {
  it('checks the draft once typing pauses and shows the likely duplicate before saving', async () => {
    const { checks } = server();
    render(<Providers env="test"><NewContactModal onClose={() => {}} /></Providers>);
    const form = await typeAda();
    const hint = await within(form).findByRole('status', { name: 'This looks like Ada Lovelace, 97%' });
    expect(within(hint).getByRole('link', { name: 'View Ada Lovelace' }).getAttribute('target')).toBe('_blank');
    // Debounced: far fewer checks than the 30 keystrokes, the last one with the whole draft.
    expect(checks.length).toBeLessThanOrEqual(3);
    expect(checks.at(-1)!.body).toEqual({ givenName: 'Ada', familyName: 'Lovelace', emails: [{ address: 'ada@engines.example', primary: true }] });
    expect(checks.at(-1)!.path).toBe('/matching/check?limit=3');
  });

  it('hides a candidate marked "not the same" and records that for the new contact on save', async () => {
    const { api } = server();
    render(<Providers env="test"><NewContactModal onClose={() => {}} /></Providers>);
    const form = await typeAda();
    await userEvent.click(await within(form).findByRole('button', { name: 'Not the same as Ada Lovelace' }));
    expect(within(form).queryByRole('status', { name: /This looks like/ })).toBeNull();
    await userEvent.click(within(form).getByRole('button', { name: 'Create contact' }));
    await waitFor(() => expect(api.calls.some((c) => c.path === '/matching/decisions')).toBe(true));
    const writes = api.calls.filter((c) => c.method === 'POST' && !c.path.startsWith('/matching/check'));
    expect(writes.map((c) => c.path)).toEqual(['/contacts', '/matching/decisions']);
    expect(writes[1]!.body).toEqual({ entity: 'contact', leftId: 'c9', rightId: 'c2', decision: 'not_same' });
  });

  it('never blocks saving: creating with the hint showing records no decision', async () => {
    const { api } = server();
    render(<Providers env="test"><NewContactModal onClose={() => {}} /></Providers>);
    const form = await typeAda();
    await within(form).findByRole('status', { name: 'This looks like Ada Lovelace, 97%' });
    await userEvent.click(within(form).getByRole('button', { name: 'Create contact' }));
    await waitFor(() => expect(api.calls.some((c) => c.method === 'POST' && c.path === '/contacts')).toBe(true));
    expect(api.calls.some((c) => c.path === '/matching/decisions')).toBe(false);
  });
});
