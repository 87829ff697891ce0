// Correction applied on every write path: trimmed text, normalised emails, phones in E.164 (what
// was typed is kept), display names and the search tokens the search dictionary is built from.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { EmailAddress, PhoneNumber, PostalAddress } from './types.ts';

export const clean = (s: string | null | undefined): string | null => {
  if (s === null || s === undefined) return null;
  const t = s.replace(/\s+/g, ' ').trim();
  return t === '' ? null : t;
};

// Pragmatic RFC 5322 subset: one @, a dotted domain with a 2+ letter TLD, no spaces.
const emailPattern = /^[^\s@"(),:;<>[\\\]]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,}$/;
export const isValidEmail = (s: string) => s.length <= 320 && emailPattern.test(s);

export function normalizeEmails(emails: Array<{ address: string; type?: string | undefined; primary?: boolean | undefined }>): EmailAddress[] {
  const out = emails.map((e) => ({ address: e.address.trim().toLowerCase(), type: e.type ?? 'work', primary: e.primary ?? false }));
  return withOnePrimary(out);
}

export function normalizePhones(
  phones: Array<{ number: string; type?: string | undefined; primary?: boolean | undefined }>,
  country: string | null,
): PhoneNumber[] {
  const out = phones.map((p) => {
    const typed = p.number.trim();
    const parsed = parsePhoneNumberFromString(typed, (country ?? undefined) as CountryCode | undefined);
    return { number: typed, e164: parsed?.isValid() ? parsed.number : null, type: p.type ?? 'work', primary: p.primary ?? false };
  });
  return withOnePrimary(out);
}

export function normalizeAddresses(addresses: Array<Partial<PostalAddress>>): PostalAddress[] {
  const out = addresses.map((a) => ({
    type: a.type ?? 'work',
    line1: clean(a.line1), line2: clean(a.line2), city: clean(a.city), region: clean(a.region),
    postalCode: clean(a.postalCode), country: clean(a.country)?.toUpperCase() ?? null, primary: a.primary ?? false,
  }));
  return withOnePrimary(out);
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
