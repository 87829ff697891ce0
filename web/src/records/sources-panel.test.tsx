// The contact page's Sources panel: each golden field with the system that gave it and when, fields
// in the record's order, edits typed in Rapport named as such; nothing when there is no lineage.
import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import { Providers } from '../providers.tsx';
import { App } from '../app.tsx';
import { fakeApi, sessionBody } from '../test/fake-api.ts';
import { contactId, contactRecord, emptyPage } from '../test/records.ts';
import { formatDateTime } from '../ui/format.ts';

function routes(lineage: unknown) {
  return fakeApi({
    'GET /auth/session': { body: sessionBody },
    'GET /users': emptyPage,
    [`GET /contacts/${contactId}`]: { body: contactRecord(), headers: { etag: 'W/"3"' } },
    [`GET /contacts/${contactId}/timeline`]: emptyPage,
    [`GET /contacts/${contactId}/households`]: emptyPage,
    [`GET /contacts/${contactId}/relationships`]: emptyPage,
    [`GET /contacts/${contactId}/lineage`]: { body: lineage },
  });
}

async function openContact() {
  window.history.replaceState(null, '', `/contacts/${contactId}`);
  render(<Providers env="test"><App /></Providers>);
  return screen.findByRole('heading', { name: 'Ada Lovelace' }, { timeout: 20000 });
}

describe('Sources panel', () => {
  it('names the source and time of each field', { timeout: 40000 }, async () => {
    const at1 = '2026-11-30T09:15:00.000Z';
    const at2 = '2026-12-01T14:02:00.000Z';
    routes({
      fields: {
        jobTitle: { system: 'salesforce', externalId: '003A', at: at2, receivedAt: at2, importId: null },
        givenName: { system: 'hubspot', externalId: '101', at: at1, receivedAt: at1, importId: null },
        emails: { system: 'rapport', externalId: contactId, at: at2, receivedAt: at2, importId: null },
      },
      sources: [], identifiers: [], settings: { trustedSystems: [], rules: ['recent'], fieldRules: {} },
    });
    await openContact();
    const panel = await screen.findByRole('region', { name: 'Sources' }, { timeout: 5000 });
    const rows = within(panel).getAllByText(/·/).map((n) => n.textContent);
    expect(rows).toEqual([`hubspot · ${formatDateTime(at1)}`, `salesforce · ${formatDateTime(at2)}`, `Typed in Rapport · ${formatDateTime(at2)}`]);
    expect(within(panel).getByText('Given name')).toBeTruthy();
    expect(within(panel).getByText('Job title')).toBeTruthy();
  });

  it('shows nothing when the record has no lineage', async () => {
    routes({ fields: {}, sources: [], identifiers: [], settings: { trustedSystems: [], rules: ['recent'], fieldRules: {} } });
    await openContact();
    await screen.findByRole('region', { name: 'Source identifiers' });
    expect(screen.queryByRole('region', { name: 'Sources' })).toBeNull();
  });
});
