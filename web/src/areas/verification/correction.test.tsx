// Correcting a decision: the controller picks a decided outcome, sees its decision history, and
// records a corrected decision with a reason (sent with correctsId = the current decision); a
// separation-of-duties refusal and field errors from problem+json show in the API's words.
import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Providers } from '../../providers.tsx';
import { fakeApi, problem, sessionBody, type Call } from '../../test/fake-api.ts';
import { DecidedOutcomes } from './correction.tsx';
import type { Decision, Outcome } from './types.ts';

const claim: Decision = {
  id: 'd1', seq: 1, status: 'claimed', amountVerified: null, reason: null, evidence: null, transactionIds: [], correctsId: null, decidedBy: 'u-rep', decidedAt: '2026-11-01T10:00:00.000Z',
};
const verified: Decision = {
  id: 'd2', seq: 2, status: 'verified', amountVerified: 250000, reason: null, evidence: 'Statement of <Nov>', transactionIds: ['t1'], correctsId: null, decidedBy: 'u-ctl', decidedAt: '2026-11-05T09:00:00.000Z',
};
const outcome: Outcome = {
  id: 'o1', interactionId: 'i1', kind: 'assets_deposited', contactId: 'c1', amount: 250000, currency: 'EUR', targetAccountId: null, pledgeId: null,
  ibType: null, expectedFee: null, campaignId: null, notes: null, claimedBy: 'u-rep', claimedAt: '2026-11-01T10:00:00.000Z', status: 'verified',
  decisions: [claim, verified], ownerId: 'u-rep', teamId: null,
};
const users = {
  data: [
    { id: 'u-rep', email: 'rep@x.test', name: 'Priya Raman', role: 'rep' },
    { id: 'u-ctl', email: 'ctl@x.test', name: 'Carl Controller', role: 'controller' },
    { id: sessionBody.user.id, email: sessionBody.user.email, name: sessionBody.user.name, role: 'admin' },
  ],
  nextCursor: null,
};
const suggestion = {
  transactionId: 't1', accountId: 'a1', numberMasked: '••••4821', custodian: null, viaHousehold: false, kind: 'deposit', amount: 200000, currency: 'EUR',
  bookedOn: '2026-11-03', description: null, difference: -50000, alreadyEvidenceFor: ['o1'],
};

function routes(post: (call: Call) => { status?: number; body?: unknown; headers?: Record<string, string> }) {
  return fakeApi({
    'GET /auth/session': { body: sessionBody },
    'GET /users': { body: users },
    'GET /outcomes': { body: { data: [outcome], nextCursor: null } },
    'GET /contacts': { body: { data: [{ id: 'c1', displayName: 'Ada Lovelace' }], nextCursor: null } },
    'GET /outcomes/o1': { body: outcome },
    'GET /outcomes/o1/evidence': { body: { data: [suggestion] } },
    'POST /outcomes/o1/decisions': post,
  });
}

async function openCorrection() {
  render(<Providers env="test"><DecidedOutcomes /></Providers>);
  await userEvent.click(await screen.findByRole('button', { name: 'Correct the decision for Ada Lovelace' }));
  return screen.findByRole('form', { name: /Correct the decision on Assets deposited for Ada Lovelace/ });
}

describe('correcting a verification decision', () => {
  it('lists decided outcomes, shows the history and sends a partly-verified correction of the current decision', async () => {
    const corrected: Decision = {
      id: 'd3', seq: 3, status: 'partially_verified', amountVerified: 200000, reason: 'Only 200k arrived; the statement was misread', evidence: null,
      transactionIds: ['t1'], correctsId: 'd2', decidedBy: sessionBody.user.id, decidedAt: '2026-11-20T09:00:00.000Z',
    };
    const api = routes(() => ({ status: 201, body: { ...outcome, status: 'partially_verified', decisions: [claim, verified, corrected] } }));
    const form = await openCorrection();
    expect(api.calls.find((c) => c.method === 'GET' && c.path.startsWith('/outcomes?'))?.path).toBe('/outcomes?status=verified&limit=50');
    const history = within(form).getByLabelText('Decision history');
    expect(within(history).getByText('Claimed')).toBeTruthy();
    expect(within(history).getByText('Verified')).toBeTruthy();
    expect(within(history).getByText(/Carl Controller/)).toBeTruthy();
    // Evidence notes are text, not markup.
    expect(within(history).getByText('Evidence: Statement of <Nov>')).toBeTruthy();

    const save = within(form).getByRole('button', { name: 'Record correction' });
    expect((save as HTMLButtonElement).disabled).toBe(true); // a correction needs its reason
    await userEvent.click(within(form).getByRole('radio', { name: 'Partly' }));
    await userEvent.click(await within(form).findByRole('checkbox', { name: /Use transaction of .* on ••••4821/ }));
    await userEvent.type(within(form).getByRole('textbox', { name: 'Amount verified' }), '200000');
    await userEvent.type(within(form).getByRole('textbox', { name: /Reason for the correction/ }), 'Only 200k arrived; the statement was misread');
    await userEvent.click(save);

    expect(await within(form).findByRole('status')).toBeTruthy();
    const sent = api.calls.find((c) => c.method === 'POST');
    expect(sent?.body).toEqual({ status: 'partially_verified', correctsId: 'd2', reason: 'Only 200k arrived; the statement was misread', transactionIds: ['t1'], amountVerified: 200000 });
    expect(sent?.headers['x-csrf-token']).toBe('csrf-1');
    // The history now ends with the correction, naming the decision it corrects.
    expect(await within(form).findByText('Corrects decision 2')).toBeTruthy();
    expect(within(form).getByText('Reason: Only 200k arrived; the statement was misread')).toBeTruthy();
  });

  it('shows a separation-of-duties refusal and a field error from problem+json', async () => {
    let n = 0;
    routes(() => (n++ === 0
      ? problem(403, 'You claimed this outcome; someone else must decide on it', { code: 'separation_of_duties' })
      : problem(422, 'Invalid request', { errors: [{ field: 'correctsId', message: 'must be the current decision d9' }] })));
    const form = await openCorrection();
    await userEvent.click(within(form).getByRole('radio', { name: 'Reject' }));
    await userEvent.type(within(form).getByRole('textbox', { name: /Reason for the correction/ }), 'No money ever arrived');
    await userEvent.click(within(form).getByRole('button', { name: 'Record correction' }));
    const alert = await within(form).findByRole('alert');
    expect(within(alert).getByText('Not allowed')).toBeTruthy();
    expect(within(alert).getByText('You claimed this outcome; someone else must decide on it')).toBeTruthy();

    await userEvent.click(within(form).getByRole('button', { name: 'Record correction' }));
    expect(await within(form).findByText('must be the current decision d9')).toBeTruthy();
    expect(within(form).queryByRole('alert')).toBeNull();
  });
});
