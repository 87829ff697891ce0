// The columns each list can show: what a cell says, which API fields it needs (for fields=) and
// the field it sorts by. Custom field columns are made from the tenant's definitions.
// Every cell renders text; user data never becomes markup.
import type { ReactNode } from 'react';
import { Link } from '../router.tsx';
import type { Address, Company, Contact, Interaction, User } from '../api/types.ts';
import { kindLabels } from '../api/types.ts';
import classes from './columns.module.css';

export interface CellContext {
  users: ReadonlyMap<string, User>;
}

export interface ColumnSpec<T> {
  id: string;
  label: string;
  width: number;
  /** Output fields the cell reads; the list asks only for the fields of visible columns. */
  fields: readonly string[];
  sortField?: string;
  render: (row: T, ctx: CellContext) => ReactNode;
}

export interface CustomFieldDef {
  id: string;
  entity: 'contact' | 'company' | 'interaction';
  key: string;
  label: string;
  type: 'text' | 'number' | 'boolean' | 'date' | 'select' | 'multiselect';
  options: string[];
}

const dash = '—';
export const textOf = (v: unknown): string => {
  if (v === null || v === undefined || v === '') return dash;
  if (Array.isArray(v)) return v.length ? v.map(textOf).join(', ') : dash;
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
};
const day = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleDateString() : dash);
const when = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : dash);
const firstAddress = (a: Address[] | undefined): Address | undefined => a?.find((x) => x.primary) ?? a?.[0];
const ownerName = (id: string | null | undefined, ctx: CellContext) => (id ? ctx.users.get(id)?.name ?? 'Unknown user' : 'Unassigned');

// Plain spans rather than Mantine Badges: cells render on every scroll frame.
function Chips({ values }: { values: readonly string[] | undefined }) {
  if (!values?.length) return <>{dash}</>;
  return (
    <span className={classes.chips}>
      {values.slice(0, 4).map((v) => <span key={v} className={classes.chip}>{v}</span>)}
      {values.length > 4 && <span>+{values.length - 4}</span>}
    </span>
  );
}

type Row = { id: string; createdAt?: string; updatedAt?: string; ownerId?: string | null };
function common<T extends Row>(): ColumnSpec<T>[] {
  return [
    { id: 'ownerId', label: 'Owner', width: 150, fields: ['ownerId'], render: (r, c) => ownerName(r.ownerId, c) },
    { id: 'createdAt', label: 'Created', width: 120, fields: ['createdAt'], sortField: 'createdAt', render: (r) => day(r.createdAt) },
    { id: 'updatedAt', label: 'Updated', width: 120, fields: ['updatedAt'], sortField: 'updatedAt', render: (r) => day(r.updatedAt) },
  ];
}

function addressColumns<T extends { addresses?: Address[] }>(): ColumnSpec<T>[] {
  return [
    { id: 'city', label: 'City', width: 130, fields: ['addresses'], render: (r) => textOf(firstAddress(r.addresses)?.city) },
    { id: 'region', label: 'Region', width: 110, fields: ['addresses'], render: (r) => textOf(firstAddress(r.addresses)?.region) },
    { id: 'country', label: 'Country', width: 80, fields: ['addresses'], render: (r) => textOf(firstAddress(r.addresses)?.country) },
  ];
}

export const contactColumns: ColumnSpec<Contact>[] = [
  { id: 'displayName', label: 'Name', width: 220, fields: ['displayName'], sortField: 'displayName', render: (r) => <Link to={`/contacts/${r.id}`} tabIndex={-1} className={classes.link}>{r.displayName}</Link> },
  { id: 'email', label: 'Email', width: 220, fields: ['emails'], render: (r) => textOf((r.emails?.find((e) => e.primary) ?? r.emails?.[0])?.address) },
  { id: 'phone', label: 'Phone', width: 150, fields: ['phones'], render: (r) => textOf((r.phones?.find((p) => p.primary) ?? r.phones?.[0])?.number) },
  { id: 'lifecycleStage', label: 'Stage', width: 100, fields: ['lifecycleStage'], render: (r) => textOf(r.lifecycleStage) },
  { id: 'tier', label: 'Tier', width: 90, fields: ['tier'], render: (r) => textOf(r.tier) },
  { id: 'jobTitle', label: 'Job title', width: 160, fields: ['jobTitle'], render: (r) => textOf(r.jobTitle) },
  { id: 'companies', label: 'Companies', width: 180, fields: ['companies'], render: (r) => textOf(r.companies?.map((c) => c.name)) },
  ...addressColumns<Contact>(),
  { id: 'tags', label: 'Tags', width: 180, fields: ['tags'], render: (r) => <Chips values={r.tags} /> },
  { id: 'categories', label: 'Categories', width: 200, fields: ['categories'], render: (r) => <Chips values={r.categories?.map((c) => c.path)} /> },
  { id: 'birthDate', label: 'Birth date', width: 110, fields: ['birthDate'], render: (r) => textOf(r.birthDate) },
  ...common<Contact>(),
];

export const companyColumns: ColumnSpec<Company>[] = [
  { id: 'name', label: 'Name', width: 220, fields: ['name'], sortField: 'name', render: (r) => <Link to={`/companies/${r.id}`} tabIndex={-1} className={classes.link}>{r.name}</Link> },
  { id: 'domain', label: 'Domain', width: 170, fields: ['domain'], render: (r) => textOf(r.domain) },
  { id: 'industry', label: 'Industry', width: 140, fields: ['industry'], render: (r) => textOf(r.industry) },
  { id: 'size', label: 'Size', width: 80, fields: ['size'], render: (r) => textOf(r.size) },
  { id: 'website', label: 'Website', width: 180, fields: ['website'], render: (r) => textOf(r.website) },
  ...addressColumns<Company>(),
  { id: 'tags', label: 'Tags', width: 180, fields: ['tags'], render: (r) => <Chips values={r.tags} /> },
  ...common<Company>(),
];

export const interactionColumns: ColumnSpec<Interaction & Row>[] = [
  { id: 'occurredAt', label: 'When', width: 170, fields: ['occurredAt'], sortField: 'occurredAt', render: (r) => when(r.occurredAt) },
  { id: 'kind', label: 'Kind', width: 110, fields: ['kind'], render: (r) => kindLabels[r.kind] ?? textOf(r.kind) },
  { id: 'direction', label: 'Direction', width: 100, fields: ['direction'], render: (r) => textOf(r.direction) },
  { id: 'subject', label: 'Subject', width: 260, fields: ['subject'], render: (r) => textOf(r.subject) },
  { id: 'durationMinutes', label: 'Minutes', width: 80, fields: ['durationMinutes'], render: (r) => textOf(r.durationMinutes) },
  { id: 'outcome', label: 'Outcome', width: 140, fields: ['outcome'], render: (r) => textOf(r.outcome?.code) },
  { id: 'participants', label: 'Participants', width: 100, fields: ['participants'], render: (r) => String(r.participants?.length ?? 0) },
  ...common<Interaction & Row>(),
];

/** A column per custom field definition, id customFields.<key>. */
export function customColumns<T extends { customFields?: Record<string, unknown> }>(defs: readonly CustomFieldDef[]): ColumnSpec<T>[] {
  return defs.map((d) => ({
    id: `customFields.${d.key}`, label: d.label, width: 140, fields: ['customFields'],
    render: (r: T) => (d.type === 'date' ? day(r.customFields?.[d.key] as string | undefined) : textOf(r.customFields?.[d.key])),
  }));
}
