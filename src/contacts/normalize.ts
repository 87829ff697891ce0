// Correction applied on every write path (API, bulk, import, forms): trimmed text, recased names,
// normalised emails, phones in E.164 (what was typed is kept), countries as ISO 3166-1 alpha-2,
// regions as ISO 3166-2, postal codes in their country's written form, display names and the
// search tokens the search dictionary is built from. Pure functions: importers call them on raw
// rows (see correct-row.ts). A value that cannot be corrected is kept as typed; the quality
// assessment (src/quality) then flags it on the record.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { countryCode, isCountryCode } from '../reference/countries.ts';
import { subdivisionCode } from '../reference/subdivisions.ts';
import { checkPostalCode } from '../reference/postal-codes.ts';
import { nameCase } from './name-case.ts';
import type { EmailAddress, PhoneNumber, PostalAddress } from './types.ts';

export { nameCase } from './name-case.ts';

export const clean = (s: string | null | undefined): string | null => {
  if (s === null || s === undefined) return null;
  const t = s.replace(/\s+/g, ' ').trim();
  return t === '' ? null : t;
};

// Pragmatic RFC 5322 subset: one @, a dotted domain with a 2+ letter TLD, no spaces.
const emailPattern = /^[^\s@"(),:;<>[\\\]]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,}$/;
export const isValidEmail = (s: string) => s.length <= 320 && emailPattern.test(s);

/** " <Ada@Example.COM> ", "mailto:ada@example.com" -> "ada@example.com" (check with isValidEmail). */
export const normalizeEmail = (s: string): string =>
  s.trim().replace(/^mailto:/i, '').replace(/^<(.*)>$/, '$1').trim().toLowerCase();

/** Trimmed, and recased only when typed all in capitals or all in lower case. */
export const normalizeName = (s: string | null | undefined): string | null => {
  const t = clean(s);
  return t === null ? null : nameCase(t);
};

/** An ISO 3166-1 alpha-2 code for what was typed, or the typed text when it names no country. */
export const normalizeCountry = (s: string | null | undefined): string | null => {
  const t = clean(s);
  return t === null ? null : (countryCode(t) ?? t);
};

/** An ISO 3166-2 code ("Texas", US -> "US-TX") where we know the country's subdivisions, else as typed. */
export const normalizeRegion = (country: string | null, s: string | null | undefined): string | null => {
  const t = clean(s);
  return t === null ? null : (subdivisionCode(country, t) ?? t);
};

/** The postal code as its country writes it when it is valid there, else as typed. */
export const normalizePostalCode = (country: string | null, s: string | null | undefined): string | null => {
  const t = clean(s);
  return t === null ? null : checkPostalCode(country, t).value;
};

export function normalizeEmails(emails: Array<{ address: string; type?: string | undefined; primary?: boolean | undefined }>): EmailAddress[] {
  const out = emails.map((e) => ({ address: normalizeEmail(e.address), type: e.type ?? 'work', primary: e.primary ?? false }));
  return withOnePrimary(out);
}

// The country of numbers parsed lately: enrichment asks right after the write parsed them, and
// parsing with full metadata is the costliest step of a write's correction. Bounded.
const countryByE164 = new Map<string, string>();
function rememberCountry(e164: string, country: string) {
  if (countryByE164.size >= 10_000) countryByE164.clear();
  countryByE164.set(e164, country);
}

/** The country an E.164 number belongs to ("+442079460000" -> "GB"), or null. */
export function phoneCountry(e164: string): string | null {
  const known = countryByE164.get(e164);
  if (known) return known;
  const country = parsePhoneNumberFromString(e164)?.country ?? null;
  if (country) rememberCountry(e164, country);
  return country;
}

export function normalizePhones(
  phones: Array<{ number: string; type?: string | undefined; primary?: boolean | undefined }>,
  country: string | null,
): PhoneNumber[] {
  const out = phones.map((p) => {
    const typed = p.number.trim();
    // A country that is not an ISO code (kept as typed) cannot guide parsing.
    const parsed = parsePhoneNumberFromString(typed, (isCountryCode(country) ? country : undefined) as CountryCode | undefined);
    const e164 = parsed?.isValid() ? parsed.number : null;
    if (e164 && parsed?.country) rememberCountry(e164, parsed.country);
    return { number: typed, e164, type: p.type ?? 'work', primary: p.primary ?? false };
  });
  return withOnePrimary(out);
}

export function normalizeAddresses(addresses: Array<Partial<PostalAddress>>): PostalAddress[] {
  const out = addresses.map((a) => {
    const country = normalizeCountry(a.country);
    const iso = country && countryCode(country);
    return {
      type: a.type ?? 'work',
      line1: clean(a.line1), line2: clean(a.line2), city: clean(a.city), region: normalizeRegion(iso ?? null, a.region),
      postalCode: normalizePostalCode(iso ?? null, a.postalCode), country, primary: a.primary ?? false,
    };
  });
  return withOnePrimary(out);
}

/** A real calendar day as YYYY-MM-DD, or null. */
export function isoDate(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/**
 * A typed date as YYYY-MM-DD: ISO (also with a time), YYYY/MM/DD, YYYYMMDD, and day-first
 * D.M.YYYY or D/M/YYYY (month-first M/D/YYYY when `monthFirst`, as US files write it). null when
 * it is no real day in any of these forms.
 */
export function normalizeDate(s: string | null | undefined, opts: { monthFirst?: boolean } = {}): string | null {
  const t = clean(s);
  if (!t) return null;
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(t);
  if (!m) return null;
  const [a, b, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return opts.monthFirst && !t.includes('.') ? isoDate(y, a, b) : isoDate(y, b, a);
}

/** Exactly one primary per list when it is not empty: the first flagged one, else the first. */
function withOnePrimary<T extends { primary: boolean }>(items: T[]): T[] {
  const first = Math.max(0, items.findIndex((i) => i.primary));
  return items.map((item, i) => ({ ...item, primary: i === first }));
}

export const primaryOf = <T extends { primary: boolean }>(items: T[]): T | undefined => items.find((i) => i.primary);

export function displayNameOf(p: { prefix?: string | null; givenName?: string | null; middleName?: string | null; familyName?: string | null; suffix?: string | null }, fallback: string | null): string {
  const name = [p.givenName, p.middleName, p.familyName].filter(Boolean).join(' ');
  return name || fallback || '(no name)';
}

/** Lower case without accents: the form both the dictionary and queries use. */
export const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

export function wordsOf(s: string | null | undefined): string[] {
  if (!s) return [];
  return fold(s).split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
}

export function searchTokens(parts: { names: Array<string | null | undefined>; emails?: string[]; phones?: PhoneNumber[] }): string[] {
  const tokens = new Set<string>();
  for (const n of parts.names) for (const w of wordsOf(n)) tokens.add(w);
  for (const e of parts.emails ?? []) {
    tokens.add(fold(e));
    for (const w of wordsOf(e.split('@')[0])) tokens.add(w);
  }
  for (const p of parts.phones ?? []) {
    const digits = (p.e164 ?? p.number).replace(/\D/g, '');
    if (digits.length >= 4) tokens.add(digits);
  }
  return [...tokens].filter((t) => t.length <= 200);
}
