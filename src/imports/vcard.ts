// A small vCard 3.0 / 4.0 reader: unfolds continued lines, splits properties and parameters,
// unescapes values, and turns each card into a contact input like a mapped CSV row (N, FN, EMAIL,
// TEL, ADR, ORG, TITLE, BDAY, NOTE, CATEGORIES, UID, and Rapport's own X-RAPPORT-* properties).
// Streaming: cards are yielded as their END:VCARD line arrives. Pure: no database, no web.
import { countryCode, isoDate, type MappedContact } from './mapping.ts';

export interface VcardProperty {
  name: string;
  params: Record<string, string[]>;
  value: string;
}
export interface Vcard {
  /** 1-based line of BEGIN:VCARD. */
  line: number;
  raw: string;
  props: VcardProperty[];
}

/** Cards from a text stream; text outside BEGIN/END is ignored. */
export async function* vcardCards(text: AsyncIterable<string>, onSkip: (line: number, raw: string, reason: string) => void): AsyncGenerator<Vcard> {
  let buffer = '';
  let lineNo = 0;
  let card: { line: number; lines: string[]; raw: string[] } | null = null;
  const physical = async function* () {
    for await (const chunk of text) {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        yield buffer.slice(0, nl).replace(/\r$/, '');
        buffer = buffer.slice(nl + 1);
      }
    }
    if (buffer) yield buffer.replace(/\r$/, '');
  };
  for await (const line of physical()) {
    lineNo++;
    if (card && /^[ \t]/.test(line) && card.lines.length) {
      card.lines[card.lines.length - 1] += line.slice(1); // folded: drop the break and one blank
      card.raw.push(line);
      continue;
    }
    const upper = line.trim().toUpperCase();
    if (upper === 'BEGIN:VCARD') {
      if (card) onSkip(card.line, card.raw.join('\n'), 'BEGIN:VCARD without END:VCARD');
      card = { line: lineNo, lines: [], raw: [line] };
      continue;
    }
    if (!card) continue;
    card.raw.push(line);
    if (upper === 'END:VCARD') {
      yield { line: card.line, raw: card.raw.join('\r\n'), props: card.lines.filter((l) => l.trim()).map(parseProperty) };
      card = null;
    } else card.lines.push(line);
  }
  if (card) onSkip(card.line, card.raw.join('\n'), 'BEGIN:VCARD without END:VCARD');
}

function parseProperty(line: string): VcardProperty {
  let quoted = false;
  let colon = -1;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"') quoted = !quoted;
    else if (line[i] === ':' && !quoted) { colon = i; break; }
  }
  const head = colon < 0 ? line : line.slice(0, colon);
  const value = colon < 0 ? '' : line.slice(colon + 1);
  const [nameWithGroup, ...paramParts] = head.split(';');
  const name = nameWithGroup!.replace(/^.*\./, '').toUpperCase();
  const params: Record<string, string[]> = {};
  for (const p of paramParts) {
    const eq = p.indexOf('=');
    // vCard 2.1 style bare parameters ("TEL;CELL:") are types.
    const key = eq < 0 ? 'TYPE' : p.slice(0, eq).toUpperCase();
    const values = (eq < 0 ? p : p.slice(eq + 1)).replace(/^"|"$/g, '').split(',').map((s) => s.toLowerCase());
    (params[key] ??= []).push(...values);
  }
  return { name, params, value };
}

/** Splits a structured value on unescaped `sep`, then unescapes each part. */
export function splitValue(value: string, sep: ';' | ','): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\' && i + 1 < value.length) { current += c + value[++i]; continue; }
    if (c === sep) { parts.push(current); current = ''; continue; }
    current += c;
  }
  parts.push(current);
  return parts.map(unescapeText);
}

export const unescapeText = (s: string) => s.replace(/\\([\\;,nN])/g, (_m, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
export const escapeText = (s: string) => s.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r?\n/g, '\\n');

// vCard types that say how, not what kind: they are not a Rapport type.
const technical = new Set(['pref', 'voice', 'internet', 'text', 'x400', 'msg', 'postal', 'parcel', 'dom', 'intl']);
const typeOf = (p: VcardProperty, fallback: string) => {
  const types = (p.params['TYPE'] ?? []).filter((t) => !technical.has(t));
  if (types.includes('cell') || types.includes('mobile')) return 'mobile';
  return types.find((t) => t !== 'fax') ?? (types.includes('fax') ? 'other' : fallback);
};
const isPreferred = (p: VcardProperty) => (p.params['TYPE'] ?? []).includes('pref') || (p.params['PREF']?.[0] ?? '') === '1';
const orderPreferred = <T extends { primary: boolean }>(items: T[]) => {
  const first = Math.max(0, items.findIndex((i) => i.primary));
  return items.map((item, i) => ({ ...item, primary: i === first }));
};

export interface CardContact extends MappedContact {
  /** NOTE values, for a note on a new contact (contacts have no free-text field of their own). */
  notes: string[];
}

export function cardToContact(card: Vcard, source: string): CardContact {
  const input: Record<string, unknown> = {};
  const one = (name: string) => card.props.find((p) => p.name === name);
  const all = (name: string) => card.props.filter((p) => p.name === name);
  const n = one('N');
  if (n) {
    const [family, given, middle, prefix, suffix] = splitValue(n.value, ';').map((s) => s.split(',').join(' ').trim());
    if (family) input['familyName'] = family;
    if (given) input['givenName'] = given;
    if (middle) input['middleName'] = middle;
    if (prefix) input['prefix'] = prefix;
    if (suffix) input['suffix'] = suffix;
  }
  const fn = one('FN');
  if (fn && !input['familyName'] && !input['givenName']) {
    const parts = unescapeText(fn.value).trim().split(/\s+/).filter(Boolean);
    if (parts.length > 1) input['familyName'] = parts.pop();
    if (parts.length) input['givenName'] = parts.join(' ');
  }
  const emails = all('EMAIL').map((p) => ({ address: unescapeText(p.value).trim(), type: typeOf(p, 'work'), primary: isPreferred(p) })).filter((e) => e.address);
  if (emails.length) input['emails'] = orderPreferred(emails);
  const phones = all('TEL').map((p) => ({ number: unescapeText(p.value).replace(/^tel:/i, '').trim(), type: typeOf(p, 'work'), primary: isPreferred(p) })).filter((t) => t.number);
  if (phones.length) input['phones'] = orderPreferred(phones);
  const addresses = all('ADR').map((p) => {
    const [, extended, street, city, region, postalCode, country] = splitValue(p.value, ';').map((s) => s.trim());
    const [line1, ...more] = (street ?? '').split('\n');
    const line2 = [...more, extended ?? ''].filter(Boolean).join(', ');
    return {
      type: typeOf(p, 'work'), primary: isPreferred(p),
      ...(line1 ? { line1 } : {}), ...(line2 ? { line2 } : {}), ...(city ? { city } : {}), ...(region ? { region } : {}),
      ...(postalCode ? { postalCode } : {}), ...(country ? { country: countryCode(country) } : {}),
    };
  }).filter((a) => Object.keys(a).length > 2);
  if (addresses.length) input['addresses'] = orderPreferred(addresses);
  const title = one('TITLE');
  if (title) input['jobTitle'] = unescapeText(title.value).trim();
  const bday = one('BDAY');
  if (bday?.value) input['birthDate'] = isoDate(bday.value);
  const categories = all('CATEGORIES').flatMap((p) => splitValue(p.value, ',')).map((s) => s.trim()).filter(Boolean);
  if (categories.length) input['tags'] = categories;
  const sources = all('X-RAPPORT-SOURCE-ID').map((p) => unescapeText(p.value)).flatMap((v) => {
    const at = v.indexOf(':');
    return at > 0 ? [{ system: v.slice(0, at), externalId: v.slice(at + 1) }] : [];
  });
  const rapportId = one('X-RAPPORT-ID')?.value.trim() || null;
  // A card Rapport wrote names its own id in UID; any other UID is the source system's id.
  const uid = one('UID')?.value.trim().replace(/^urn:uuid:/i, '') || null;
  const externalId = uid && uid !== rapportId ? uid : null;
  if (externalId) sources.unshift({ system: source, externalId });
  if (sources.length) input['sourceIdentifiers'] = sources;
  const companyNames = all('ORG').map((p) => splitValue(p.value, ';')[0]!.trim()).filter(Boolean);
  const notes = all('NOTE').map((p) => unescapeText(p.value).trim()).filter(Boolean);
  return { input, rapportId, externalId, companyNames, notes };
}
