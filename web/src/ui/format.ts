// Dates, amounts and arbitrary JSON values as short, readable text.
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
}

export function formatDate(iso: string): string {
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00` : iso);
  return Number.isNaN(d.getTime()) ? iso : dateOnly.format(d);
}

export function formatMoney(amount: number, currency: string | null): string {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency: currency ?? 'USD', maximumFractionDigits: 0 }).format(amount);
  } catch {
    return `${amount} ${currency ?? ''}`.trim();
  }
}

const clip = (s: string) => (s.length > 80 ? `${s.slice(0, 77)}…` : s);

/** The readable part of a stored sub-record: an email's address, a phone's number, a name. */
function itemText(v: unknown): string {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    for (const k of ['address', 'number', 'name', 'path', 'externalId', 'status', 'code']) if (typeof o[k] === 'string') return o[k];
  }
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Any value from a change record, as one line of text (never markup). */
export function formatValue(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'string') return clip(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.length ? clip(v.map(itemText).join(', ')) : '—';
  return clip(itemText(v));
}

/** "givenName" -> "Given name", "ownerId" -> "Owner", "customFields.risk_score" -> "Custom fields risk score". */
export function fieldLabel(field: string): string {
  const words = field.replace(/Id$/, '').replace(/[._]/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
