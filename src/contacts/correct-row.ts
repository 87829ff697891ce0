// The correction a contact gets on write, as one pure call an importer (or a form preview) can
// make on a raw row before writing it: the corrected values and the quality issues the stored
// record would carry. Nothing is dropped: a value that cannot be corrected stays as typed and is
// reported; a birth date that is no real day is reported with what was typed (the date column
// cannot hold it).
import { assessContact, type QualityIssue } from '../quality/assess.ts';
import {
  normalizeAddresses, normalizeDate, normalizeEmails, normalizeName, normalizePhones, primaryOf,
} from './normalize.ts';
import type { EmailAddress, PhoneNumber, PostalAddress } from './types.ts';

export interface RawContact {
  prefix?: string | null; givenName?: string | null; middleName?: string | null; familyName?: string | null; suffix?: string | null;
  emails?: Array<{ address: string; type?: string; primary?: boolean }>;
  phones?: Array<{ number: string; type?: string; primary?: boolean }>;
  addresses?: Array<Partial<PostalAddress>>;
  birthDate?: string | null;
  jobTitle?: string | null;
}

export interface CorrectedContact {
  prefix: string | null; givenName: string | null; middleName: string | null; familyName: string | null; suffix: string | null;
  emails: EmailAddress[]; phones: PhoneNumber[]; addresses: PostalAddress[]; birthDate: string | null;
}

/** Corrects a raw row. `monthFirst` reads 02/03/1990 as February 3 (US files). */
export function correctContactRow(raw: RawContact, opts: { monthFirst?: boolean } = {}): { values: CorrectedContact; issues: QualityIssue[]; completeness: number } {
  const addresses = normalizeAddresses(raw.addresses ?? []);
  const values: CorrectedContact = {
    prefix: normalizeName(raw.prefix), givenName: normalizeName(raw.givenName), middleName: normalizeName(raw.middleName),
    familyName: normalizeName(raw.familyName), suffix: normalizeName(raw.suffix),
    emails: normalizeEmails(raw.emails ?? []),
    phones: normalizePhones(raw.phones ?? [], primaryOf(addresses)?.country ?? null),
    addresses,
    birthDate: normalizeDate(raw.birthDate, opts),
  };
  const { qualityIssues, completeness } = assessContact({ ...values, jobTitle: raw.jobTitle ?? null });
  if (raw.birthDate?.trim() && !values.birthDate) {
    qualityIssues.push({ code: 'birth_date_invalid', field: 'birthDate', message: `"${raw.birthDate.trim()}" is not a date` });
  }
  return { values, issues: qualityIssues, completeness };
}
