// Column mapping for contact imports (companies: company-mapping.ts): the fields a column can feed, the mapping suggested from a
// file's headers (Rapport's own export, HubSpot and Salesforce exports, common spreadsheets), and
// one mapped row turned into a contact input in the API's own shape. Pure: no database, no web.
import { unneutralise } from '../exports/csv.ts';

export const contactTargets = [
  'rapportId', 'externalId', 'sourceIdentifiers',
  'prefix', 'givenName', 'middleName', 'familyName', 'suffix', 'fullName',
  'jobTitle', 'lifecycleStage', 'tier',
  'email', 'otherEmails', 'phone', 'mobilePhone', 'homePhone', 'otherPhones',
  'street', 'street2', 'city', 'region', 'postalCode', 'country',
  'birthDate', 'companyName', 'tags', 'ownerId', 'teamId',
  'ignore',
] as const;
export type ContactTarget = (typeof contactTargets)[number];
/** header -> target (a ContactTarget or customFields.<key>) */
export type Mapping = Record<string, string>;

export const isTarget = (t: string) => (contactTargets as readonly string[]).includes(t) || /^customFields\.[A-Za-z0-9_]{1,60}$/.test(t);

// Header spellings, compared folded (lower case, letters and digits only).
const synonyms: Record<Exclude<ContactTarget, 'ignore'>, string[]> = {
  rapportId: ['rapport id'],
  externalId: ['record id', 'contact id', 'id', 'external id', 'externalid', 'uid', 'contact record id', 'customer id', 'legacy id'],
  sourceIdentifiers: ['source identifiers'],
  prefix: ['prefix', 'salutation', 'title prefix', 'name prefix'],
  givenName: ['first name', 'firstname', 'given name', 'forename', 'first'],
  middleName: ['middle name', 'middlename', 'middle'],
  familyName: ['last name', 'lastname', 'family name', 'surname', 'last'],
  suffix: ['suffix', 'name suffix'],
  fullName: ['full name', 'name', 'contact name'],
  jobTitle: ['job title', 'title', 'position', 'role'],
  lifecycleStage: ['lifecycle stage', 'lifecyclestage'],
  tier: ['tier', 'segment'],
  email: ['email', 'email address', 'e-mail', 'primary email', 'work email', 'e-mail address'],
  otherEmails: ['other emails', 'additional email addresses', 'secondary email', 'email 2', 'personal email'],
  phone: ['phone', 'phone number', 'telephone', 'work phone', 'business phone', 'primary phone'],
  mobilePhone: ['mobile phone number', 'mobile phone', 'mobile', 'mobilephone', 'cell', 'cell phone'],
  homePhone: ['home phone', 'homephone', 'home phone number'],
  otherPhones: ['other phones', 'other phone', 'otherphone', 'fax'],
  street: ['street address', 'street', 'address', 'address line 1', 'mailingstreet', 'mailing street', 'address 1'],
  street2: ['street address 2', 'street 2', 'address line 2', 'address 2'],
  city: ['city', 'town', 'mailingcity', 'mailing city'],
  region: ['state/region', 'state', 'region', 'province', 'county', 'mailingstate', 'mailing state', 'state/province'],
  postalCode: ['postal code', 'zip', 'zip code', 'postcode', 'mailingpostalcode', 'mailing zip/postal code', 'zip/postal code'],
  country: ['country/region', 'country', 'mailingcountry', 'mailing country'],
  birthDate: ['birthdate', 'birth date', 'date of birth', 'birthday', 'dob'],
  companyName: ['company name', 'company', 'account name', 'organization', 'organisation', 'employer', 'companies', 'associated company'],
  tags: ['tags', 'labels', 'categories'],
  ownerId: ['owner id'],
  teamId: ['team id'],
};

export const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9/]+/g, ' ').trim();

/** A suggester from a table of header spellings per target. */
export function suggester(table: Record<string, string[]>, isKnown: (t: string) => boolean) {
  const bySpelling = new Map<string, string>();
  for (const [target, names] of Object.entries(table)) for (const n of names) bySpelling.set(fold(n), target);
  /** A target for each header; each target is suggested once (the first header that names it wins). */
  return (headers: string[], saved: Mapping = {}): Mapping => {
    const out: Mapping = {};
    const used = new Set<string>();
    for (const h of headers) {
      const t = saved[h] && isKnown(saved[h]) ? saved[h] : bySpelling.get(fold(h));
      if (t && t !== 'ignore' && !used.has(t)) {
        out[h] = t;
        used.add(t);
      } else out[h] = 'ignore';
    }
    return out;
  };
}

export const suggestMapping = suggester(synonyms, isTarget);

/** Country names (English) and codes to ISO 3166-1 alpha-2, from the runtime's own region names. */
const countryCodes = (() => {
  const names = new Intl.DisplayNames(['en'], { type: 'region' });
  const map = new Map<string, string>();
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      let name: string | undefined;
      try { name = names.of(code); } catch { name = undefined; }
      // First wins: GB before UK (an alias the runtime also names "United Kingdom").
      if (name && name !== code && !map.has(fold(name))) {
        map.set(fold(name), code);
        map.set(code.toLowerCase(), code);
      }
    }
  }
  for (const [alias, code] of [['usa', 'US'], ['united states of america', 'US'], ['uk', 'GB'], ['england', 'GB'], ['great britain', 'GB'], ['deutschland', 'DE'], ['holland', 'NL']] as const) map.set(alias, code);
  return map;
})();

export const countryCode = (value: string): string => countryCodes.get(fold(value)) ?? value;

/** 2024-03-01, 2024-03-01T..., 20240301 -> 2024-03-01; anything else as it came (the schema names it). */
export function isoDate(value: string): string {
  const v = value.trim();
  const m = /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ].*)?$/.exec(v);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : v;
}

export const splitList = (value: string) => value.split(/\s*[;\n]\s*/).map((s) => s.trim()).filter(Boolean);

export interface MappedContact {
  /** The contact in the shape POST /contacts accepts (to be validated by its schema). */
  input: Record<string, unknown>;
  rapportId: string | null;
  externalId: string | null;
  companyNames: string[];
}

/** A row's cells by target (two columns mapped to one target are joined with "; "); empty cells are absent. */
export function cellsByTarget(cells: Record<string, string>, mapping: Mapping) {
  const v: Partial<Record<string, string>> = {};
  const custom: Record<string, string> = {};
  for (const [header, target] of Object.entries(mapping)) {
    const cell = unneutralise(cells[header] ?? '').trim();
    if (!cell || target === 'ignore') continue;
    if (target.startsWith('customFields.')) custom[target.slice(13)] = cell;
    else v[target] = v[target] ? `${v[target]}; ${cell}` : cell;
  }
  return { v, custom };
}

/** The source identifiers of a row: its external id under the import's source, and any listed "system:id". */
export function sourcesOf(v: Partial<Record<string, string>>, source: string) {
  const sources: Array<{ system: string; externalId: string }> = [];
  if (v['externalId']) sources.push({ system: source, externalId: v['externalId'] });
  for (const pair of v['sourceIdentifiers'] ? splitList(v['sourceIdentifiers']) : []) {
    const at = pair.indexOf(':');
    if (at > 0) sources.push({ system: pair.slice(0, at), externalId: pair.slice(at + 1) });
  }
  return sources;
}

/** One address from street/street2/city/region/postalCode/country cells, or none. */
export function addressOf(v: Partial<Record<string, string>>) {
  if (!(v['street'] || v['street2'] || v['city'] || v['region'] || v['postalCode'] || v['country'])) return undefined;
  return {
    ...(v['street'] ? { line1: v['street'] } : {}), ...(v['street2'] ? { line2: v['street2'] } : {}),
    ...(v['city'] ? { city: v['city'] } : {}), ...(v['region'] ? { region: v['region'] } : {}),
    ...(v['postalCode'] ? { postalCode: v['postalCode'] } : {}), ...(v['country'] ? { country: countryCode(v['country']) } : {}),
    primary: true,
  };
}

/** One row (header -> cell) through a mapping. Empty cells are absent: they never clear a value. */
export function mapContactRow(cells: Record<string, string>, mapping: Mapping, source: string): MappedContact {
  const { v, custom } = cellsByTarget(cells, mapping);
  const input: Record<string, unknown> = {};
  const text = ['prefix', 'givenName', 'middleName', 'familyName', 'suffix', 'jobTitle', 'tier', 'ownerId', 'teamId'] as const;
  for (const k of text) if (v[k]) input[k] = v[k];
  if (v.fullName && !v.givenName && !v.familyName) {
    const parts = v.fullName.split(/\s+/);
    if (parts.length > 1) input['familyName'] = parts.pop();
    input['givenName'] = parts.join(' ');
  }
  if (v.lifecycleStage) input['lifecycleStage'] = v.lifecycleStage.toLowerCase();
  const emails = [...(v.email ? splitList(v.email) : []), ...(v.otherEmails ? splitList(v.otherEmails) : [])];
  if (emails.length) input['emails'] = emails.map((address, i) => ({ address, primary: i === 0 }));
  const phones = [
    ...(v.phone ? splitList(v.phone).map((number) => ({ number, type: 'work' })) : []),
    ...(v.mobilePhone ? splitList(v.mobilePhone).map((number) => ({ number, type: 'mobile' })) : []),
    ...(v.homePhone ? splitList(v.homePhone).map((number) => ({ number, type: 'home' })) : []),
    ...(v.otherPhones ? splitList(v.otherPhones).map((number) => ({ number, type: 'other' })) : []),
  ];
  if (phones.length) input['phones'] = phones.map((p, i) => ({ ...p, primary: i === 0 }));
  const address = addressOf(v);
  if (address) input['addresses'] = [address];
  if (v.birthDate) input['birthDate'] = isoDate(v.birthDate);
  if (v.tags) input['tags'] = splitList(v.tags);
  if (Object.keys(custom).length) input['customFields'] = custom;
  const sources = sourcesOf(v, source);
  const externalId = v.externalId ?? null;
  if (sources.length) input['sourceIdentifiers'] = sources;
  return { input, rapportId: v.rapportId ?? null, externalId, companyNames: v.companyName ? splitList(v.companyName) : [] };
}
