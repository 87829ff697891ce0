// Derived enrichment: values worked out from what a record already holds, with no outside calls.
// A company name suggested by a work email's domain, a country and time zone from a phone
// number, an age band from a birth date. Each value carries its provenance (source 'derived',
// what it came from, when, how sure) and lives in its own column: it never replaces a value a
// person typed, and is not derived at all where the person already typed one.
import { phoneCountry } from '../contacts/normalize.ts';
import { isFreeMail } from '../reference/free-mail.ts';
import { isCountryCode } from '../reference/countries.ts';
import { primaryTimeZone } from '../reference/time-zones.ts';
import type { EmailAddress, PhoneNumber, PostalAddress } from '../contacts/types.ts';

export interface Derived {
  value: string;
  /** derived: worked out here; provider: sent back by an enrichment provider (see provider.ts). */
  source: 'derived' | 'provider';
  from: string;
  at: string;
  confidence: number;
}
export type Enrichment = Partial<Record<'companyName' | 'country' | 'timeZone' | 'ageBand' | 'industry' | 'jobTitle' | 'website' | 'linkedinUrl', Derived>>;

// Public suffixes under which the registrable name is the third label ("acme.co.uk").
const secondLevel = /\.(co|com|org|net|gov|ac|edu|ltd|plc|gob|nic|or|ne)\.[a-z]{2}$/;

/** "mail.acme-corp.co.uk" -> "Acme Corp"; null when nothing name-like is left. */
export function companyNameFromDomain(domain: string): string | null {
  const d = domain.toLowerCase().replace(/\.$/, '');
  const labels = d.split('.');
  const keep = secondLevel.test(d) ? 3 : 2;
  const label = labels.length >= keep ? labels[labels.length - keep]! : labels[0]!;
  const words = label.split(/[-_]+/).filter((w) => w.length > 0);
  if (words.length === 0 || /^\d+$/.test(label)) return null;
  return words.map((w) => (w.length <= 3 && words.length === 1 ? w.toUpperCase() : w[0]!.toUpperCase() + w.slice(1))).join(' ');
}

/** Age band of someone born on `birthDate` (YYYY-MM-DD) as of `today`. */
export function ageBand(birthDate: string, today: string): string | null {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  const age = ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
  if (age < 0 || age > 130) return null;
  const bands: Array<[number, string]> = [[18, 'under 18'], [25, '18-24'], [35, '25-34'], [45, '35-44'], [55, '45-54'], [65, '55-64']];
  return bands.find(([limit]) => age < limit)?.[1] ?? '65+';
}

const first = <T extends { primary: boolean }>(xs: T[] | undefined) => xs?.find((x) => x.primary) ?? xs?.[0];

function countryOfPhones(phones: PhoneNumber[] | undefined): string | null {
  const e164 = first(phones)?.e164;
  return e164 ? phoneCountry(e164) : null;
}

interface Sources {
  emails?: EmailAddress[] | undefined; phones?: PhoneNumber[] | undefined; addresses?: PostalAddress[] | undefined; birthDate?: string | null | undefined;
}

/**
 * The derived values of a record. `previous` keeps each unchanged value's original time, so a
 * save that changes nothing relevant does not churn the history.
 */
export function deriveEnrichment(r: Sources, previous: Enrichment | null | undefined, now: Date): Enrichment {
  const at = now.toISOString();
  const out: Enrichment = {};
  const put = (key: keyof Enrichment, value: string | null, from: string, confidence: number) => {
    if (!value) return;
    const old = previous?.[key];
    out[key] = { value, source: 'derived', from, at: old && old.value === value && old.from === from ? old.at : at, confidence };
  };
  const email = first(r.emails)?.address;
  const domain = email?.includes('@') ? email.split('@')[1]! : null;
  if (domain && !isFreeMail(domain)) put('companyName', companyNameFromDomain(domain), 'email domain', 0.5);

  const typedCountry = first(r.addresses)?.country;
  const fromPhone = countryOfPhones(r.phones);
  if (!isCountryCode(typedCountry) && fromPhone) put('country', fromPhone, 'phone number', 0.7);
  const country = isCountryCode(typedCountry) ? typedCountry : fromPhone;
  const zone = country ? primaryTimeZone(country) : null;
  if (zone) put('timeZone', zone.zone, isCountryCode(typedCountry) ? 'address country' : 'phone number', zone.confidence);

  if (r.birthDate) put('ageBand', ageBand(r.birthDate, at.slice(0, 10)), 'birth date', 1);
  // What a provider sent stays until the provider is asked again; it outranks a derivation.
  for (const [k, v] of Object.entries(previous ?? {})) if (v?.source === 'provider') out[k as keyof Enrichment] = v;
  return out;
}
