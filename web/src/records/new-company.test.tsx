// The new-company form checks the draft against the companies in the book as the person types and
// records "not the same" against the new company once it exists; a half-typed domain is not sent.
import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Providers } from '../providers.tsx';
import { fakeApi, sessionBody } from '../test/fake-api.ts';
import { NewCompanyModal } from './new-company.tsx';

const firm = { id: 'k2', name: 'Analytical Engines Ltd', domain: 'engines.example', website: null, phones: [], addresses: [], ownerId: null, teamId: null, version: 1, updatedAt: '2026-01-01T00:00:00.000Z' };

describe('new company form duplicate hint', () => {
  it('shows the likely duplicate company and records "not the same" after creating', async () => {
    const api = fakeApi({
      'GET /auth/session': { body: sessionBody },
      'POST /matching/check-company': (call) => ({
        body: { model: 'default', candidates: (call.body as { domain?: string }).domain === 'engines.example' ? [{ company: firm, probability: 0.97, matchWeight: 12, waterfall: { priorWeight: -6, steps: [] } }] : [] },
      }),
      'POST /companies': { status: 201, body: { id: 'k9', name: 'Analytical Engines' } },
      'POST /matching/decisions': { body: { entity: 'company', leftId: 'k2', rightId: 'k9', decision: 'not_same', candidateId: null, decidedBy: 'u', decidedAt: '2026-01-01T00:00:00.000Z', changed: true } },
    });
    render(<Providers env="test"><NewCompanyModal onClose={() => {}} /></Providers>);
    const form = await screen.findByRole('form', { name: 'New company' });
    await userEvent.type(within(form).getByLabelText(/^Name/), 'Analytical Engines');
    await userEvent.type(within(form).getByLabelText('Domain'), 'engines.example');
    const hint = await within(form).findByRole('status', { name: 'This looks like Analytical Engines Ltd, 97%' });
    const checked = api.calls.filter((c) => c.path.startsWith('/matching/check-company'));
    expect(checked.every((c) => { const d = (c.body as { domain?: string }).domain; return d === undefined || /\.[a-z]{2,}$/.test(d); })).toBe(true);
    expect(checked.at(-1)!.body).toEqual({ name: 'Analytical Engines', domain: 'engines.example' });
    await userEvent.click(within(hint).getByRole('button', { name: 'Not the same as Analytical Engines Ltd' }));
    expect(within(form).queryByRole('status', { name: /This looks like/ })).toBeNull();
    await userEvent.click(within(form).getByRole('button', { name: 'Create company' }));
    await waitFor(() => expect(api.calls.some((c) => c.path === '/matching/decisions')).toBe(true));
    expect(api.calls.find((c) => c.path === '/companies')?.body).toEqual({ name: 'Analytical Engines', domain: 'engines.example', industry: null });
    expect(api.calls.find((c) => c.path === '/matching/decisions')?.body).toEqual({ entity: 'company', leftId: 'k9', rightId: 'k2', decision: 'not_same' });
  });
});
