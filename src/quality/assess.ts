// Data quality of one record, from its stored values alone (so a backfill can recompute it):
// the list of quality issues (code, field, message) and a completeness score 0-100 weighted on
// the fields that make a record usable. Pure: no database, no web.
import { isValidEmail } from '../contacts/normalize.ts';
import { isCountryCode } from '../reference/countries.ts';
import { subdivisionCountries, isSubdivisionOf } from '../reference/subdivisions.ts';
import { checkPostalCode } from '../reference/postal-codes.ts';
import type { EmailAddress, PhoneNumber, PostalAddress } from '../contacts/types.ts';

export interface QualityIssue {
  code: string;
  field: string;
  message: string;
}

export interface Quality {
  qualityIssues: QualityIssue[];
  completeness: number;
}

export interface ContactFacts {
  givenName?: string | null; familyName?: string | null; jobTitle?: string | null; ownerId?: string | null;
  emails?: EmailAddress[]; phones?: PhoneNumber[]; addresses?: PostalAddress[]; birthDate?: string | null;
}

export interface CompanyFacts {
  name?: string | null; domain?: string | null; website?: string | null; industry?: string | null; size?: number | null;
  phones?: PhoneNumber[]; addresses?: PostalAddress[];
}

// Weights sum to 100. A field counts only when present and valid: an unreadable phone is no phone.
const contactWeights = { givenName: 15, familyName: 20, email: 20, phone: 15, address: 15, jobTitle: 5, birthDate: 5, owner: 5 };
const companyWeights = { name: 25, domain: 20, industry: 15, address: 15, phone: 10, website: 10, size: 5 };

function addressIssues(addresses: PostalAddress[], issues: QualityIssue[]) {
  addresses.forEach((a, i) => {
    if (a.country && !isCountryCode(a.country)) {
      issues.push({ code: 'country_unknown', field: `addresses.${i}.country`, message: `"${a.country}" is not a country we know` });
    }
    const country = a.country && isCountryCode(a.country) ? a.country : null;
    if (country && a.region && subdivisionCountries.includes(country) && !isSubdivisionOf(country, a.region)) {
      issues.push({ code: 'region_unknown', field: `addresses.${i}.region`, message: `"${a.region}" is not a subdivision of ${country}` });
    }
    if (a.postalCode && checkPostalCode(country, a.postalCode).valid === false) {
      issues.push({ code: 'postal_code_invalid', field: `addresses.${i}.postalCode`, message: `"${a.postalCode}" is not a valid ${country} postal code` });
    }
  });
}

function phoneIssues(phones: PhoneNumber[], issues: QualityIssue[]) {
  phones.forEach((p, i) => {
    if (!p.e164) issues.push({ code: 'phone_invalid', field: `phones.${i}.number`, message: `"${p.number}" could not be read as a phone number` });
  });
}

const usableAddress = (a: PostalAddress | undefined) => !!a && isCountryCode(a.country) && !!(a.city || a.postalCode || a.line1);
const primary = <T extends { primary: boolean }>(xs: T[] | undefined) => xs?.find((x) => x.primary) ?? xs?.[0];

/** Quality issues and completeness of a contact. `today` (YYYY-MM-DD) judges birth dates. */
export function assessContact(c: ContactFacts, today = new Date().toISOString().slice(0, 10)): Quality {
  const issues: QualityIssue[] = [];
  (c.emails ?? []).forEach((e, i) => {
    if (!isValidEmail(e.address)) issues.push({ code: 'email_invalid', field: `emails.${i}.address`, message: `"${e.address}" is not a valid email address` });
  });
  phoneIssues(c.phones ?? [], issues);
  addressIssues(c.addresses ?? [], issues);
  if (c.birthDate && (c.birthDate > today || c.birthDate < '1900-01-01')) {
    issues.push({ code: 'birth_date_implausible', field: 'birthDate', message: `${c.birthDate} is not a plausible birth date` });
  }
  const w = contactWeights;
  const email = primary(c.emails);
  const phone = primary(c.phones);
  const score = (c.givenName ? w.givenName : 0) + (c.familyName ? w.familyName : 0)
    + (email && isValidEmail(email.address) ? w.email : 0) + (phone?.e164 ? w.phone : 0)
    + (usableAddress(primary(c.addresses)) ? w.address : 0) + (c.jobTitle ? w.jobTitle : 0)
    + (c.birthDate && !issues.some((i) => i.field === 'birthDate') ? w.birthDate : 0) + (c.ownerId ? w.owner : 0);
  return { qualityIssues: issues, completeness: score };
}

export function assessCompany(c: CompanyFacts): Quality {
  const issues: QualityIssue[] = [];
  phoneIssues(c.phones ?? [], issues);
  addressIssues(c.addresses ?? [], issues);
  const w = companyWeights;
  const score = (c.name ? w.name : 0) + (c.domain ? w.domain : 0) + (c.industry ? w.industry : 0)
    + (usableAddress(primary(c.addresses)) ? w.address : 0) + (primary(c.phones)?.e164 ? w.phone : 0)
    + (c.website ? w.website : 0) + (c.size !== null && c.size !== undefined ? w.size : 0);
  return { qualityIssues: issues, completeness: score };
}
