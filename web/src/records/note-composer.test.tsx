// Adding a note from a contact's timeline: the note is sent for this contact and the timeline,
// asked again, shows it; an empty note is refused with the API's message beside the field.
import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Providers } from '../providers.tsx';
import { App } from '../app.tsx';
import { fakeApi, problem, sessionBody } from '../test/fake-api.ts';
import { contactId, contactRecord, emptyPage } from '../test/records.ts';

describe('note composer', () => {
  it('adds a note to the contact and shows it on the timeline', async () => {
    const notes: { body: string; contactId: string }[] = [];
    const api = fakeApi({
      'GET /auth/session': { body: sessionBody },
      'GET /users': emptyPage,
      [`GET /contacts/${contactId}`]: { body: contactRecord(), headers: { etag: 'W/"3"' } },
      [`GET /contacts/${contactId}/households`]: emptyPage,
      [`GET /contacts/${contactId}/relationships`]: emptyPage,
      [`GET /contacts/${contactId}/timeline`]: () => ({
        body: {
          data: notes.map((n, i) => ({ type: 'note', id: `n${i}`, at: '2026-02-01T10:00:00.000Z', summary: n.body.slice(0, 40), data: { body: n.body, contactId, companyId: null, ownerId: null } })),
          nextCursor: null,
        },
      }),
      'POST /notes': ({ body }) => {
        const b = body as { body: string; contactId: string };
        if (!b.body.trim()) return problem(422, 'body: must not be empty', { code: 'validation_failed', errors: [{ field: 'body', message: 'must not be empty' }] });
        notes.push(b);
        return { status: 201, body: { id: 'n0', ...b } };
      },
    });
    window.history.replaceState(null, '', `/contacts/${contactId}`);
    const user = userEvent.setup();
    render(<Providers env="test"><App /></Providers>);
    expect(await screen.findByText('Nothing here yet')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Add a note' }));
    const form = screen.getByRole('form', { name: 'Add a note' });
    await user.type(within(form).getByRole('textbox', { name: 'Note' }), '   ');
    await user.click(within(form).getByRole('button', { name: 'Save note' }));
    expect(await within(form).findByText('must not be empty')).toBeTruthy();

    await user.type(within(form).getByRole('textbox', { name: 'Note' }), 'Prefers calls after 4pm');
    await user.click(within(form).getByRole('button', { name: 'Save note' }));
    const timeline = screen.getByRole('region', { name: 'Timeline' });
    expect(await within(timeline).findByText('Prefers calls after 4pm', { selector: 'p' })).toBeTruthy();
    expect(api.calls.filter((c) => c.path === '/notes').map((c) => c.body)).toEqual([
      { body: '   ', contactId },
      { body: '   Prefers calls after 4pm', contactId },
    ]);
  });
});
