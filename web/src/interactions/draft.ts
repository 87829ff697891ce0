// The log-interaction draft in localStorage: what the user typed survives a reload or a closed tab,
// and is cleared only when the interaction is saved or the user discards it.
import type { InteractionKind } from '../api/types.ts';

export interface ParticipantChoice {
  contactId: string;
  displayName: string;
}

export interface MetricDraft {
  kind: string;
  amount: string;
  currency: string;
}

export interface InteractionDraft {
  kind: InteractionKind;
  /** datetime-local value (the user's local time); never empty on a fresh form. */
  occurredAt: string;
  direction: string;
  durationMinutes: string;
  participants: ParticipantChoice[];
  companyId: string | null;
  subject: string;
  notes: string;
  outcomeCode: string;
  outcomeText: string;
  metrics: MetricDraft[];
}

interface Stored {
  v: 1;
  /** The form was open when last saved: reopen it after a reload. */
  open: boolean;
  savedAt: string;
  values: InteractionDraft;
}

/** One draft per signed-in user, so a shared browser never shows one user's draft to another. */
export const draftKey = (owner: string) => `rapport.interactionDraft.${owner}`;

/** "2026-12-01T14:05" for a datetime-local input, in the browser's time zone. */
export function localDateTime(d = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function emptyDraft(preset: Partial<InteractionDraft> = {}): InteractionDraft {
  return {
    kind: 'phone_call', occurredAt: localDateTime(), direction: '', durationMinutes: '',
    participants: [], companyId: null, subject: '', notes: '', outcomeCode: '', outcomeText: '', metrics: [],
    ...preset,
  };
}

export function loadDraft(owner: string): Stored | null {
  try {
    const raw = localStorage.getItem(draftKey(owner));
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Stored;
    if (parsed?.v !== 1 || !parsed.values || !Array.isArray(parsed.values.participants)) return null;
    return { ...parsed, values: { ...emptyDraft(), ...parsed.values } };
  } catch {
    return null;
  }
}

export function saveDraft(owner: string, values: InteractionDraft, open: boolean) {
  try {
    const stored: Stored = { v: 1, open, savedAt: new Date().toISOString(), values };
    localStorage.setItem(draftKey(owner), JSON.stringify(stored));
  } catch {
    // storage full or disabled: the form still works, only without the safety net
  }
}

/** The user closed the form: keep the draft, but do not reopen it by itself after a reload. */
export function markDraftClosed(owner: string) {
  const d = loadDraft(owner);
  if (d?.open) saveDraft(owner, d.values, false);
}

export function clearDraft(owner: string) {
  localStorage.removeItem(draftKey(owner));
}
