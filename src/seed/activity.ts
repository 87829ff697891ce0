// What happens around clients: interactions with their participants and metrics, notes and tasks,
// drawn so that recent weeks are busier than two years ago.
import type { interactionMetrics, interactionParticipants, interactions } from '../interactions/tables.ts';
import type { notes } from '../notes/tables.ts';
import type { tasks } from '../tasks/tables.ts';
import type { NewContactRow } from '../contacts/data.ts';
import type { Random } from './random.ts';

export type NewInteractionRow = typeof interactions.$inferInsert;
export type NewParticipantRow = typeof interactionParticipants.$inferInsert;
export type NewMetricRow = typeof interactionMetrics.$inferInsert;
export type NewNoteRow = typeof notes.$inferInsert;
export type NewTaskRow = typeof tasks.$inferInsert;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// The API's kinds (interactions/schemas.ts), so seeded rows read and filter like logged ones.
export const interactionKinds = ['in_person', 'phone_call', 'email', 'video_call', 'event', 'postal_mail'] as const;
export const metricKinds = ['assets_pledged', 'revenue', 'new_money', 'fees'] as const;

const subjects: Record<(typeof interactionKinds)[number], readonly string[]> = {
  in_person: ['Quarterly portfolio review', 'Annual financial plan update', 'Estate planning discussion', 'Introduction meeting', 'Onboarding meeting',
    'Trust structure review', 'Investment committee presentation', 'Lunch with the family'],
  phone_call: ['Rebalancing proposal follow-up', 'Question about the last statement', 'Cash needs for the house purchase', 'Market update call',
    'Fee schedule discussion', 'Referral thank-you call', 'Tax-loss harvesting options'],
  email: ['Documents for account opening', 'Quarterly report', 'Meeting notes and next steps', 'Updated risk questionnaire', 'Invitation: client evening',
    'Transfer instructions received', 'Your question about ESG funds'],
  video_call: ['Remote portfolio review', 'Private markets allocation', 'Succession planning with the next generation', 'Mandate renewal'],
  event: ['Client evening: market outlook', 'Charity golf day', 'Private markets seminar', 'Wine tasting for top clients'],
  postal_mail: ['Signed account agreement received', 'Annual statement letter', 'Handwritten thank-you card', 'Change of address form'],
};
const outcomes = [
  ['positive', 'Client agreed to proceed'], ['follow_up', 'Send proposal and call back next week'], ['neutral', 'Informational, no decision'],
  ['negative', 'Client declined for now'], ['follow_up', 'Waiting for documents from the client'],
] as const;
const noteBodies = [
  'Prefers to be contacted by email before 10am.', 'Daughter starting university next autumn; discuss education funding.',
  'Concerned about concentration in tech stocks.', 'Spouse should join the next review meeting.', 'Wants to increase charitable giving via a donor-advised fund.',
  'Selling the family business within two years; liquidity event expected.', 'Asked for ESG-screened alternatives to the current equity funds.',
  'Moved house; new address confirmed by phone.', 'Introduced by an existing client; send a thank-you note.', 'Do not call on Fridays.',
  'Considering a second home abroad; currency exposure questions.', 'Has accounts at two other banks; potential consolidation.',
];
const taskTitles = ['Send onboarding pack', 'Prepare quarterly review deck', 'Call back about the rebalancing proposal', 'Collect signed mandate',
  'Update risk profile', 'Book the annual review', 'Check transfer of assets', 'Send market outlook report', 'Confirm event attendance'];

/** A moment in the last `days` days, skewed towards the recent past. */
const recent = (r: Random, now: number, days: number) => now - Math.floor(r.logUniform(HOUR, days * DAY));

export interface ActivityRefs {
  tenantId: string;
  now: number;
  createdBy: string | null;
  /** The primary company of each contact, by contact id. */
  companyOf: ReadonlyMap<string, string>;
}

export interface InteractionSet {
  interactions: NewInteractionRow[];
  participants: NewParticipantRow[];
  metrics: NewMetricRow[];
}

export function interactionFor(r: Random, refs: ActivityRefs, contacts: readonly NewContactRow[], out: InteractionSet): void {
  const main = r.pick(contacts);
  const kind = r.weighted([['in_person', 25], ['phone_call', 35], ['email', 28], ['video_call', 7], ['event', 3], ['postal_mail', 2]] as const);
  const occurredAt = new Date(recent(r, refs.now, 730));
  const id = r.uuidAt(occurredAt.getTime());
  const outcome = kind === 'email' || r.chance(0.3) ? null : r.pick(outcomes);
  out.interactions.push({
    tenantId: refs.tenantId, id, kind,
    direction: kind === 'phone_call' || kind === 'email' || kind === 'postal_mail' ? r.pick(['inbound', 'outbound']) : null,
    occurredAt,
    durationMinutes: { in_person: r.between(30, 120), phone_call: r.between(5, 45), video_call: r.between(20, 60), event: r.between(90, 240), email: null, postal_mail: null }[kind],
    subject: r.pick(subjects[kind]),
    notes: r.chance(0.4) ? r.pick(noteBodies) : null,
    outcomeCode: outcome?.[0] ?? null,
    outcomeText: outcome?.[1] ?? null,
    companyId: r.chance(0.6) ? (refs.companyOf.get(main.id!) ?? null) : null,
    ownerId: main.ownerId ?? null, teamId: main.teamId ?? null,
    createdBy: main.ownerId ?? refs.createdBy,
    createdAt: occurredAt, updatedAt: occurredAt,
  });
  const attendees = new Set([main.id!]);
  for (let i = r.weighted([[0, 6], [1, 3], [2, 1]] as const); i > 0; i--) attendees.add(r.pick(contacts).id!);
  for (const contactId of attendees) {
    out.participants.push({ tenantId: refs.tenantId, id: r.uuidAt(occurredAt.getTime()), interactionId: id, contactId, userId: null, role: contactId === main.id ? 'primary' : 'attendee' });
  }
  if (main.ownerId) out.participants.push({ tenantId: refs.tenantId, id: r.uuidAt(occurredAt.getTime()), interactionId: id, contactId: null, userId: main.ownerId, role: 'advisor' });
  if (kind !== 'email' && outcome?.[0] === 'positive' && r.chance(0.7)) {
    const currency = main.netWorthCurrency ?? 'USD';
    const amounts: Record<(typeof metricKinds)[number], () => number> = {
      assets_pledged: () => r.logUniform(25_000, 5_000_000), new_money: () => r.logUniform(10_000, 2_000_000),
      revenue: () => r.logUniform(500, 120_000), fees: () => r.logUniform(200, 25_000),
    };
    const kinds = r.chance(0.5) ? (['assets_pledged', 'revenue'] as const) : ([r.pick(metricKinds)] as const);
    for (const m of kinds) {
      out.metrics.push({ tenantId: refs.tenantId, id: r.uuidAt(occurredAt.getTime()), interactionId: id, kind: m, amount: amounts[m]().toFixed(2), currency });
    }
  }
}

export function noteFor(r: Random, refs: ActivityRefs, contacts: readonly NewContactRow[]): NewNoteRow {
  const c = r.pick(contacts);
  const at = new Date(recent(r, refs.now, 900));
  const onCompany = r.chance(0.15) ? (refs.companyOf.get(c.id!) ?? null) : null;
  return {
    tenantId: refs.tenantId, id: r.uuidAt(at.getTime()), body: r.pick(noteBodies),
    contactId: onCompany ? null : c.id!, companyId: onCompany,
    ownerId: c.ownerId ?? null, teamId: c.teamId ?? null, createdBy: c.ownerId ?? refs.createdBy, createdAt: at, updatedAt: at,
  };
}

export function taskFor(r: Random, refs: ActivityRefs, contacts: readonly NewContactRow[]): NewTaskRow {
  const c = r.pick(contacts);
  const createdAt = new Date(recent(r, refs.now, 120));
  const dueAt = new Date(createdAt.getTime() + r.between(1, 45) * DAY);
  const done = dueAt.getTime() < refs.now ? r.chance(0.8) : r.chance(0.1);
  const completedAt = done ? new Date(Math.max(createdAt.getTime(), Math.min(refs.now, dueAt.getTime() - r.int(3) * DAY))) : null;
  return {
    tenantId: refs.tenantId, id: r.uuidAt(createdAt.getTime()),
    title: `${r.pick(taskTitles)}: ${c.displayName}`,
    notes: r.chance(0.3) ? r.pick(noteBodies) : null,
    status: done ? 'done' : 'open', dueAt, completedAt,
    assigneeId: c.ownerId ?? null, contactId: c.id!, companyId: null,
    ownerId: c.ownerId ?? null, teamId: c.teamId ?? null, createdBy: c.ownerId ?? refs.createdBy,
    createdAt, updatedAt: completedAt ?? createdAt,
  };
}
