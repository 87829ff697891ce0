// The API's record shapes as the web app reads them (mirrors src/*/schemas.ts output schemas).
// Sensitive contact fields are optional: the API leaves them out for roles that may not see them.

export interface ListPage<T> {
  data: T[];
  nextCursor: string | null;
}

export interface Email { address: string; type: string; primary: boolean }
export interface Phone { number: string; e164: string | null; type: string; primary: boolean }
export interface Address {
  type: string; line1: string | null; line2: string | null; city: string | null; region: string | null;
  postalCode: string | null; country: string | null; primary: boolean;
}
export interface Consent { status: string; at: string | null; source: string | null }

export const lifecycleStages = ['lead', 'prospect', 'client', 'former'] as const;
export type LifecycleStage = (typeof lifecycleStages)[number];

export interface Contact {
  id: string;
  prefix: string | null; givenName: string | null; middleName: string | null; familyName: string | null; suffix: string | null;
  displayName: string; jobTitle: string | null; lifecycleStage: LifecycleStage; tier: string | null;
  ownerId: string | null; teamId: string | null;
  emails: Email[]; phones: Phone[]; addresses: Address[];
  birthDate?: string | null;
  netWorth?: { amount: number; currency: string } | null;
  accountNumbers?: { system: string; number: string }[];
  contractDocuments?: { name: string; url: string | null; signedOn: string | null }[];
  consent: Record<string, Consent>;
  tags: string[];
  categories: { id: string; path: string }[];
  companies: { companyId: string; name: string; role: string | null; isPrimary: boolean }[];
  sourceIdentifiers: { system: string; externalId: string }[];
  customFields: Record<string, unknown>;
  createdAt: string; updatedAt: string; version: number;
}

export interface Company {
  id: string;
  name: string; domain: string | null; website: string | null; industry: string | null;
  size: number | null; description: string | null;
  ownerId: string | null; teamId: string | null;
  phones: Phone[]; addresses: Address[]; tags: string[];
  sourceIdentifiers: { system: string; externalId: string }[];
  customFields: Record<string, unknown>;
  createdAt: string; updatedAt: string; version: number;
}

export interface LinkedContact extends Partial<Contact> { id: string; displayName?: string; role: string | null; isPrimary: boolean }

export const interactionKinds = ['phone_call', 'in_person', 'video_call', 'email', 'sms', 'postal_mail', 'web_form', 'event'] as const;
export type InteractionKind = (typeof interactionKinds)[number];
export const kindLabels: Record<InteractionKind, string> = {
  phone_call: 'Call', in_person: 'Meeting', video_call: 'Video call', email: 'Email', sms: 'SMS',
  postal_mail: 'Letter', web_form: 'Web form', event: 'Event',
};
/** A label for any kind the API answers, including older stored names (call, meeting). */
export function kindLabel(kind: string): string {
  const legacy: Record<string, string> = { call: 'Call', meeting: 'Meeting' };
  return (kindLabels as Record<string, string>)[kind] ?? legacy[kind] ?? kind.replaceAll('_', ' ');
}
export const directions = ['inbound', 'outbound', 'internal'] as const;

export interface Metric { kind: string; amount: number; currency: string | null }
export interface Interaction {
  id: string; kind: InteractionKind; direction: string | null; occurredAt: string; durationMinutes: number | null;
  subject: string | null; notes: string | null; outcome: { code: string; text: string | null } | null;
  participants: { contactId: string | null; userId: string | null; role: string | null }[];
  companyId: string | null; metrics: Metric[];
  ownerId: string | null; version: number;
}

export interface Task {
  id: string; title: string; notes: string | null; status: 'open' | 'done' | 'cancelled';
  dueAt: string | null; completedAt: string | null; assigneeId: string | null;
  contactId: string | null; companyId: string | null; ownerId: string | null; version: number;
}

export type TimelineItem =
  | { type: 'interaction'; id: string; at: string; summary: string; data: { kind: string; direction: string | null; subject: string | null; durationMinutes: number | null; outcome: { code: string; text: string | null } | null; companyId: string | null; ownerId: string | null } }
  | { type: 'note'; id: string; at: string; summary: string; data: { body: string; contactId: string | null; companyId: string | null; ownerId: string | null } }
  | { type: 'task'; id: string; at: string; summary: string; data: { title: string; status: string; dueAt: string | null; completedAt: string | null; assigneeId: string | null; ownerId: string | null } }
  | { type: 'deal'; id: string; at: string; summary: string; data: { name: string; stage: string; amount: number | null; currency: string | null; expectedCloseOn: string | null; closedAt: string | null; ownerId: string | null } }
  | { type: 'change'; id: string; at: string; summary: string; data: { action: string; actorId: string | null; actorLabel: string; changes: Record<string, { before?: unknown; after?: unknown }> } };

export type SearchHit =
  | { type: 'contact'; id: string; displayName: string; subtitle: string | null; score: number }
  | { type: 'company'; id: string; name: string; subtitle: string | null; score: number };

export interface Household { id: string; name: string; members: { contactId: string; displayName: string; role: string }[] }
export interface Relationship { id: string; kind: string; notes: string | null; contact: { id: string; displayName: string } }
export interface User { id: string; email: string; name: string; role: string; active: boolean }
