// Outcomes and decisions written straight to their tables for the compensation and report tests
// (the outcomes API belongs to another domain; these tests need exact claim and decision times).
import type { Harness, TestTenant } from '../../test/harness.ts';

export interface DecisionIn { status: string; amountVerified?: number; reason?: string; at?: string }

/** An outcome claimed by `userId` with its decisions in order (the last is its status). */
export async function claimOutcome(h: Harness, t: TestTenant, o: {
  interactionId: string; contactId: string; userId: string; kind: string; amount: number | null; claimedAt: string; campaignId?: string;
  decisions: DecisionIn[];
}): Promise<string> {
  const [row] = await h.database.query<{ id: string }>(
    `insert into outcomes (tenant_id, id, interaction_id, kind, contact_id, amount, currency, claimed_by, claimed_at, owner_id, campaign_id)
     values ($1, gen_random_uuid(), $2, $3, $4, $5, 'EUR', $6, $7, $6, $8) returning id`,
    [t.id, o.interactionId, o.kind, o.contactId, o.amount, o.userId, o.claimedAt, o.campaignId ?? null]);
  await addDecisions(h, t, row!.id, o.decisions, 1);
  return row!.id;
}

export async function addDecisions(h: Harness, t: TestTenant, outcomeId: string, decisions: DecisionIn[], from: number) {
  for (const [i, d] of decisions.entries()) {
    await h.database.query(
      `insert into outcome_decisions (tenant_id, id, outcome_id, seq, status, amount_verified, reason, decided_at)
       values ($1, gen_random_uuid(), $2, $3, $4, $5, $6, coalesce($7::timestamptz, now()))`,
      [t.id, outcomeId, from + i, d.status, d.amountVerified ?? null, d.reason ?? (d.status === 'rejected' ? 'no funds arrived' : null), d.at ?? null]);
  }
}
