// What can be imported and how each resource's columns are suggested, checked and mapped.
import { can, type Principal } from '../platform/policy/index.ts';
import { contactTargets, isTarget, mapContactRow, suggestMapping } from './mapping.ts';
import { companyTargets, isCompanyTarget, mapCompanyRow, suggestCompanyMapping } from './company-mapping.ts';

export const importResources = ['contacts', 'companies'] as const;
export type ImportResource = (typeof importResources)[number];

export const resources = {
  contacts: { entity: 'contact', targets: contactTargets, isTarget, suggest: suggestMapping, mapRow: mapContactRow },
  companies: { entity: 'company', targets: companyTargets, isTarget: isCompanyTarget, suggest: suggestCompanyMapping, mapRow: mapCompanyRow },
} as const;

export const resourceOf = (name: string) => resources[name as ImportResource] ?? resources.contacts;

/** Importing creates and updates records of the resource. */
export const mayImport = (p: Principal, name: string) => {
  const { entity } = resourceOf(name);
  return can(p, 'create', entity) && can(p, 'update', entity);
};
