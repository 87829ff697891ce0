// Turns deal rows into the API shape and the flat view the audit trail records.
import type { DealRow } from './data.ts';
import type { DealOut } from './schemas.ts';

export function presentDeal(row: DealRow): DealOut {
  return {
    id: row.id, name: row.name, contactId: row.contactId, companyId: row.companyId, stage: row.stage,
    amount: row.amount === null ? null : Number(row.amount), currency: row.currency,
    expectedCloseOn: row.expectedCloseOn, closedAt: row.closedAt?.toISOString() ?? null,
    lostReason: row.lostReason, description: row.description, campaignId: row.campaignId,
    ownerId: row.ownerId, teamId: row.teamId, createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString(), version: row.version,
  };
}

export function auditView(row: DealRow): Record<string, unknown> {
  const { createdAt: _c, updatedAt: _u, version: _v, createdBy: _b, ...rest } = presentDeal(row);
  return rest;
}
