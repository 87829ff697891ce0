import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { LogInteractionProvider } from '../interactions/index.ts';
import { fakeApi, installDomStubs, renderApp, signedIn, type Call } from '../grid/test-kit.tsx';
import { ContactsListPage } from './pages.tsx';

const uuid = (n: number) => `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const owner = { id: uuid(1), email: 'ada@example.test', name: 'Ada Admin', role: 'admin', active: true };
const gold = { id: uuid(900), path: 'Clients > Gold' };

function contact(i: number) {
  return {
    id: uuid(1000 + i), displayName: `Contact ${String(i).padStart(3, '0')}`, version: 1, tags: i % 2 ? ['vip'] : [],
    categories: [], ownerId: owner.id, emails: [{ address: `c${i}@example.test`, type: 'work', primary: true }],
    phones: [], lifecycleStage: 'client', addresses: [{ type: 'home', line1: null, line2: null, city: 'Austin', region: 'US-TX', postalCode: null, country: 'US', primary: true }],
  };
}

const TOTAL = 250;
const fieldsAnswer = {
  resource: 'contacts',
  fields: [
    { field: 'displayName', type: 'text', sortable: true }, { field: 'region', type: 'text', sortable: false },
    { field: 'lifecycleStage', type: 'text', sortable: false }, { field: 'tags', type: 'array', sortable: false },
    { field: 'ownerId', type: 'uuid', sortable: false }, { field: 'birthDate', type: 'date', sortable: false },
    { field: 'createdAt', type: 'timestamp', sortable: true },
  ],
  columns: [],
};

let calls: Call[];
let bulkAnswer: (body: { items: { id: string; patch: Record<string, unknown> }[] }) => { status?: number; body?: unknown };

beforeAll(() => installDomStubs(600));
afterEach(cleanup);
beforeEach(() => {
  window.history.replaceState(null, '', '/contacts');
  bulkAnswer = (body) => ({
    body: { updated: body.items.length, failed: 0, results: body.items.map((it, index) => ({ index, id: it.id, status: 200, record: { ...contact(Number(it.id.slice(-4)) - 1000), ...it.patch, version: 2 } })) },
  });
  calls = fakeApi([
    signedIn(),
    ({ url }) => (url.pathname === '/api/v1/users' ? { body: { data: [owner], nextCursor: null } } : undefined),
    ({ url }) => (url.pathname === '/api/v1/saved-views/fields' ? { body: fieldsAnswer } : undefined),
    ({ url }) => (url.pathname === '/api/v1/custom-fields'
      ? { body: { data: [{ id: uuid(50), entity: 'contact', key: 'industry', label: 'Industry', type: 'select', options: ['energy', 'retail'], required: false, createdAt: '' }], nextCursor: null } }
      : undefined),
    ({ url }) => (url.pathname === '/api/v1/teams' ? { body: { data: [] } } : undefined),
    ({ url }) => (url.pathname === '/api/v1/categories' ? { body: { data: [gold], nextCursor: null } } : undefined),
    ({ url, method }) => (url.pathname === '/api/v1/saved-views' && method === 'GET' ? { body: { data: [] } } : undefined),
    ({ url, method }) => {
      if (url.pathname !== '/api/v1/contacts' || method !== 'GET') return undefined;
      // Keyset pages as the API gives them: the cursor is opaque to the client.
      const start = url.searchParams.get('cursor') ? Number(atob(url.searchParams.get('cursor')!)) : 0;
      const limit = Number(url.searchParams.get('limit'));
      const end = Math.min(TOTAL, start + limit);
      const data = Array.from({ length: end - start }, (_, k) => contact(start + k));
      return { body: { data, nextCursor: end < TOTAL ? btoa(String(end)) : null } };
    },
    ({ url, method, body }) => (url.pathname === '/api/v1/contacts/bulk' && method === 'PATCH' ? bulkAnswer(body as never) : undefined),
    ({ url, method }) => (method === 'DELETE' && url.pathname.startsWith('/api/v1/contacts/') ? { status: 204 } : undefined),
  ]);
});

const listCalls = () => calls.filter((c) => c.method === 'GET' && c.url.pathname === '/api/v1/contacts');
const page = () => renderApp(<LogInteractionProvider><ContactsListPage /></LogInteractionProvider>);

describe('contacts list', () => {
  it('loads one page with the fields its columns need, and the next page only on scrolling', async () => {
    page();
    await screen.findByText('Contact 000');
    expect(listCalls()).toHaveLength(1);
    const first = listCalls()[0]!.url.searchParams;
    expect(first.get('limit')).toBe('100');
    expect(first.get('sort')).toBe('displayName');
    expect(first.get('fields')!.split(',')).toEqual(expect.arrayContaining(['id', 'displayName', 'emails', 'tags', 'version', 'addresses', 'ownerId']));
    expect(first.get('fields')!.split(',')).not.toContain('birthDate');
    const grid = screen.getByRole('grid');
    grid.scrollTop = 100 * 40 - 600;
    fireEvent.scroll(grid);
    await waitFor(() => expect(listCalls()).toHaveLength(2));
    expect(listCalls()[1]!.url.searchParams.get('cursor')).toBe(btoa('100'));
    expect(screen.getAllByRole('row').length).toBeLessThan(50);
  });

  it('builds filters into the query string, combined with any', async () => {
    const user = userEvent.setup();
    page();
    await screen.findByText('Contact 000');
    await user.click(screen.getByRole('button', { name: 'Filters' }));
    await user.click(screen.getByRole('button', { name: 'Add filter' }));
    await user.selectOptions(screen.getByLabelText('Filter 1 field'), 'region');
    await user.selectOptions(screen.getByLabelText('Filter 1 operator'), 'eq');
    await user.type(screen.getByLabelText('Filter 1 value'), 'US-TX');
    await user.click(screen.getByRole('button', { name: 'Add filter' }));
    await user.selectOptions(screen.getByLabelText('Filter 2 field'), 'customFields.industry');
    await user.selectOptions(screen.getByLabelText('Filter 2 operator'), 'eq');
    await user.selectOptions(screen.getByLabelText('Filter 2 value'), 'energy');
    await user.click(screen.getByRole('radio', { name: 'any filter (or)' }));
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    await waitFor(() => expect(listCalls().length).toBe(2));
    const q = listCalls()[1]!.url.searchParams;
    expect(q.get('filter[region][eq]')).toBe('US-TX');
    expect(q.get('filter[customFields.industry][eq]')).toBe('energy');
    expect(q.get('match')).toBe('any');
    expect(q.get('cursor')).toBeNull();
  });

  it('sorts by a field picked in the toolbar or by a column header', async () => {
    const user = userEvent.setup();
    page();
    await screen.findByText('Contact 000');
    await user.selectOptions(screen.getByLabelText('Sort by'), '-createdAt');
    await waitFor(() => expect(listCalls().at(-1)!.url.searchParams.get('sort')).toBe('-createdAt'));
    expect(screen.getByRole('columnheader', { name: /^Name/ }).getAttribute('aria-sort')).toBe('none');
    // Back to the name order: its first page is still cached, so no new request is needed.
    await user.click(screen.getByRole('button', { name: /^Name/ }));
    await waitFor(() => expect(screen.getByRole('columnheader', { name: /^Name/ }).getAttribute('aria-sort')).toBe('ascending'));
    expect((screen.getByLabelText('Sort by') as HTMLSelectElement).value).toBe('displayName');
  });

  it('shows a chosen column, asking for its field, and hides one', async () => {
    const user = userEvent.setup();
    page();
    await screen.findByText('Contact 000');
    expect(screen.queryByRole('columnheader', { name: 'Birth date' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Columns' }));
    await user.click(await screen.findByRole('checkbox', { name: 'Birth date' }));
    await user.click(screen.getByRole('checkbox', { name: 'Phone' }));
    await screen.findByRole('columnheader', { name: 'Birth date' });
    expect(screen.queryByRole('columnheader', { name: 'Phone' })).toBeNull();
    await waitFor(() => expect(listCalls().at(-1)!.url.searchParams.get('fields')!.split(',')).toContain('birthDate'));
    // Custom fields are columns too.
    expect(screen.getByRole('checkbox', { name: 'Industry' })).toBeTruthy();
  });

  it('tags two selected rows after confirming, showing the tag at once', async () => {
    const user = userEvent.setup();
    page();
    await screen.findByText('Contact 000');
    await user.click(screen.getByRole('checkbox', { name: 'Select Contact 000' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select Contact 002' }));
    const bar = screen.getByRole('region', { name: 'Bulk actions' });
    expect(within(bar).getByText('2 contacts selected')).toBeTruthy();
    await user.click(within(bar).getByRole('button', { name: 'Tag' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add a tag to 2 contacts' });
    await user.type(within(dialog).getByLabelText('Tag'), 'texas-energy');
    await user.click(within(dialog).getByRole('button', { name: 'Apply' }));
    const patch = await waitFor(() => {
      const c = calls.find((x) => x.method === 'PATCH');
      expect(c).toBeTruthy();
      return c!;
    });
    expect(patch.body).toEqual({
      mode: 'atomic',
      items: [
        { id: uuid(1000), version: 1, patch: { tags: ['texas-energy'] } },
        { id: uuid(1002), version: 1, patch: { tags: ['texas-energy'] } },
      ],
    });
    await waitFor(() => expect(screen.getAllByText('texas-energy')).toHaveLength(2));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Bulk actions' })).toBeNull());
  });

  it('rolls an optimistic change back with the reason when the server refuses it', async () => {
    bulkAnswer = () => ({ status: 412, body: { title: 'Precondition Failed', status: 412, detail: 'items.0: changed by someone else', code: 'stale_write' } });
    const user = userEvent.setup();
    page();
    await screen.findByText('Contact 000');
    await user.click(screen.getByRole('checkbox', { name: 'Select Contact 000' }));
    await user.click(screen.getByRole('button', { name: 'Tag' }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText('Tag'), 'doomed');
    await user.click(within(dialog).getByRole('button', { name: 'Apply' }));
    await screen.findByText(/changed by someone else meanwhile/);
    expect(screen.queryByText('doomed')).toBeNull();
    // The selection stays, so the user can retry.
    expect(screen.getByRole('region', { name: 'Bulk actions' })).toBeTruthy();
  });

  it('deletes selected rows only after confirmation', async () => {
    const user = userEvent.setup();
    page();
    await screen.findByText('Contact 000');
    await user.click(screen.getByRole('checkbox', { name: 'Select Contact 001' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select Contact 003' }));
    await user.click(screen.getByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete 2 contacts?' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(calls.filter((c) => c.method === 'DELETE')).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Delete' }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Delete 2 contacts' }));
    await waitFor(() => expect(calls.filter((c) => c.method === 'DELETE').map((c) => c.url.pathname).sort()).toEqual([`/api/v1/contacts/${uuid(1001)}`, `/api/v1/contacts/${uuid(1003)}`]));
    await waitFor(() => expect(screen.queryByText('Contact 001')).toBeNull());
    expect(screen.getByText('Contact 002')).toBeTruthy();
  });

  it('says so when there are no contacts', async () => {
    calls = fakeApi([signedIn(), () => ({ body: { data: [], nextCursor: null } })]);
    page();
    expect(await screen.findByText('No contacts yet')).toBeTruthy();
    expect(screen.queryByRole('grid')).toBeNull();
  });

  it('shows the API error, with its request id, when the list fails', async () => {
    calls = fakeApi([signedIn(), ({ url }) => (url.pathname === '/api/v1/contacts' ? { status: 500, body: { title: 'Internal Server Error', status: 500, detail: 'database unavailable', requestId: 'req-1' } } : { body: { data: [], nextCursor: null } })]);
    page();
    expect(await screen.findByText('database unavailable', {}, { timeout: 10_000 })).toBeTruthy();
    expect(screen.getByText('Request id req-1')).toBeTruthy();
  });
});
