// Realistic API records for component tests (the shapes of src/*/schemas.ts outputs).
import type { Contact, Task } from '../api/types.ts';

export const contactId = '01900000-0000-7000-8000-0000000000c1';

export function contactRecord(over: Partial<Contact> = {}): Contact {
  return {
    id: contactId, prefix: null, givenName: 'Ada', middleName: null, familyName: 'Lovelace', suffix: null,
    displayName: 'Ada Lovelace', jobTitle: 'Analyst', lifecycleStage: 'client', tier: 'Gold',
    ownerId: null, teamId: null,
    emails: [{ address: 'ada@example.org', type: 'work', primary: true }],
    phones: [{ number: '+44 20 7946 0000', e164: '+442079460000', type: 'work', primary: true }],
    addresses: [], consent: { email: { status: 'granted', at: '2026-01-02T10:00:00.000Z', source: 'web form' } },
    tags: ['vip'], categories: [], companies: [], sourceIdentifiers: [{ system: 'legacy-crm', externalId: 'LC-42' }],
    customFields: {}, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', version: 3,
    ...over,
  };
}

export function taskRecord(over: Partial<Task> = {}): Task {
  return {
    id: '01900000-0000-7000-8000-0000000000f1', title: 'Send the proposal', notes: null, status: 'open',
    dueAt: '2026-01-01T17:00:00.000Z', completedAt: null, assigneeId: null, contactId: null, companyId: null,
    ownerId: null, version: 1, ...over,
  };
}

export const emptyPage = { body: { data: [], nextCursor: null } };
