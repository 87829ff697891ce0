// Column mapping for interaction imports: the fields a column can feed, header spellings (HubSpot
// call / meeting / email / activity exports, Salesforce Task and Event exports, Rapport's own), and
// one mapped row turned into an interaction input plus the references (participants, company,
// owner, campaign) still to be resolved against the database. Every problem names the column it
// comes from. Dates are strict ISO 8601: a value without an offset is read in the row's time zone
// column, else in the import's time zone (the mapping's "@timeZone" entry, saved with it per
// source), else refused. Pure: no database, no web.
import { unneutralise } from '../exports/csv.ts';
import { interactionKinds, type InteractionCreate } from '../interactions/schemas.ts';
import { fold, splitList, suggester, type MappedContact, type Mapping } from './mapping.ts';

export const interactionTargets = [
  'rapportId', 'externalId',
  'kind', 'direction', 'occurredAt', 'timeZone', 'duration', 'durationSeconds', 'subject', 'notes', 'outcome', 'outcomeText',
  'contactExternalId', 'contactId', 'contactEmail', 'companyExternalId', 'companyId', 'companyName',
  'owner', 'campaign', 'currency', 'ignore',
] as const;
export type InteractionTarget = (typeof interactionTargets)[number];

/** Options a mapping may carry besides its columns (keys start with "@"). */
export const interactionOptions = ['@timeZone'] as const;

const metricTarget = /^metrics\.[a-z][a-z0-9_]{0,59}$/;
export const isInteractionTarget = (t: string) => (interactionTargets as readonly string[]).includes(t) || metricTarget.test(t);

export function isInteractionOption(key: string, value: string): boolean {
  return key === '@timeZone' && validZone(value);
}

const synonyms: Record<Exclude<InteractionTarget, 'ignore'>, string[]> = {
  rapportId: ['rapport id'],
  externalId: ['record id', 'activity id', 'engagement id', 'call id', 'meeting id', 'email id', 'task id', 'event id', 'id', 'external id', 'interaction id'],
  kind: ['kind', 'activity type', 'type', 'engagement type', 'interaction type', 'tasksubtype', 'task subtype', 'eventsubtype', 'event subtype', 'channel', 'activity'],
  direction: ['direction', 'call direction', 'email direction', 'calltype', 'call type'],
  occurredAt: ['occurred at', 'activity date', 'activitydatetime', 'activity date time', 'activitydate', 'startdatetime', 'start date time', 'start time',
    'meeting start time', 'call date', 'email send date', 'date', 'date/time', 'timestamp'],
  timeZone: ['time zone', 'timezone', 'tz'],
  duration: ['duration', 'duration minutes', 'duration (minutes)', 'durationinminutes', 'call duration', 'call duration (hh:mm:ss)', 'meeting duration'],
  durationSeconds: ['calldurationinseconds', 'call duration in seconds', 'duration seconds', 'duration (seconds)'],
  subject: ['subject', 'call title', 'meeting name', 'meeting title', 'email subject', 'task title', 'title', 'activity subject', 'name'],
  notes: ['notes', 'description', 'call notes', 'meeting description', 'meeting notes', 'email body', 'body', 'note body', 'comments', 'details', 'call summary'],
  outcome: ['outcome', 'outcome code', 'call outcome', 'meeting outcome', 'calldisposition', 'call disposition', 'disposition', 'result'],
  outcomeText: ['outcome text', 'outcome notes', 'outcome details'],
  contactExternalId: ['whoid', 'who id', 'contact id', 'contactid', 'contact record id', 'associated contact id', 'associated contact ids',
    'associated contact record id', 'associated contact record ids', 'contact external id'],
  contactId: ['contact rapport id', 'rapport contact id', 'participant contact ids'],
  contactEmail: ['associated contact email', 'associated contact emails', 'associated contact', 'associated contacts', 'contact email', 'contact emails',
    'email', 'email address', 'attendee email', 'attendee emails', 'attendees', 'participant email', 'participants', 'recipient', 'recipients', 'to'],
  companyExternalId: ['accountid', 'account id', 'associated company id', 'associated company ids', 'company id', 'companyid', 'company record id'],
  companyId: ['company rapport id', 'rapport company id'],
  companyName: ['associated company', 'associated companies', 'company', 'company name', 'account name', 'account'],
  owner: ['owner', 'owner email', 'activity owner', 'assigned to', 'activity assigned to', 'assigned to email', 'user email', 'rep email', 'owner id'],
  campaign: ['campaign', 'campaign name', 'campaign id', 'associated campaign'],
  currency: ['currency', 'currency code', 'currencyisocode'],
};

const suggestColumns = suggester(synonyms, isInteractionTarget);

/** A target per header (as for contacts), plus the options of a saved mapping. */
export function suggestInteractionMapping(headers: string[], saved: Mapping = {}): Mapping {
  const out = suggestColumns(headers, saved);
  for (const key of interactionOptions) if (saved[key] && isInteractionOption(key, saved[key])) out[key] = saved[key];
  return out;
}

type Kind = (typeof interactionKinds)[number];
type Direction = 'inbound' | 'outbound' | 'internal';

// Folded spellings of kinds in exports (HubSpot engagement types, Salesforce subtypes, plain words).
const kindWords: Record<string, [Kind, Direction?]> = {};
const words: Array<[Kind, string[], Direction?]> = [
  ['phone_call', ['call', 'calls', 'phone', 'phone call', 'telephone', 'call log', 'logged call']],
  ['phone_call', ['inbound call', 'incoming call'], 'inbound'],
  ['phone_call', ['outbound call', 'outgoing call'], 'outbound'],
  ['in_person', ['in person', 'meeting', 'meetings', 'visit', 'face to face', 'appointment', 'lunch']],
  ['video_call', ['video call', 'video', 'video meeting', 'online meeting', 'web meeting', 'zoom', 'teams', 'google meet']],
  ['email', ['email', 'e mail', 'emails', 'listemail', 'list email', 'mass email', 'forwarded email', 'sent email']],
  ['email', ['incoming email', 'inbound email', 'received email'], 'inbound'],
  ['email', ['outgoing email', 'outbound email'], 'outbound'],
  ['sms', ['sms', 'text', 'text message', 'whatsapp', 'message']],
  ['postal_mail', ['postal mail', 'letter', 'mail', 'post', 'mailing']],
  ['web_form', ['web form', 'form', 'form submission', 'web to lead']],
  ['event', ['event', 'webinar', 'conference', 'seminar', 'roadshow']],
];
for (const [kind, list, direction] of words) for (const w of list) kindWords[w] = direction ? [kind, direction] : [kind];
for (const k of interactionKinds) kindWords[fold(k)] = [k];

const directionWords: Record<string, Direction> = {
  inbound: 'inbound', incoming: 'inbound', in: 'inbound', received: 'inbound',
  outbound: 'outbound', outgoing: 'outbound', out: 'outbound', sent: 'outbound',
  internal: 'internal',
};

// ---- dates ----------------------------------------------------------------------------------

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(zone, f);
  }
  return f;
}

export function validZone(zone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(zone)) return false;
  try { formatter(zone); return true; } catch { return false; }
}

/** The wall-clock time at instant `ms` in `zone`, as if that wall time were UTC (whole seconds). */
function wallClock(ms: number, zone: string): number {
  const p = Object.fromEntries(formatter(zone).formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return Date.UTC(Number(p['year']), Number(p['month']) - 1, Number(p['day']), Number(p['hour']), Number(p['minute']), Number(p['second']));
}

/**
 * The instant a wall-clock time (given as UTC ms) names in `zone`. Of two (the hour repeated when
 * clocks go back) the earlier; none (the hour skipped when they go forward) is null.
 */
export function zonedToUtc(wall: number, zone: string): number | null {
  const whole = wall - (((wall % 1000) + 1000) % 1000);
  const offsets = new Set([-86_400_000, 0, 86_400_000].map((d) => wallClock(whole + d, zone) - (whole + d)));
  const hits = [...offsets].map((o) => whole - o).filter((t) => wallClock(t, zone) === whole).sort((a, b) => a - b);
  return hits.length ? hits[0]! + (wall - whole) : null;
}

const isoDateTime = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/** A strict ISO 8601 date or date-time as an instant (ISO string), or why not. */
export function parseInstant(value: string, zone: string | undefined): { iso: string } | { error: string } {
  const m = isoDateTime.exec(value.trim());
  if (!m) return { error: `"${value}" is not an ISO 8601 date (YYYY-MM-DD, YYYY-MM-DD HH:MM[:SS], optionally with Z or an offset like +01:00)` };
  const [y, mo, d, h = '0', mi = '0', s = '0', frac = '', off] = m.slice(1) as string[];
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  const back = new Date(wall);
  if (back.getUTCFullYear() !== Number(y) || back.getUTCMonth() !== Number(mo) - 1 || back.getUTCDate() !== Number(d)
    || back.getUTCHours() !== Number(h) || back.getUTCMinutes() !== Number(mi) || back.getUTCSeconds() !== Number(s)) {
    return { error: `"${value}" is not a real date and time` };
  }
  if (off) {
    if (/^(z|utc|gmt)$/i.test(off)) return { iso: new Date(wall).toISOString() };
    const om = /^([+-])(\d{2}):?(\d{2})?$/.exec(off)!;
    const minutes = Number(om[2]) * 60 + Number(om[3] ?? 0);
    if (Number(om[2]) > 18 || Number(om[3] ?? 0) > 59) return { error: `"${value}" has an impossible offset ${off}` };
    return { iso: new Date(wall - (om[1] === '-' ? -1 : 1) * minutes * 60_000).toISOString() };
  }
  if (!zone) return { error: `"${value}" has no offset and no time zone applies (map a time zone column, give the import a time zone, or write it like 2024-03-01T14:30:00+01:00)` };
  const utc = zonedToUtc(wall, zone);
  if (utc === null) return { error: `"${value}" does not exist in ${zone} (the clocks skip it)` };
  return { iso: new Date(utc).toISOString() };
}

// ---- cells ----------------------------------------------------------------------------------

const emailIn = /[^\s<>()"',;]+@[^\s<>()"',;]+\.[^\s<>()"',;]+/g;
/** "Ada Lovelace (ada@example.com)", "Ada <ada@example.com>", "a@x.com, b@y.com" -> the addresses. */
export const emailsOf = (cell: string) => [...cell.matchAll(emailIn)].map((m) => m[0].toLowerCase());

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => uuid.test(s);

function minutesOf(cell: string, unit: 'minutes' | 'seconds'): number | null {
  const v = cell.trim();
  const hms = /^(\d+):([0-5]\d)(?::([0-5]\d))?$/.exec(v);
  if (hms && unit === 'minutes') {
    // H:MM:SS, or H:MM
    const seconds = hms[3] === undefined ? Number(hms[1]) * 3600 + Number(hms[2]) * 60 : Number(hms[1]) * 3600 + Number(hms[2]) * 60 + Number(hms[3]);
    return Math.round(seconds / 60);
  }
  if (!/^\d+(\.\d+)?$/.test(v)) return null;
  return Math.round(unit === 'seconds' ? Number(v) / 60 : Number(v));
}

function amountOf(cell: string): { amount: number; currency?: string } | null {
  const m = /^([A-Z]{3})?\s*(-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*([A-Z]{3})?$/.exec(cell.trim());
  if (!m || (m[1] && m[3])) return null;
  const amount = Number(m[2]!.replace(/,/g, ''));
  if (!Number.isFinite(amount)) return null;
  const currency = m[1] ?? m[3];
  return currency ? { amount, currency } : { amount };
}

const code = (s: string) => fold(s).replace(/[\s/]+/g, '_').slice(0, 60);

// ---- rows -----------------------------------------------------------------------------------

/** A reference still to resolve, with the column it came from (named in problems). */
export interface Ref { column: string; value: string }

/** What an interaction row carries until apply-interactions.ts resolves it. */
export interface InteractionDraft {
  /** The interaction fields the row gives (schema-checked later by the interactions service). */
  fields: Partial<InteractionCreate>;
  contacts: Array<Ref & { by: 'id' | 'source' | 'email' }>;
  company: (Ref & { by: 'id' | 'source' | 'name' }) | null;
  owner: Ref | null;
  campaign: Ref | null;
  problems: string[];
}

export const draftOf = (m: MappedContact) => m.input as unknown as InteractionDraft;

/** One row (header -> cell) through a mapping. Empty cells are absent: they never clear a value. */
export function mapInteractionRow(cells: Record<string, string>, mapping: Mapping, source: string): MappedContact {
  // target -> [column, cell] (two columns on one target: cells joined with "; ", the first column named)
  const v = new Map<string, { column: string; cell: string }>();
  for (const [header, target] of Object.entries(mapping)) {
    if (header.startsWith('@') || target === 'ignore') continue;
    const cell = unneutralise(cells[header] ?? '').trim();
    if (!cell) continue;
    const had = v.get(target);
    v.set(target, had ? { column: had.column, cell: `${had.cell}; ${cell}` } : { column: header, cell });
  }
  const problems: string[] = [];
  const fail = (target: string, message: string) => problems.push(`${v.get(target)!.column}: ${message}`);
  const fields: Partial<InteractionCreate> = {};
  const cell = (t: string) => v.get(t)?.cell;

  const kindCell = cell('kind');
  if (kindCell) {
    const k = kindWords[fold(kindCell)];
    if (k) {
      fields.kind = k[0];
      if (k[1]) fields.direction = k[1];
    } else fail('kind', `"${kindCell}" is not a kind of interaction (${interactionKinds.join(', ')}, or call, meeting, email, ...)`);
  } else {
    // A HubSpot export of one activity type has no type column; the headers of its activity
    // columns say it ("Call notes", "Meeting name", "Email subject").
    const activity = ['subject', 'notes', 'outcome', 'outcomeText', 'direction', 'duration', 'durationSeconds', 'occurredAt'];
    const named = [...v].filter(([t]) => activity.includes(t)).map(([, x]) => fold(x.column).split(' ')[0]);
    const guess = named.includes('call') ? 'phone_call' : named.includes('meeting') ? 'in_person' : named.includes('email') ? 'email' : undefined;
    if (guess) fields.kind = guess;
    else problems.push('kind: no value (map a column to kind, e.g. "Activity type")');
  }
  const dir = cell('direction');
  if (dir) {
    const d = directionWords[fold(dir)];
    if (d) fields.direction = d;
    else fail('direction', `"${dir}" is not inbound, outbound or internal`);
  }

  const zoneCell = cell('timeZone');
  const zone = zoneCell ?? mapping['@timeZone'];
  if (zoneCell && !validZone(zoneCell)) fail('timeZone', `"${zoneCell}" is not an IANA time zone (like Europe/Paris)`);
  const when = cell('occurredAt');
  if (when) {
    const r = parseInstant(when, zoneCell && !validZone(zoneCell) ? undefined : zone);
    if ('iso' in r) fields.occurredAt = r.iso;
    else fail('occurredAt', r.error);
  } else problems.push('occurredAt: no value (map a column to occurredAt, e.g. "Activity date")');

  for (const [t, unit] of [['duration', 'minutes'], ['durationSeconds', 'seconds']] as const) {
    const c = cell(t);
    if (!c || fields.durationMinutes !== undefined) continue;
    const n = minutesOf(c, unit);
    if (n === null) fail(t, `"${c}" is not a duration (${unit === 'minutes' ? 'minutes or H:MM:SS' : 'seconds'})`);
    else fields.durationMinutes = n;
  }
  if (cell('subject')) fields.subject = cell('subject')!;
  if (cell('notes')) fields.notes = cell('notes')!;
  const outcome = cell('outcome');
  if (outcome) {
    const c = code(outcome);
    if (!c) fail('outcome', `"${outcome}" has no letters or digits`);
    else fields.outcome = { code: c, text: cell('outcomeText') ?? null };
  }

  const currency = cell('currency');
  const metrics: NonNullable<InteractionCreate['metrics']> = [];
  for (const [target, { cell: c }] of v) {
    if (!target.startsWith('metrics.')) continue;
    const a = amountOf(c);
    if (!a) { fail(target, `"${c}" is not an amount (like 1250.50, 1,250.50 or EUR 1250)`); continue; }
    const cur = a.currency ?? currency?.toUpperCase();
    metrics.push({ kind: target.slice(8), amount: a.amount, ...(cur ? { currency: cur } : {}) });
  }
  if (metrics.length) fields.metrics = metrics;
  const externalId = cell('externalId') ?? null;
  if (externalId) fields.source = { system: source, externalId };

  const contacts: InteractionDraft['contacts'] = [];
  const before = problems.length;
  for (const [t, by] of [['contactId', 'id'], ['contactExternalId', 'source'], ['contactEmail', 'email']] as const) {
    const x = v.get(t);
    if (!x) continue;
    for (const value of splitList(x.cell)) {
      if (by === 'email') {
        const emails = emailsOf(value);
        for (const email of emails) contacts.push({ column: x.column, value: email, by });
        if (emails.length === 0) problems.push(`${x.column}: "${value}" has no email address`);
      } else if (by === 'id' && !isUuid(value)) problems.push(`${x.column}: "${value}" is not a Rapport contact id`);
      else contacts.push({ column: x.column, value, by });
    }
  }
  if (contacts.length === 0 && problems.length === before) {
    problems.push('participants: no contact (map a column to contactEmail, contactExternalId or contactId)');
  }
  let company: InteractionDraft['company'] = null;
  for (const [t, by] of [['companyId', 'id'], ['companyExternalId', 'source'], ['companyName', 'name']] as const) {
    const x = v.get(t);
    if (!x || company) continue;
    const value = splitList(x.cell)[0]!;
    if (by === 'id' && !isUuid(value)) problems.push(`${x.column}: "${value}" is not a Rapport company id`);
    else company = { column: x.column, value, by };
  }
  const ownerCell = v.get('owner');
  let owner: Ref | null = null;
  if (ownerCell) {
    const emails = emailsOf(ownerCell.cell);
    const value = isUuid(ownerCell.cell) ? ownerCell.cell : emails.length === 1 ? emails[0]! : null;
    if (value) owner = { column: ownerCell.column, value };
    else if (emails.length > 1) problems.push(`${ownerCell.column}: "${ownerCell.cell}" names more than one user`);
    else problems.push(`${ownerCell.column}: "${ownerCell.cell}" is neither a user's email nor a Rapport user id`);
  }
  const campaignCell = v.get('campaign');
  const campaign = campaignCell ? { column: campaignCell.column, value: campaignCell.cell } : null;

  const draft: InteractionDraft = { fields, contacts, company, owner, campaign, problems };
  return { input: draft as unknown as Record<string, unknown>, rapportId: cell('rapportId') ?? null, externalId, companyNames: [] };
}
