// The outcomes API's shapes (src/outcomes/schemas.ts): claims, decisions, suggested evidence.
export type OutcomeKind = 'assets_pledged' | 'assets_deposited' | 'account_opened' | 'ib_engagement' | 'revenue';
export type OutcomeStatus = 'claimed' | 'verified' | 'partially_verified' | 'rejected' | 'lapsed';

export interface Decision {
  id: string; seq: number; status: OutcomeStatus; amountVerified: number | null; reason: string | null; evidence: string | null;
  transactionIds: string[]; correctsId: string | null; decidedBy: string | null; decidedAt: string;
}

export interface Outcome {
  id: string; interactionId: string; kind: OutcomeKind; contactId: string; amount: number | null; currency: string | null;
  targetAccountId: string | null; pledgeId: string | null; ibType: string | null; expectedFee: number | null; campaignId: string | null;
  notes: string | null; claimedBy: string; claimedAt: string; status: OutcomeStatus; decisions: Decision[];
  ownerId: string | null; teamId: string | null;
}

export interface Suggestion {
  transactionId: string; accountId: string; numberMasked: string; custodian: string | null; viaHousehold: boolean; kind: string;
  amount: number; currency: string; bookedOn: string; description: string | null; difference: number; alreadyEvidenceFor: string[];
}

export interface QueueItem {
  outcome: Outcome;
  suggestions: Suggestion[];
  mayDecide: boolean;
  blockedBecause: string | null;
}

export const kindLabels: Record<OutcomeKind, string> = {
  assets_pledged: 'Assets pledged', assets_deposited: 'Assets deposited', account_opened: 'Account opened', ib_engagement: 'IB engagement', revenue: 'Revenue',
};
