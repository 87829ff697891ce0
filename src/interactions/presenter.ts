// Turns interaction rows into the API shape, and into the flat view the audit trail records.
import type { InteractionWithRelations } from './data.ts';
import type { InteractionOut } from './schemas.ts';

export function presentInteraction(row: InteractionWithRelations): InteractionOut {
  return {
    id: row.id,
    kind: row.kind as InteractionOut['kind'],
    direction: row.direction as InteractionOut['direction'],
    occurredAt: row.occurredAt.toISOString(),
    durationMinutes: row.durationMinutes,
    subject: row.subject,
    notes: row.notes,
    outcome: row.outcomeCode === null ? null : { code: row.outcomeCode, text: row.outcomeText },
    participants: row.participants,
    companyId: row.companyId,
    campaignId: row.campaignId,
    source: row.sourceSystem === null || row.sourceExternalId === null ? null : { system: row.sourceSystem, externalId: row.sourceExternalId },
    metrics: row.metrics.map((m) => ({ kind: m.kind, amount: Number(m.amount), currency: m.currency })),
    outcomes: row.outcomes.map((o) => ({ id: o.id, kind: o.kind, amount: o.amount === null ? null : Number(o.amount), currency: o.currency, status: o.status })),
    ownerId: row.ownerId,
    teamId: row.teamId,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

/** The audited view: every stored field with participants and metrics folded in. */
export function auditView(row: InteractionWithRelations): Record<string, unknown> {
  // Outcomes have their own audited decisions; an interaction's trail records its own fields.
  const { createdAt: _c, updatedAt: _u, version: _v, createdBy: _b, outcomes: _o, ...rest } = presentInteraction(row);
  return rest;
}
