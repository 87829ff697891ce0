// The data-sources page: systems with what they send, ranking them by trust (reorder, rank, unrank,
// add one not seen yet), the criteria for every field and per field, saved whole with PUT; a
// problem from the server shows on the page; a controller sees it all read-only.
import { describe, expect, it } from 'vitest';
import type { ReactNode } from 'react';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Providers } from '../../providers.tsx';
import { useSessionState } from '../../auth/session.tsx';
import { fakeApi, problem, sessionBody } from '../../test/fake-api.ts';
import { SourcesPage, type Survivorship } from './sources-page.tsx';

function SignedIn({ children }: { children: ReactNode }) {
  return useSessionState().status === 'signedIn' ? children : null;
}

const systems = {
  data: [
    { system: 'hubspot', contacts: 1200, companies: 40, providing: 1100, lastReceivedAt: '2026-11-30T10:00:00.000Z' },
    { system: 'salesforce', contacts: 800, companies: 0, providing: 500, lastReceivedAt: '2026-11-29T10:00:00.000Z' },
    { system: 'rapport', contacts: 30, companies: 5, providing: 35, lastReceivedAt: '2026-12-01T09:00:00.000Z' },
  ],
};

describe('data sources page', () => {
  it('ranks systems, sets criteria, and saves the whole settings document', async () => {
    let stored: Survivorship = { trustedSystems: ['salesforce'], rules: ['trusted', 'recent', 'complete'], fieldRules: {} };
    let reject = false;
    const job = {
      id: 'job-1', kind: 'sources.recompute', status: 'succeeded', payload: {}, progress: { done: 1830, total: 1830, rate: null, eta: null },
      result: { contacts: 1830, changed: 412 }, attempts: 1, error: null, createdBy: null, createdAt: '2026-12-01T10:00:00.000Z',
      updatedAt: '2026-12-01T10:00:05.000Z', startedAt: '2026-12-01T10:00:01.000Z', finishedAt: '2026-12-01T10:00:05.000Z',
    };
    let recomputes: typeof job[] = [];
    const api = fakeApi({
      'GET /jobs': () => ({ body: { data: recomputes, nextCursor: null } }),
      'GET /jobs/job-1': { body: job },
      'GET /auth/session': { body: sessionBody },
      'GET /sources/settings': () => ({ body: stored }),
      'GET /sources/systems': { body: systems },
      'PUT /sources/settings': (call) => {
        if (reject) return problem(403, 'Only admins may change survivorship settings');
        stored = call.body as Survivorship;
        recomputes = [job]; // the save queued the recompute
        return { body: stored };
      },
    });
    render(<Providers env="test"><SignedIn><SourcesPage /></SignedIn></Providers>);

    const ranked = await screen.findByRole('list', { name: 'Ranked systems' });
    expect(within(ranked).getAllByRole('listitem').map((li) => li.getAttribute('aria-label'))).toEqual(['salesforce']);
    expect(within(ranked).getByText(/800 contacts · 0 companies · gives a value to 500/)).toBeTruthy();
    const unranked = screen.getByRole('list', { name: 'Systems not ranked' });
    expect(within(unranked).getAllByRole('listitem').map((li) => li.getAttribute('aria-label'))).toEqual(['hubspot', 'rapport']);
    expect(screen.queryByText(/Recomputing golden records/)).toBeNull();
    const saveButton = screen.getByRole('button', { name: 'Save settings' });
    expect((saveButton as HTMLButtonElement).disabled).toBe(true);

    // Rank HubSpot, then trust it above the CRM; add a system that has not sent anything yet.
    await userEvent.click(screen.getByRole('button', { name: 'Rank hubspot' }));
    await userEvent.click(screen.getByRole('button', { name: 'Trust hubspot more' }));
    await userEvent.type(screen.getByRole('textbox', { name: 'Rank a system that has not sent records yet' }), 'core-banking');
    await userEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect(within(screen.getByRole('list', { name: 'Ranked systems' })).getAllByRole('listitem').map((li) => li.getAttribute('aria-label')))
      .toEqual(['hubspot', 'salesforce', 'core-banking']);
    expect(screen.getByText('No records yet')).toBeTruthy();

    // Most recent first for every field; emails go by completeness first.
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'For every field' }), 'recent,trusted,complete');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Criteria for Emails' }), 'complete,trusted,recent');
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Settings saved.')).toBeTruthy();
    // The recompute the save queued shows its progress.
    expect(await screen.findByText('Recomputing golden records: Done')).toBeTruthy();
    expect(screen.getByText('1,830 of 1,830 rows')).toBeTruthy();
    expect(api.calls.some((c) => c.path === '/jobs?kind=sources.recompute&limit=1')).toBe(true);
    expect(api.calls.find((c) => c.method === 'PUT')?.body).toEqual({
      trustedSystems: ['hubspot', 'salesforce', 'core-banking'],
      rules: ['recent', 'trusted', 'complete'],
      fieldRules: { emails: ['complete', 'trusted', 'recent'] },
    });
    expect((screen.getByRole('button', { name: 'Save settings' }) as HTMLButtonElement).disabled).toBe(true);

    // Unranking and putting a field back to the default; a rejected save shows the server's problem.
    await userEvent.click(screen.getByRole('button', { name: 'Unrank core-banking' }));
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Criteria for Emails' }), '');
    await userEvent.type(screen.getByRole('textbox', { name: 'Rank a system that has not sent records yet' }), 'x'.repeat(61));
    expect(screen.getByText('At most 60 characters')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Add' }) as HTMLButtonElement).disabled).toBe(true);
    reject = true;
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText(/Only admins may change survivorship settings/)).toBeTruthy();
    expect(api.calls.filter((c) => c.method === 'PUT').at(-1)?.body).toEqual({
      trustedSystems: ['hubspot', 'salesforce'], rules: ['recent', 'trusted', 'complete'], fieldRules: {},
    });
    // Nothing the admin changed is lost: the edits stay, ready to save again.
    expect(stored.fieldRules).toEqual({ emails: ['complete', 'trusted', 'recent'] });
    expect((screen.getByRole('button', { name: 'Save settings' }) as HTMLButtonElement).disabled).toBe(false);
    reject = false;
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Settings saved.')).toBeTruthy();
    expect(stored).toEqual({ trustedSystems: ['hubspot', 'salesforce'], rules: ['recent', 'trusted', 'complete'], fieldRules: {} });
  });

  it('shows a controller the same settings read-only', async () => {
    fakeApi({
      'GET /auth/session': { body: { ...sessionBody, user: { ...sessionBody.user, role: 'controller' } } },
      'GET /sources/settings': { body: { trustedSystems: ['hubspot'], rules: ['trusted'], fieldRules: { jobTitle: ['recent'] } } },
      'GET /sources/systems': { body: systems },
    });
    render(<Providers env="test"><SignedIn><SourcesPage /></SignedIn></Providers>);
    expect(await screen.findByText('Only admins change these settings.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Save settings' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Rank / })).toBeNull();
    const every = screen.getByRole('combobox', { name: 'For every field' }) as HTMLSelectElement;
    expect(every.disabled).toBe(true);
    expect(every.selectedOptions[0]!.textContent).toBe('Most trusted system');
    expect((screen.getByRole('combobox', { name: 'Criteria for Job title' }) as HTMLSelectElement).selectedOptions[0]!.textContent).toBe('Most recent');
  });
});
