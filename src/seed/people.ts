// Generated companies and contacts, shaped as API create input: the benchmark posts the same
// objects through POST /contacts/bulk that the seed writes straight into the tables.
import type { ContactCreate } from '../contacts/schemas.ts';
import { fold } from '../contacts/normalize.ts';
import type { Random } from './random.ts';
import type { CompanyInput } from './rows.ts';
import { cultures, culturesByCountry, prefixes, suffixes, type Culture } from './names.ts';
import { countryByCode, pickCountry, postalCode, type Country } from './places.ts';

const DAY = 86_400_000;

/** Counters that keep emails, domains and fictional phone numbers distinct across a data set. */
export class Uniques {
  private readonly seen = new Map<string, number>();
  private readonly phones = new Map<string, number>();

  /** value, or value with a number added before `at` when it was handed out before. */
  claim(value: string, insert: (v: string, n: number) => string): string {
    const n = this.seen.get(value) ?? 0;
    this.seen.set(value, n + 1);
    return n === 0 ? value : insert(value, n + 1);
  }

  nextPhone(country: Country, r: Random): string {
    const k = this.phones.get(country.code) ?? 0;
    this.phones.set(country.code, k + 1);
    return country.phone(r, k);
  }
}

// Letters NFKD cannot take apart, spelled the way their owners type them in an address.
const spelled: Record<string, string> = { ł: 'l', ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss', đ: 'd', ı: 'i' };

/** Letters and digits only, accents folded: the local part of an address or a domain label. */
export const slug = (s: string, sep = '') =>
  fold(s).replace(/[łøæœßđı]/g, (c) => spelled[c] ?? c).replace(/[^a-z0-9]+/g, sep).replace(/^-+|-+$/g, '');

const legalForms: Record<string, readonly string[]> = {
  US: ['Inc.', 'LLC', 'Corp.'], GB: ['Ltd', 'plc', 'LLP'], DE: ['GmbH', 'AG', 'KG'], FR: ['SAS', 'SA'], CA: ['Inc.', 'Ltd.'], AU: ['Pty Ltd'],
};
const brandWords = ['Northwind', 'Blue Harbor', 'Granite', 'Summit', 'Evergreen', 'Ironbridge', 'Meridian', 'Crescent', 'Alder', 'Beacon', 'Kestrel',
  'Lakeshore', 'Orchard', 'Pinecrest', 'Redwood', 'Silverline', 'Tidewater', 'Westmoor', 'Brightwater', 'Copperfield', 'Halcyon', 'Juniper'];
const corporateNouns = ['Analytics', 'Logistics', 'Foods', 'Energy', 'Biotech', 'Media', 'Realty', 'Robotics', 'Textiles', 'Software', 'Engineering', 'Health'];
const industriesByNoun: Record<string, string> = {
  Analytics: 'Technology', Logistics: 'Logistics', Foods: 'Food & Beverage', Energy: 'Energy', Biotech: 'Healthcare', Media: 'Media',
  Realty: 'Real Estate', Robotics: 'Manufacturing', Textiles: 'Manufacturing', Software: 'Technology', Engineering: 'Professional Services', Health: 'Healthcare',
};
const institutionKinds = [
  ['Family Office', 'Family Office'], ['Foundation', 'Foundation'], ["Teachers' Pension Fund", 'Pension Fund'], ['Endowment', 'Endowment'],
  ['Insurance', 'Insurance'], ['Asset Management', 'Asset Management'], ['Trust', 'Trust'],
] as const;
const companyTags = ['esg', 'top-100', 'referral', 'conference-2025', 'board-network', 'watchlist'];

export interface CompanyDraft {
  input: CompanyInput;
  country: string;
  institutional: boolean;
}

export function companyDraft(r: Random, u: Uniques): CompanyDraft {
  const country = pickCountry(r);
  const institutional = r.chance(0.35);
  const family = r.pick(r.pick(cultures).family);
  let name: string;
  let industry: string;
  if (institutional) {
    const [kind, ind] = r.pick(institutionKinds);
    name = `${r.chance(0.5) ? family : r.pick(brandWords)} ${kind}`;
    industry = ind;
  } else {
    const noun = r.pick(corporateNouns);
    const core = r.chance(0.4) ? `${family} & ${r.pick(r.pick(cultures).family)}` : `${r.pick(brandWords)} ${noun}`;
    name = `${core} ${r.pick(legalForms[country.code] ?? ['Inc.'])}`;
    industry = r.chance(0.4) ? 'Professional Services' : (industriesByNoun[noun] ?? 'Technology');
  }
  name = u.claim(name, (v, n) => `${v} (${n})`);
  const domain = u.claim(`${slug(name.replace(/\((\d+)\)$/, '$1'), '-')}.example`, (v, n) => v.replace(/\.example$/, `-${n}.example`));
  const city = r.pick(country.cities);
  return {
    country: country.code,
    institutional,
    input: {
      name, domain, website: `https://www.${domain}`, industry,
      size: Math.round(r.logUniform(institutional ? 5 : 10, institutional ? 800 : 25_000)),
      description: institutional
        ? `${industry} based in ${city.city}; long-term allocator across public and private markets.`
        : `${industry} company headquartered in ${city.city}.`,
      phones: [{ number: u.nextPhone(country, r), type: 'main' }],
      addresses: [{ type: 'office', line1: country.street(r), city: city.city, region: city.region, postalCode: postalCode(r, city.postal), country: country.code }],
      tags: r.chance(0.4) ? [r.pick(companyTags)] : [],
    },
  };
}

const jobTitles = {
  corporate: ['Chief Executive Officer', 'Chief Financial Officer', 'Founder', 'Managing Director', 'VP Finance', 'Head of Treasury', 'General Counsel', 'Partner', 'Controller'],
  institutional: ['Chief Investment Officer', 'Portfolio Manager', 'Investment Analyst', 'Head of Private Markets', 'Trustee', 'Director of Finance', 'Executive Director'],
};
const contactTags = ['golf', 'esg', 'philanthropy', 'retiree', 'founder', 'family-office', 'newsletter', 'art-collector', 'sailing', 'wine', 'estate-planning'];
const personalDomains = ['example.com', 'example.net', 'example.org'];
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export interface ContactDraft {
  input: ContactCreate;
  country: string;
  culture: string;
  /** Index into the companies passed in, when the contact works at one. */
  companyIndex: number | null;
}

function pickCulture(r: Random, country: Country): Culture {
  const local = culturesByCountry[country.code];
  const key = local && r.chance(0.75) ? r.pick(local) : null;
  return cultures.find((c) => c.key === key) ?? r.pick(cultures);
}

export function contactDraft(r: Random, u: Uniques, companies: readonly CompanyDraft[], now: number): ContactDraft {
  const companyIndex = companies.length && r.chance(0.65) ? r.int(companies.length) : null;
  const company = companyIndex === null ? null : companies[companyIndex]!;
  const country = company && r.chance(0.7) ? countryByCode(company.country) : pickCountry(r);
  const culture = pickCulture(r, country);
  const givenName = r.pick(culture.given);
  const familyName = r.pick(culture.family);
  const middleName = r.chance(0.12) ? (r.chance(0.7) ? `${r.pick(culture.given)[0]}.` : r.pick(culture.given)) : null;
  const local = r.weighted([[`${slug(givenName)}.${slug(familyName)}`, 5], [`${slug(givenName)[0]}${slug(familyName)}`, 3], [`${slug(givenName)}_${slug(familyName)}`, 1]]);
  const emails: NonNullable<ContactCreate['emails']> = [];
  if (company?.input.domain) emails.push({ address: u.claim(`${local}@${company.input.domain}`, (v, n) => v.replace('@', `${n}@`)), type: 'work' });
  if (!company || r.chance(0.35)) emails.push({ address: u.claim(`${local}@${r.pick(personalDomains)}`, (v, n) => v.replace('@', `${n}@`)), type: 'personal' });
  const phones: NonNullable<ContactCreate['phones']> = [];
  if (r.chance(0.85)) phones.push({ number: u.nextPhone(country, r), type: company ? 'work' : 'mobile' });
  if (r.chance(0.2)) phones.push({ number: u.nextPhone(country, r), type: 'home' });
  const city = r.pick(country.cities);
  const addresses = r.chance(0.9)
    ? [{ type: 'home', line1: country.street(r), city: city.city, region: city.region, postalCode: postalCode(r, city.postal), country: country.code }]
    : [];
  const lifecycleStage = r.weighted([['lead', 25], ['prospect', 25], ['client', 40], ['former', 10]] as const);
  const client = lifecycleStage === 'client' || lifecycleStage === 'former';
  const grantedAt = new Date(now - r.int(1000) * DAY).toISOString();
  const input: ContactCreate = {
    prefix: r.chance(0.15) ? r.pick(prefixes) : null,
    givenName, middleName, familyName,
    suffix: r.chance(0.03) ? r.pick(suffixes) : null,
    jobTitle: company ? r.pick(company.institutional ? jobTitles.institutional : jobTitles.corporate) : null,
    lifecycleStage,
    tier: client ? r.weighted([['Platinum', 1], ['Gold', 3], ['Silver', 6]] as const) : null,
    emails, phones, addresses,
    birthDate: r.chance(0.6) ? isoDate(Date.UTC(1940, 0, 1) + r.int(60 * 365) * DAY) : null,
    netWorth: client || r.chance(0.3) ? { amount: Math.round(r.logUniform(250_000, 80_000_000) / 1000) * 1000, currency: country.currency } : null,
    accountNumbers: client ? [{ system: 'custodian', number: `CUS-${String(r.int(1e8)).padStart(8, '0')}` }] : [],
    contractDocuments: client && r.chance(0.5)
      ? [{ name: 'Investment Management Agreement', url: null, signedOn: isoDate(now - r.int(2000) * DAY) }]
      : [],
    consent: {
      email: { status: r.weighted([['granted', 6], ['denied', 1], ['unknown', 3]] as const), at: grantedAt, source: 'onboarding form' },
      ...(phones.length ? { phone: { status: r.weighted([['granted', 5], ['unknown', 5]] as const), at: grantedAt, source: 'onboarding form' } } : {}),
    },
    tags: Array.from({ length: r.weighted([[0, 4], [1, 3], [2, 2], [3, 1]] as const) }, () => r.pick(contactTags)),
  };
  return { input, country: country.code, culture: culture.key, companyIndex };
}
