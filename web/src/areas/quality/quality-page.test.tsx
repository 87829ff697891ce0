// The quality dashboard's stale span: it follows the tenant's setting by default, another span can
// be looked at, and an admin makes it the tenant's default (PUT /settings), after which the
// dashboard follows the setting again and the stale records can be listed.
import { describe, expect, it } from 'vitest';
import type { ReactNode } from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Providers } from '../../providers.tsx';
import { useSessionState } from '../../auth/session.tsx';
import { fakeApi, sessionBody } from '../../test/fake-api.ts';
import { QualityPage } from './quality-page.tsx';

const share = { count: 1, total: 1, share: 1 };
const summary = (staleMonths: number, stale: number) => ({
  contacts: {
    total: 3, unassessed: 0, averageCompleteness: 80, validEmails: share, validPhones: share, withIssues: 0, issuesByCode: {},
    missing: { email: 0 }, stale, staleMonths, suspectedDuplicates: 0,
  },
  companies: { total: 0, unassessed: 0, averageCompleteness: null, validPhones: share, withIssues: 0, issuesByCode: {}, missing: {}, stale: 0 },
});

function SignedIn({ children }: { children: ReactNode }) {
  return useSessionState().status === 'signedIn' ? children : null;
}

describe('quality dashboard stale span', () => {
  it('uses the tenant setting, and an admin makes another span the default', async () => {
    let tenantMonths = 12;
    const api = fakeApi({
      'GET /auth/session': { body: sessionBody },
      'GET /settings': () => ({ body: { staleMonths: tenantMonths } }),
      'GET /quality/summary': () => ({ body: summary(tenantMonths, tenantMonths === 12 ? 1 : 2) }),
      'GET /quality/summary?staleMonths=6': { body: summary(6, 2) },
      'PUT /settings': (call) => {
        tenantMonths = (call.body as { staleMonths: number }).staleMonths;
        return { body: { staleMonths: tenantMonths } };
      },
      'GET /contacts': { body: { data: [{ id: 'c1', displayName: 'Old Contact', qualityIssues: [] }], nextCursor: null } },
    });
    render(<Providers env="test"><SignedIn><QualityPage /></SignedIn></Providers>);
    expect(await screen.findAllByText('Not touched in 12 months')).toHaveLength(2);
    expect(api.calls.some((c) => c.path === '/quality/summary')).toBe(true);
    expect(screen.queryByRole('button', { name: /the default/ })).toBeNull();

    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Stale after' }), '6');
    expect(await screen.findAllByText('Not touched in 6 months')).toHaveLength(2);
    await userEvent.click(screen.getByRole('button', { name: 'Make 6 months the default' }));
    expect(api.calls.find((c) => c.method === 'PUT')?.body).toEqual({ staleMonths: 6 });
    expect(await screen.findByRole('option', { name: '6 months (default)' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /the default/ })).toBeNull();

    // Following the setting again, the stale records can be opened like any issue.
    await userEvent.click(await screen.findByRole('button', { name: 'Show stale' }));
    expect(await screen.findByRole('link', { name: 'Old Contact' })).toBeTruthy();
    expect(api.calls.find((c) => c.path.startsWith('/contacts?'))?.path).toContain('filter%5BqualityIssue%5D%5Beq%5D=stale');
  });
});
