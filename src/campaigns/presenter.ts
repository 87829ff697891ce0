// Campaign, cost and touch rows into their API shapes.
import type { CampaignOut, CostOut, TouchOut } from './schemas.ts';
import type { CampaignWithCosts, CostRow, TouchRow } from './data.ts';

export function presentCampaign(row: CampaignWithCosts): CampaignOut {
  return {
    id: row.id, name: row.name, type: row.type, parentId: row.parentId, description: row.description,
    startsOn: row.startsOn, endsOn: row.endsOn, budget: row.budget === null ? null : Number(row.budget), currency: row.currency,
    attributionWindowDays: row.attributionWindowDays,
    costs: row.costs.map((c) => ({ currency: c.currency, total: Number(c.total) })),
    ownerId: row.ownerId, teamId: row.teamId, createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString(), version: row.version,
  };
}

export const presentCost = (r: CostRow): CostOut => ({
  id: r.id, campaignId: r.campaignId, description: r.description, amount: Number(r.amount), currency: r.currency,
  incurredOn: r.incurredOn, createdBy: r.createdBy, createdAt: r.createdAt.toISOString(),
});

export const presentTouch = (r: TouchRow): TouchOut => ({
  id: r.id, campaignId: r.campaignId, contactId: r.contactId, kind: r.kind, touchedAt: r.touchedAt.toISOString(), createdAt: r.createdAt.toISOString(),
});

/** The audited view of a campaign: its stored fields, without bookkeeping. */
export function auditView(row: CampaignWithCosts): Record<string, unknown> {
  const { createdAt: _c, updatedAt: _u, version: _v, createdBy: _b, costs: _k, ...rest } = presentCampaign(row);
  return rest;
}
