// Logging an interaction: a half-typed form survives a reload (localStorage draft) and the saved
// body carries what was typed; the API's field errors land beside their fields.
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Button } from '@mantine/core';
import { Providers } from '../providers.tsx';
import { LogInteractionProvider, useLogInteraction } from './index.ts';
import { draftKey } from './draft.ts';
import { useSessionState } from '../auth/session.tsx';
import { fakeApi, problem, sessionBody } from '../test/fake-api.ts';

const contactId = '01900000-0000-7000-8000-0000000000c1';

function Opener() {
  const log = useLogInteraction();
  return <Button onClick={() => log.open({ contactId, contactName: 'Ada Lovelace' })}>Log with Ada</Button>;
}

/** As in the app, the log form lives inside the signed-in area. */
function SignedIn({ children }: { children: React.ReactNode }) {
  return useSessionState().status === 'signedIn' ? children : null;
}

function Page() {
  return (
    <Providers env="test">
      <SignedIn>
        <LogInteractionProvider>
          <Opener />
        </LogInteractionProvider>
      </SignedIn>
    </Providers>
  );
}

describe('log interaction', () => {
  it('restores a draft after a reload and saves it', async () => {
    const saved: unknown[] = [];
    fakeApi({
      'GET /auth/session': { body: sessionBody },
      'POST /interactions': ({ body }) => {
        saved.push(body);
        return { status: 201, body: { id: 'i1', kind: 'in_person', subject: 'Annual review', participants: [], metrics: [], version: 1 } };
      },
    });
    const user = userEvent.setup();
    const first = render(<Page />);
    await user.click(await screen.findByRole('button', { name: 'Log with Ada' }));
    await user.click(await screen.findByRole('radio', { name: 'Meeting' }, { timeout: 5000 }));
    await user.type(screen.getByRole('textbox', { name: 'Subject' }), 'Annual review');
    await user.type(screen.getByRole('textbox', { name: 'Notes' }), 'Wants to rebalance');
    fireEvent.change(screen.getByLabelText('When'), { target: { value: '2026-03-04T10:30' } });
    expect(JSON.parse(localStorage.getItem(draftKey(sessionBody.user.id))!).values.subject).toBe('Annual review');

    // A reload: the whole app goes away and comes back.
    first.unmount();
    render(<Page />);
    expect(await screen.findByText('Draft restored')).toBeTruthy();
    expect((screen.getByRole('textbox', { name: 'Subject' }) as HTMLInputElement).value).toBe('Annual review');
    expect((screen.getByRole('textbox', { name: 'Notes' }) as HTMLTextAreaElement).value).toBe('Wants to rebalance');
    expect((screen.getByLabelText('When') as HTMLInputElement).value).toBe('2026-03-04T10:30');
    expect(screen.getByRole('button', { name: 'Remove Ada Lovelace' })).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Save meeting' }));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]).toMatchObject({
      kind: 'in_person', subject: 'Annual review', notes: 'Wants to rebalance',
      participants: [{ contactId, role: 'primary' }],
    });
    expect((saved[0] as { occurredAt?: string }).occurredAt).toBe(new Date('2026-03-04T10:30').toISOString());
    await waitFor(() => expect(localStorage.getItem(draftKey(sessionBody.user.id))).toBeNull());
  });

  it('shows the API field errors beside their fields and keeps the input', async () => {
    fakeApi({
      'GET /auth/session': { body: sessionBody },
      'POST /interactions': problem(422, 'metrics.0.kind: must be a lower-case key like assets_pledged or revenue', {
        code: 'validation_failed',
        errors: [{ field: 'metrics.0.kind', message: 'must be a lower-case key like assets_pledged or revenue' }],
      }),
    });
    const user = userEvent.setup();
    render(<Page />);
    await user.click(await screen.findByRole('button', { name: 'Log with Ada' }));
    await user.click(await screen.findByRole('button', { name: '+ Add metric' }, { timeout: 5000 }));
    await user.type(screen.getByLabelText('Metric 1 kind'), 'Assets Pledged');
    await user.type(screen.getByRole('textbox', { name: 'Metric 1 amount' }), '250000');
    await user.click(screen.getByRole('button', { name: 'Save call' }));

    const input = screen.getByLabelText('Metric 1 kind');
    await waitFor(() => expect(input.getAttribute('aria-invalid')).toBe('true'));
    const describedBy = input.getAttribute('aria-describedby')!;
    expect(document.getElementById(describedBy.split(' ').find((id) => id.includes('error'))!)!.textContent).toBe('must be a lower-case key like assets_pledged or revenue');
    expect((input as HTMLInputElement).value).toBe('Assets Pledged');
  });
});
