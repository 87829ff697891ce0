// The possible-duplicates panel of a contact or company page: likely candidates with probability,
// the waterfall on demand, View / Merge / Not the same; nothing at all when there are none, and no
// decisions offered to a role that may only read.
import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Providers } from '../../providers.tsx';
import { fakeApi, sessionBody, type Call } from '../../test/fake-api.ts';
import { PossibleDuplicates } from './possible-duplicates.tsx';

const side = (id: string, displayName: string, address: string) => ({
  id, displayName, givenName: null, familyName: null, emails: [{ address, type: 'work', primary: true }], phones: [], addresses: [], company: null,
  ownerId: null, teamId: null, version: 1, updatedAt: '2026-01-01T00:00:00.000Z',
});
const waterfall = { priorWeight: -8, steps: [{ column: 'email', level: 'exact', m: 0.9, u: 0.001, weight: 9.8, termFrequencyAdjustment: 0 }] };
const ada = { contact: side('c2', 'Ada <i>Lovelace</i>', 'ada@example.org'), probability: 0.93, matchWeight: 12, waterfall };
const grace = { contact: side('c4', 'Grace Hopper', 'grace@example.org'), probability: 0.71, matchWeight: 3, waterfall };

const panel = (props: Partial<Parameters<typeof PossibleDuplicates>[0]> = {}) => (
  <Providers env="test"><PossibleDuplicates entity="contact" id="c1" name="Ada Lovelace" {...props} /></Providers>
);

describe('possible duplicates panel', () => {
  it('links the likely duplicates with their probability, leaves out unlikely ones and shows why on demand', async () => {
    fakeApi({
      'GET /auth/session': { body: sessionBody },
      'GET /contacts/c1/duplicates': { body: { model: 'default', candidates: [ada, { contact: side('c3', 'Adam Love', 'adam@example.org'), probability: 0.2, matchWeight: -2, waterfall }] } },
    });
    render(panel());
    const item = await screen.findByRole('listitem', { name: 'Ada <i>Lovelace</i>, 93% likely the same' });
    expect(within(item).getByRole('link', { name: 'Ada <i>Lovelace</i>' }).getAttribute('href')).toBe('/contacts/c2');
    expect(within(item).getByRole('link', { name: 'View Ada <i>Lovelace</i>' }).getAttribute('href')).toBe('/contacts/c2');
    expect(within(item).getByText('ada@example.org')).toBeTruthy();
    expect(screen.queryByText('Adam Love')).toBeNull();
    expect(screen.queryByText('Total +12.0')).toBeNull();
    await userEvent.click(within(item).getByRole('button', { name: 'Show why Ada <i>Lovelace</i> matches' }));
    expect(await within(item).findByText('Total +12.0')).toBeTruthy();
    expect(within(item).getByText('Email: exact')).toBeTruthy();
  });

  it('records "not the same" for the two records and removes the candidate', async () => {
    const decided: Call[] = [];
    fakeApi({
      'GET /auth/session': { body: sessionBody },
      'GET /contacts/c1/duplicates': { body: { model: 'trained', candidates: [ada, grace] } },
      'POST /matching/decisions': (call) => {
        decided.push(call);
        return { body: { entity: 'contact', leftId: 'c1', rightId: 'c2', decision: 'not_same', candidateId: null, decidedBy: 'u', decidedAt: '2026-01-01T00:00:00.000Z', changed: true } };
      },
    });
    render(panel());
    await userEvent.click(await screen.findByRole('button', { name: 'Not the same as Ada <i>Lovelace</i>' }));
    await waitFor(() => expect(screen.queryByRole('listitem', { name: /Ada <i>Lovelace<\/i>/ })).toBeNull());
    expect(decided.map((c) => c.body)).toEqual([{ entity: 'contact', leftId: 'c1', rightId: 'c2', decision: 'not_same' }]);
    expect(decided[0]!.headers['x-csrf-token']).toBe('csrf-1');
    expect(screen.getByRole('listitem', { name: 'Grace Hopper, 71% likely the same' })).toBeTruthy();
  });

  it('merges through the merge API with the record the person keeps, and offers undo', async () => {
    const api = fakeApi({
      'GET /auth/session': { body: sessionBody },
      'GET /contacts/c1/duplicates': { body: { model: 'trained', candidates: [ada] } },
      'POST /contacts/c2/merge': { status: 201, body: { id: 'm1', survivorId: 'c2', mergedId: 'c1', candidateId: null, fields: {}, createdAt: '2026-01-01T00:00:00.000Z', undoneAt: null } },
      'POST /merges/m1/undo': { body: { id: 'm1', survivorId: 'c2', mergedId: 'c1', candidateId: null, fields: {}, createdAt: '2026-01-01T00:00:00.000Z', undoneAt: '2026-01-01T00:01:00.000Z' } },
    });
    render(panel());
    await userEvent.click(await screen.findByRole('button', { name: 'Merge with Ada <i>Lovelace</i>' }));
    const dialog = await screen.findByRole('dialog', { name: 'Merge Ada Lovelace and Ada <i>Lovelace</i>' });
    expect((within(dialog).getByRole('radio', { name: 'Ada Lovelace (this one)' }) as HTMLInputElement).checked).toBe(true);
    await userEvent.click(within(dialog).getByRole('radio', { name: 'Ada <i>Lovelace</i> (93% likely the same)' }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Merge' }));
    expect(await within(dialog).findByText('The records are now one: Ada <i>Lovelace</i>.')).toBeTruthy();
    expect(api.calls.find((c) => c.method === 'POST' && c.path === '/contacts/c2/merge')?.body).toEqual({ mergedId: 'c1' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Undo merge' }));
    expect(await within(dialog).findByText('Both records are back as they were.')).toBeTruthy();
  });

  it('works for a company page: the company check and a company decision', async () => {
    const firm = { id: 'k2', name: 'Analytical Engines Ltd', domain: 'engines.example', website: null, phones: [], addresses: [], ownerId: null, teamId: null, version: 1, updatedAt: '2026-01-01T00:00:00.000Z' };
    const api = fakeApi({
      'GET /auth/session': { body: sessionBody },
      'GET /companies/k1/duplicates': { body: { model: 'default', candidates: [{ company: firm, probability: 0.97, matchWeight: 14, waterfall }] } },
      'POST /matching/decisions': { body: { entity: 'company', leftId: 'k1', rightId: 'k2', decision: 'not_same', candidateId: null, decidedBy: 'u', decidedAt: '2026-01-01T00:00:00.000Z', changed: true } },
    });
    render(panel({ entity: 'company', id: 'k1', name: 'Analytical Engines' }));
    const item = await screen.findByRole('listitem', { name: 'Analytical Engines Ltd, 97% likely the same' });
    expect(within(item).getByRole('link', { name: 'Analytical Engines Ltd' }).getAttribute('href')).toBe('/companies/k2');
    expect(within(item).getByText('engines.example')).toBeTruthy();
    await userEvent.click(within(item).getByRole('button', { name: 'Not the same as Analytical Engines Ltd' }));
    await waitFor(() => expect(screen.queryByText('Possible duplicates')).toBeNull());
    expect(api.calls.find((c) => c.path === '/matching/decisions')?.body).toEqual({ entity: 'company', leftId: 'k1', rightId: 'k2', decision: 'not_same' });
  });

  it('offers a read-only role View only', async () => {
    fakeApi({
      'GET /auth/session': { body: { ...sessionBody, user: { ...sessionBody.user, role: 'read_only' } } },
      'GET /contacts/c1/duplicates': { body: { model: 'default', candidates: [ada] } },
    });
    render(panel());
    expect(await screen.findByRole('link', { name: 'View Ada <i>Lovelace</i>' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Merge/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Not the same/ })).toBeNull();
  });

  it('checks again after an edit in place (a new version of the record)', async () => {
    const api = fakeApi({ 'GET /auth/session': { body: sessionBody }, 'GET /contacts/c1/duplicates': { body: { model: 'default', candidates: [ada] } } });
    const { rerender } = render(panel({ version: 1 }));
    await screen.findByRole('listitem', { name: 'Ada <i>Lovelace</i>, 93% likely the same' });
    rerender(panel({ version: 2 }));
    await waitFor(() => expect(api.calls.filter((c) => c.path.startsWith('/contacts/c1/duplicates')).length).toBe(2));
  });

  it('renders nothing without candidates', async () => {
    const api = fakeApi({ 'GET /auth/session': { body: sessionBody }, 'GET /contacts/c1/duplicates': { body: { model: 'default', candidates: [] } } });
    const { container } = render(panel());
    await waitFor(() => expect(api.calls.some((c) => c.path.startsWith('/contacts/c1/duplicates'))).toBe(true));
    expect(container.textContent).not.toContain('Possible duplicates');
  });
});
