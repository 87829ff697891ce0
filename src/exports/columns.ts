// The columns of each CSV export. Contacts and companies use readable headers that the import's
// mapping suggestion reads back (so an export can be edited in a spreadsheet and imported again);
// interactions list their API fields, lists joined with "; " and objects as JSON. A column whose
// field the caller may not see (sensitive fields) is left out entirely. Pure.
import { canViewField, type Principal } from '../platform/policy/index.ts';
import type { ContactOut } from '../contacts/schemas.ts';
import type { CompanyOut } from '../companies/schemas.ts';
import { interactionOut } from '../interactions/schemas.ts';

export interface Column<T> {
  header: string;
  /** The API field the column comes from (for fields= selection and field policy). */
  field: string;
  value: (row: T) => unknown;
}

const join = (items: readonly string[]) => items.join('; ');
/** The primary item, else the first: a CSV row has room for one. */
const primaryOf = <T extends { primary: boolean }>(items: readonly T[]) => items.find((i) => i.primary) ?? items[0];

type Address = ContactOut['addresses'][number];
/** The primary address as the six columns import reads back. */
function addressColumns<T extends { addresses: readonly Address[] }>(): Array<Column<T>> {
  const parts: Array<[string, (a: Address) => unknown]> = [
    ['Street', (a) => a.line1], ['Street 2', (a) => a.line2], ['City', (a) => a.city],
    ['Region', (a) => a.region], ['Postal Code', (a) => a.postalCode], ['Country', (a) => a.country],
  ];
  return parts.map(([header, part]) => ({ header, field: 'addresses', value: (r: T) => {
    const a = primaryOf(r.addresses);
    return a ? part(a) : undefined;
  } }));
}
const others = <T extends { primary: boolean }>(items: readonly T[]) => items.filter((i) => !i.primary);

export const contactColumns: Array<Column<ContactOut>> = [
  { header: 'Rapport ID', field: 'id', value: (c) => c.id },
  { header: 'Prefix', field: 'prefix', value: (c) => c.prefix },
  { header: 'First Name', field: 'givenName', value: (c) => c.givenName },
  { header: 'Middle Name', field: 'middleName', value: (c) => c.middleName },
  { header: 'Last Name', field: 'familyName', value: (c) => c.familyName },
  { header: 'Suffix', field: 'suffix', value: (c) => c.suffix },
  { header: 'Display Name', field: 'displayName', value: (c) => c.displayName },
  { header: 'Job Title', field: 'jobTitle', value: (c) => c.jobTitle },
  { header: 'Lifecycle Stage', field: 'lifecycleStage', value: (c) => c.lifecycleStage },
  { header: 'Tier', field: 'tier', value: (c) => c.tier },
  { header: 'Email', field: 'emails', value: (c) => c.emails.find((e) => e.primary)?.address },
  { header: 'Other Emails', field: 'emails', value: (c) => join(others(c.emails).map((e) => e.address)) },
  { header: 'Phone', field: 'phones', value: (c) => c.phones.find((p) => p.primary)?.number },
  { header: 'Other Phones', field: 'phones', value: (c) => join(others(c.phones).map((p) => p.number)) },
  ...addressColumns<ContactOut>(),
  { header: 'Birth Date', field: 'birthDate', value: (c) => c.birthDate },
  { header: 'Companies', field: 'companies', value: (c) => join(c.companies.map((l) => l.name)) },
  { header: 'Tags', field: 'tags', value: (c) => join(c.tags) },
  { header: 'Source Identifiers', field: 'sourceIdentifiers', value: (c) => join(c.sourceIdentifiers.map((s) => `${s.system}:${s.externalId}`)) },
  { header: 'Owner ID', field: 'ownerId', value: (c) => c.ownerId },
  { header: 'Team ID', field: 'teamId', value: (c) => c.teamId },
  { header: 'Created At', field: 'createdAt', value: (c) => c.createdAt },
  { header: 'Updated At', field: 'updatedAt', value: (c) => c.updatedAt },
];

/** One column per API field of an output schema. */
function columnsOf<T>(keys: string[]): Array<Column<T>> {
  return keys.map((k) => ({
    header: k, field: k,
    value: (row: T) => {
      const v = (row as Record<string, unknown>)[k];
      return Array.isArray(v) && v.every((x) => typeof x === 'string') ? join(v) : v;
    },
  }));
}


export const companyColumns: Array<Column<CompanyOut>> = [
  { header: 'Rapport ID', field: 'id', value: (c) => c.id },
  { header: 'Name', field: 'name', value: (c) => c.name },
  { header: 'Domain', field: 'domain', value: (c) => c.domain },
  { header: 'Website', field: 'website', value: (c) => c.website },
  { header: 'Industry', field: 'industry', value: (c) => c.industry },
  { header: 'Number of Employees', field: 'size', value: (c) => c.size },
  { header: 'Description', field: 'description', value: (c) => c.description },
  { header: 'Phone', field: 'phones', value: (c) => primaryOf(c.phones)?.number },
  { header: 'Other Phones', field: 'phones', value: (c) => join(others(c.phones).map((p) => p.number)) },
  ...addressColumns<CompanyOut>(),
  { header: 'Tags', field: 'tags', value: (c) => join(c.tags) },
  { header: 'Source Identifiers', field: 'sourceIdentifiers', value: (c) => join(c.sourceIdentifiers.map((s) => `${s.system}:${s.externalId}`)) },
  { header: 'Owner ID', field: 'ownerId', value: (c) => c.ownerId },
  { header: 'Team ID', field: 'teamId', value: (c) => c.teamId },
  { header: 'Created At', field: 'createdAt', value: (c) => c.createdAt },
  { header: 'Updated At', field: 'updatedAt', value: (c) => c.updatedAt },
];
export const interactionColumns = columnsOf(Object.keys(interactionOut.shape));

/** The columns a caller gets: the requested fields (all when none), minus fields they may not see. */
export function visibleColumns<T>(columns: Array<Column<T>>, resource: 'contact' | 'company' | 'interaction', p: Principal, fields: string[] | undefined): Array<Column<T>> {
  return columns.filter((c) => (!fields || c.field === 'id' || fields.includes(c.field)) && canViewField(p, resource, c.field));
}
