// Outcome rows into the API shape; the status is the latest decision's.
import type { OutcomeWithDecisions } from './data.ts';
import type { OutcomeOut } from './schemas.ts';

const num = (v: string | null) => (v === null ? null : Number(v));

export function presentOutcome(r: OutcomeWithDecisions): OutcomeOut {
  return {
    id: r.id, interactionId: r.interactionId, kind: r.kind, contactId: r.contactId, amount: num(r.amount), currency: r.currency,
    targetAccountId: r.targetAccountId, pledgeId: r.pledgeId, ibType: r.ibType, expectedFee: num(r.expectedFee),
    campaignId: r.campaignId, notes: r.notes, claimedBy: r.claimedBy, claimedAt: r.claimedAt.toISOString(),
    status: r.decisions[r.decisions.length - 1]?.status ?? 'claimed',
    decisions: r.decisions.map((d) => ({
      id: d.id, seq: d.seq, status: d.status, amountVerified: num(d.amountVerified), reason: d.reason, evidence: d.evidence,
      transactionIds: d.transactionIds, correctsId: d.correctsId, decidedBy: d.decidedBy, decidedAt: new Date(d.decidedAt).toISOString(),
    })),
    ownerId: r.ownerId, teamId: r.teamId,
  };
}
