// The three lists as configuration of one list view: API path, columns, default sort and columns,
// where a row opens, and which bulk actions apply.
import type { Company, Contact, Interaction } from '../api/types.ts';
import { companyColumns, contactColumns, interactionColumns, type ColumnSpec } from './columns.tsx';
import type { ResourceName } from './catalog.ts';

export type BulkAction = 'tag' | 'categorise' | 'owner' | 'delete';

export interface ListRow {
  id: string;
  version?: number;
  tags?: string[];
  categories?: { id: string; path: string }[];
  ownerId?: string | null;
  customFields?: Record<string, unknown>;
}

export interface ListConfig<T extends ListRow> {
  resource: ResourceName;
  title: string;
  /** "contact", "contacts": for messages. */
  one: string;
  many: string;
  path: string;
  defaultSort: string;
  columns: ColumnSpec<T>[];
  defaultColumns: string[];
  /** Fields every page asks for whatever the columns: bulk actions read them. */
  baseFields: string[];
  rowLabel: (row: T) => string;
  /** Where Enter (or a double click) on a row goes; null when there is nowhere. */
  href: (row: T) => string | null;
  bulk: BulkAction[];
}

export type ContactRow = Contact & ListRow;
export type CompanyRow = Company & ListRow;
export type InteractionRow = Interaction & ListRow & { createdAt?: string; updatedAt?: string };

export const contactsConfig: ListConfig<ContactRow> = {
  resource: 'contacts', title: 'Contacts', one: 'contact', many: 'contacts', path: '/contacts', defaultSort: 'displayName',
  columns: contactColumns,
  defaultColumns: ['displayName', 'email', 'phone', 'lifecycleStage', 'city', 'ownerId', 'tags'],
  baseFields: ['displayName', 'version', 'tags', 'categories', 'ownerId'],
  rowLabel: (r) => r.displayName ?? r.id,
  href: (r) => `/contacts/${r.id}`,
  bulk: ['tag', 'categorise', 'owner', 'delete'],
};

export const companiesConfig: ListConfig<CompanyRow> = {
  resource: 'companies', title: 'Companies', one: 'company', many: 'companies', path: '/companies', defaultSort: 'name',
  columns: companyColumns,
  defaultColumns: ['name', 'domain', 'industry', 'size', 'city', 'ownerId', 'tags'],
  baseFields: ['name', 'version', 'tags', 'ownerId'],
  rowLabel: (r) => r.name ?? r.id,
  href: (r) => `/companies/${r.id}`,
  bulk: ['tag', 'owner', 'delete'],
};

export const interactionsConfig: ListConfig<InteractionRow> = {
  resource: 'interactions', title: 'Interactions', one: 'interaction', many: 'interactions', path: '/interactions', defaultSort: '-occurredAt',
  columns: interactionColumns as ColumnSpec<InteractionRow>[],
  defaultColumns: ['occurredAt', 'kind', 'direction', 'subject', 'outcome', 'ownerId'],
  baseFields: ['occurredAt', 'kind', 'subject', 'version', 'ownerId', 'participants', 'companyId'],
  rowLabel: (r) => r.subject ?? `${r.kind} on ${new Date(r.occurredAt).toLocaleDateString()}`,
  // An interaction opens on its first contact's record, where its timeline shows it.
  href: (r) => {
    const contact = r.participants?.find((p) => p.contactId)?.contactId;
    return contact ? `/contacts/${contact}` : r.companyId ? `/companies/${r.companyId}` : null;
  },
  bulk: ['owner', 'delete'],
};
