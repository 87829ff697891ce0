// What matching needs to know of each kind of record it deduplicates: its table, its policy
// resource and the share entity, so references, merge, unmerge and the review queue stay generic.
import { companies } from '../companies/tables.ts';
import { contacts } from '../contacts/tables.ts';
import type { MatchEntity } from './tables.ts';

export interface EntitySpec {
  entity: MatchEntity;
  table: typeof contacts | typeof companies;
  tableName: 'contacts' | 'companies';
  label: 'Contact' | 'Company';
}

export const specs: Record<MatchEntity, EntitySpec> = {
  contact: { entity: 'contact', table: contacts, tableName: 'contacts', label: 'Contact' },
  company: { entity: 'company', table: companies, tableName: 'companies', label: 'Company' },
};
