// Column mapping for company imports: the fields a column can feed, header spellings (Rapport's own
// export, HubSpot company and Salesforce account exports) and one mapped row as a company input in
// the shape POST /companies accepts. Pure: no database, no web.
import { addressOf, cellsByTarget, splitList, sourcesOf, suggester, type MappedContact, type Mapping } from './mapping.ts';

export const companyTargets = [
  'rapportId', 'externalId', 'sourceIdentifiers', 'name', 'domain', 'website', 'industry', 'size', 'description',
  'phone', 'otherPhones', 'street', 'street2', 'city', 'region', 'postalCode', 'country', 'tags', 'ownerId', 'teamId', 'ignore',
] as const;

export const isCompanyTarget = (t: string) => (companyTargets as readonly string[]).includes(t) || /^customFields\.[A-Za-z0-9_]{1,60}$/.test(t);

const synonyms: Record<Exclude<(typeof companyTargets)[number], 'ignore'>, string[]> = {
  rapportId: ['rapport id'],
  externalId: ['record id', 'company id', 'account id', 'id', 'external id', 'companyid', 'accountid', 'customer id'],
  sourceIdentifiers: ['source identifiers'],
  name: ['name', 'company name', 'account name', 'company', 'organization', 'organisation'],
  domain: ['company domain name', 'domain', 'domain name', 'website domain'],
  website: ['website url', 'website', 'web site', 'url', 'homepage'],
  industry: ['industry', 'sector'],
  size: ['number of employees', 'numberofemployees', 'employees', 'size', 'company size', 'headcount'],
  description: ['description', 'about', 'about us'],
  phone: ['phone number', 'phone', 'telephone', 'main phone'],
  otherPhones: ['other phones', 'fax'],
  street: ['street address', 'street', 'address', 'billingstreet', 'billing street', 'address line 1'],
  street2: ['street address 2', 'street 2', 'address line 2'],
  city: ['city', 'town', 'billingcity', 'billing city'],
  region: ['state/region', 'state', 'region', 'province', 'billingstate', 'billing state/province'],
  postalCode: ['postal code', 'zip', 'zip code', 'postcode', 'billingpostalcode', 'billing zip/postal code'],
  country: ['country/region', 'country', 'billingcountry', 'billing country'],
  tags: ['tags', 'labels'],
  ownerId: ['owner id'],
  teamId: ['team id'],
};

export const suggestCompanyMapping = suggester(synonyms, isCompanyTarget);

export function mapCompanyRow(cells: Record<string, string>, mapping: Mapping, source: string): MappedContact {
  const { v, custom } = cellsByTarget(cells, mapping);
  const input: Record<string, unknown> = {};
  for (const k of ['name', 'domain', 'website', 'industry', 'description', 'ownerId', 'teamId'] as const) if (v[k]) input[k] = v[k];
  if (v['size']) {
    const n = Number(v['size'].replace(/[\s,]/g, ''));
    input['size'] = Number.isFinite(n) ? n : v['size']; // the schema names what is wrong with the rest
  }
  const phones = [...(v['phone'] ? splitList(v['phone']) : []), ...(v['otherPhones'] ? splitList(v['otherPhones']) : [])];
  if (phones.length) input['phones'] = phones.map((number, i) => ({ number, type: 'work', primary: i === 0 }));
  const address = addressOf(v);
  if (address) input['addresses'] = [address];
  if (v['tags']) input['tags'] = splitList(v['tags']);
  if (Object.keys(custom).length) input['customFields'] = custom;
  const sources = sourcesOf(v, source);
  if (sources.length) input['sourceIdentifiers'] = sources;
  return { input, rapportId: v['rapportId'] ?? null, externalId: v['externalId'] ?? null, companyNames: [] };
}
