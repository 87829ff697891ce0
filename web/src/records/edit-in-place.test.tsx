// Edit in place on the contact page: PATCH carries If-Match with the record's ETag, a 422's field
// error shows next to that field (what was typed stays), a 412 says someone else changed it.
import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Providers } from '../providers.tsx';
import { App } from '../app.tsx';
import { fakeApi, problem, sessionBody } from '../test/fake-api.ts';
import { contactId, contactRecord, emptyPage } from '../test/records.ts';

function routes(patch: (body: unknown, ifMatch: string | undefined) => ReturnType<typeof problem> | { body: unknown; headers: Record<string, string> }) {
  return fakeApi({
    'GET /auth/session': { body: sessionBody },
    'GET /users': emptyPage,
    [`GET /contacts/${contactId}`]: { body: contactRecord(), headers: { etag: 'W/"3"' } },
    [`GET /contacts/${contactId}/timeline`]: emptyPage,
    [`GET /contacts/${contactId}/households`]: emptyPage,
    [`GET /contacts/${contactId}/relationships`]: emptyPage,
    [`PATCH /contacts/${contactId}`]: ({ body, headers }) => patch(body, headers['if-match']),
  });
}

async function openContact() {
  window.history.replaceState(null, '', `/contacts/${contactId}`);
  render(<Providers env="test"><App /></Providers>);
  return screen.findByRole('heading', { name: 'Ada Lovelace' }, { timeout: 5000 });
}

describe('edit in place', () => {
  it('shows the problem+json field error next to the field, then saves with If-Match', async () => {
    const seen: { body: unknown; ifMatch: string | undefined }[] = [];
    routes((body, ifMatch) => {
      seen.push({ body, ifMatch });
      const address = (body as { emails: { address: string }[] }).emails[0]!.address;
      if (!address.includes('@')) {
        return problem(422, 'emails.0.address: is not a valid email address', {
          code: 'validation_failed', errors: [{ field: 'emails.0.address', message: 'is not a valid email address' }],
        });
      }
      return { body: contactRecord({ emails: [{ address, type: 'work', primary: true }], version: 4 }), headers: { etag: 'W/"4"' } };
    });
    const user = userEvent.setup();
    await openContact();

    await user.click(screen.getByRole('button', { name: 'Edit Email' }));
    const form = screen.getByRole('form', { name: 'Edit Email' });
    const input = within(form).getByRole('textbox', { name: 'Email' }) as HTMLInputElement;
    await user.clear(input);
    await user.type(input, 'ada.example.org');
    await user.click(within(form).getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(input.getAttribute('aria-invalid')).toBe('true'));
    expect(within(form).getByText('is not a valid email address')).toBeTruthy();
    expect(input.value).toBe('ada.example.org');
    expect(seen[0]).toEqual({ ifMatch: 'W/"3"', body: { emails: [{ address: 'ada.example.org', type: 'work', primary: true }] } });

    await user.clear(input);
    await user.type(input, 'ada@lovelace.org{Enter}');
    await waitFor(() => expect(screen.queryByRole('form', { name: 'Edit Email' })).toBeNull());
    expect(seen[1]!.ifMatch).toBe('W/"3"');
    expect(screen.getAllByRole('link', { name: 'ada@lovelace.org' }).length).toBeGreaterThan(0);
  });

  it('explains a stale write (412) and keeps the edit open', async () => {
    routes(() => problem(412, 'Contact was changed by someone else (now version 5); reload and retry', { code: 'stale_write' }));
    const user = userEvent.setup();
    await openContact();
    await user.click(screen.getByRole('button', { name: 'Edit Job title' }));
    const form = screen.getByRole('form', { name: 'Edit Job title' });
    const input = within(form).getByRole('textbox', { name: 'Job title' });
    await user.clear(input);
    await user.type(input, 'Mathematician{Enter}');
    expect(await within(form).findByText(/Someone else changed this record/)).toBeTruthy();
    expect((input as HTMLInputElement).value).toBe('Mathematician');
  });
});
