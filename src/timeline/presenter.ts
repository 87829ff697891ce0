// Turns timeline rows into items: ISO timestamps, a one-line summary, and audit changes without
// the fields the caller's role may not see.
import { canViewField, type Principal } from '../platform/policy/index.ts';
import type { FieldChange } from '../platform/audit/tables.ts';
import type { TimelineRow, TimelineSubject } from './query.ts';
import type { TimelineItem } from './schemas.ts';

type Json = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : null);
const iso = (v: unknown) => (typeof v === 'string' ? new Date(v).toISOString() : null);
const oneLine = (s: string, max = 140) => {
  const line = s.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

export function presentItem(row: TimelineRow, subject: TimelineSubject, p: Principal): TimelineItem {
  const d: Json = row.data;
  const at = new Date(row.at_key).toISOString();
  switch (row.type) {
    case 'interaction': {
      const kind = String(d['kind']);
      return {
        type: 'interaction', id: row.id, at, summary: oneLine(str(d['subject']) ?? kind.replaceAll('_', ' ')),
        data: {
          kind, direction: str(d['direction']), subject: str(d['subject']),
          durationMinutes: typeof d['durationMinutes'] === 'number' ? d['durationMinutes'] : null,
          outcome: d['outcomeCode'] === null ? null : { code: String(d['outcomeCode']), text: str(d['outcomeText']) },
          companyId: str(d['companyId']), ownerId: str(d['ownerId']),
        },
      };
    }
    case 'note':
      return {
        type: 'note', id: row.id, at, summary: oneLine(String(d['body'])),
        data: { body: String(d['body']), contactId: str(d['contactId']), companyId: str(d['companyId']), ownerId: str(d['ownerId']) },
      };
    case 'task':
      return {
        type: 'task', id: row.id, at, summary: oneLine(`${d['status'] === 'done' ? 'Done: ' : ''}${String(d['title'])}`),
        data: {
          title: String(d['title']), status: String(d['status']), dueAt: iso(d['dueAt']), completedAt: iso(d['completedAt']),
          assigneeId: str(d['assigneeId']), ownerId: str(d['ownerId']),
        },
      };
    case 'deal': {
      const stage = String(d['stage']);
      return {
        type: 'deal', id: row.id, at, summary: oneLine(`${stage === 'won' ? 'Won: ' : stage === 'lost' ? 'Lost: ' : 'Deal: '}${String(d['name'])}`),
        data: {
          name: String(d['name']), stage, amount: d['amount'] === null ? null : Number(d['amount']), currency: str(d['currency']),
          expectedCloseOn: str(d['expectedCloseOn']), closedAt: iso(d['closedAt']), ownerId: str(d['ownerId']),
        },
      };
    }
    case 'change': {
      const all = (d['changes'] ?? {}) as Record<string, FieldChange>;
      const changes = Object.fromEntries(Object.entries(all).filter(([field]) => canViewField(p, subject.resource, field)));
      const action = String(d['action']);
      const verb = action.slice(action.indexOf('.') + 1);
      const fields = Object.keys(changes);
      return {
        type: 'change', id: row.id, at,
        summary: oneLine(`${verb.charAt(0).toUpperCase()}${verb.slice(1)}${fields.length && verb !== 'created' ? `: ${fields.join(', ')}` : ''}`),
        data: { action, actorId: str(d['actorId']), actorLabel: String(d['actorLabel']), changes },
      };
    }
  }
}
