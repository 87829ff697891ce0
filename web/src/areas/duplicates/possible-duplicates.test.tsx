// The contact page hint: likely duplicates above the threshold, as links with their probability;
// nothing at all when there are none.
import { describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import { Providers } from '../../providers.tsx';
import { fakeApi, sessionBody } from '../../test/fake-api.ts';
import { PossibleDuplicates } from './possible-duplicates.tsx';

const side = (id: string, displayName: string, address: string) => ({
  id, displayName, givenName: null, familyName: null, emails: [{ address, type: 'work', primary: true }], phones: [], addresses: [], company: null,
  ownerId: null, teamId: null, version: 1, updatedAt: '2026-01-01T00:00:00.000Z',
});
const waterfall = { priorWeight: -8, steps: [] };

describe('possible duplicates hint', () => {
  it('links the likely duplicates and leaves out unlikely ones', async () => {
    fakeApi({
      'GET /auth/session': { body: sessionBody },
      'GET /contacts/c1/duplicates': { body: { model: 'default', candidates: [
        { contact: side('c2', 'Ada <i>Lovelace</i>', 'ada@example.org'), probability: 0.93, matchWeight: 12, waterfall },
        { contact: side('c3', 'Adam Love', 'adam@example.org'), probability: 0.2, matchWeight: -2, waterfall },
      ] } },
    });
    render(<Providers env="test"><PossibleDuplicates contactId="c1" /></Providers>);
    const link = await screen.findByRole('link', { name: 'Ada <i>Lovelace</i>' });
    expect(link.getAttribute('href')).toBe('/contacts/c2');
    expect(screen.getByText('93% likely · ada@example.org')).toBeTruthy();
    expect(screen.queryByText('Adam Love')).toBeNull();
  });

  it('renders nothing without candidates', async () => {
    const api = fakeApi({ 'GET /auth/session': { body: sessionBody }, 'GET /contacts/c1/duplicates': { body: { model: 'default', candidates: [] } } });
    const { container } = render(<Providers env="test"><PossibleDuplicates contactId="c1" /></Providers>);
    await waitFor(() => expect(api.calls.some((c) => c.path.startsWith('/contacts/c1/duplicates'))).toBe(true));
    expect(container.textContent).not.toContain('Possible duplicates');
  });
});
