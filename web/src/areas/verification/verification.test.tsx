// A verification decision: the ticked evidence goes in the request, a separation-of-duties refusal
// (403 problem+json) shows in the API's words, and a field error sits beside its field.
import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Providers } from '../../providers.tsx';
import { fakeApi, problem, sessionBody } from '../../test/fake-api.ts';
import { OutcomeCard } from './outcome-card.tsx';
import type { QueueItem } from './types.ts';

const item: QueueItem = {
  outcome: {
    id: 'o1', interactionId: 'i1', kind: 'assets_deposited', contactId: 'c1', amount: 250000, currency: 'EUR', targetAccountId: null, pledgeId: null,
    ibType: null, expectedFee: null, campaignId: null, notes: 'Transfer from <Other Bank>', claimedBy: 'u1', claimedAt: '2026-11-01T10:00:00.000Z', status: 'claimed',
    decisions: [], ownerId: 'u1', teamId: null,
  },
  suggestions: [
    { transactionId: 't1', accountId: 'a1', numberMasked: '••••4821', custodian: 'Custody AG', viaHousehold: false, kind: 'deposit', amount: 250000, currency: 'EUR', bookedOn: '2026-11-03', description: null, difference: 0, alreadyEvidenceFor: [] },
  ],
  mayDecide: true,
  blockedBecause: null,
};

const renderCard = () => render(<Providers env="test"><OutcomeCard item={item} contactName="Ada Lovelace" userName="Priya Raman" /></Providers>);

describe('verification decision', () => {
  it('sends the ticked transactions and shows a separation-of-duties refusal', async () => {
    const api = fakeApi({
      'GET /auth/session': { body: sessionBody },
      'POST /outcomes/o1/decisions': problem(403, 'The claimant reports to you; someone outside their reporting line must decide on it', { code: 'separation_of_duties' }),
    });
    renderCard();
    // Claim notes are text, not markup.
    expect(screen.getByText('Transfer from <Other Bank>')).toBeTruthy();
    await userEvent.click(screen.getByRole('checkbox', { name: /Use transaction of .* on ••••4821/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Verify with 1 transaction' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('Not allowed')).toBeTruthy();
    expect(within(alert).getByText('The claimant reports to you; someone outside their reporting line must decide on it')).toBeTruthy();
    const sent = api.calls.find((c) => c.method === 'POST');
    expect(sent?.body).toEqual({ status: 'verified', transactionIds: ['t1'] });
    expect(sent?.headers['x-csrf-token']).toBe('csrf-1');
  });

  it('puts a field error beside the amount of a partial verification', async () => {
    const api = fakeApi({
      'GET /auth/session': { body: sessionBody },
      'POST /outcomes/o1/decisions': problem(422, 'Invalid request', { errors: [{ field: 'amountVerified', message: 'is the full claimed amount or more: verify instead' }] }),
    });
    renderCard();
    await userEvent.click(screen.getByRole('radio', { name: 'Partly' }));
    await userEvent.type(screen.getByRole('textbox', { name: 'Amount verified' }), '250000');
    await userEvent.click(screen.getByRole('button', { name: 'Partly verify' }));
    expect(await screen.findByText('is the full claimed amount or more: verify instead')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(api.calls.find((c) => c.method === 'POST')?.body).toEqual({ status: 'partially_verified', amountVerified: 250000 });
  });
});
