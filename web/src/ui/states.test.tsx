// Error display: the API's own detail and request id, the right heading per status, and a retry
// only where retrying can help.
import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MantineProvider } from '@mantine/core';
import { ApiError } from '../api/client.ts';
import { ErrorState } from './states.tsx';
import { FormError } from './problem.tsx';

const wrap = (ui: React.ReactNode) => render(<MantineProvider env="test">{ui}</MantineProvider>);

describe('error display', () => {
  it('shows a server error with its request id and a working retry', async () => {
    const retry = vi.fn();
    wrap(<ErrorState error={new ApiError(500, { title: 'Internal Server Error', detail: 'Something went wrong; quote request id r-9', requestId: 'r-9' })} onRetry={retry} />);
    expect(screen.getByRole('alert').textContent).toContain('Something went wrong; quote request id r-9');
    expect(screen.getByText('Request id r-9')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(retry).toHaveBeenCalledOnce();
  });

  it('says not found without a pointless retry', () => {
    wrap(<ErrorState error={new ApiError(404, { detail: 'Contact not found' })} onRetry={() => {}} />);
    expect(screen.getByText('Not found')).toBeTruthy();
    expect(screen.getByText('Contact not found')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
  });

  it('lists field errors the form could not place beside a field', () => {
    const err = new ApiError(422, { detail: 'x', errors: [{ field: 'subject', message: 'too long' }, { field: 'campaignId', message: 'no such campaign' }] });
    wrap(<FormError error={err} placed={['subject']} />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('campaignId: no such campaign');
    expect(alert.textContent).not.toContain('too long');
  });

  it('renders user-supplied text as text, never as markup', () => {
    const hostile = '<img src=x onerror="window.__pwned=1">';
    wrap(<ErrorState error={new ApiError(422, { detail: hostile })} />);
    expect(screen.getByText(hostile)).toBeTruthy();
    expect(document.querySelector('img')).toBeNull();
  });
});
