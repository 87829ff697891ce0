// What can be imported and how each resource's columns are suggested, checked and mapped.
import { can, type Principal } from '../platform/policy/index.ts';
import { contactTargets, isTarget, mapContactRow, suggestMapping } from './mapping.ts';
import { companyTargets, isCompanyTarget, mapCompanyRow, suggestCompanyMapping } from './company-mapping.ts';
import { interactionTargets, isInteractionOption, isInteractionTarget, mapInteractionRow, suggestInteractionMapping } from './interaction-mapping.ts';

export const importResources = ['contacts', 'companies', 'interactions'] as const;
export type ImportResource = (typeof importResources)[number];

const noOptions = (_key: string, _value: string) => false;

/** isOption: may the mapping carry this "@key" setting (e.g. interactions' "@timeZone")? */
export const resources = {
  contacts: { entity: 'contact', targets: contactTargets, isTarget, isOption: noOptions, suggest: suggestMapping, mapRow: mapContactRow },
  companies: { entity: 'company', targets: companyTargets, isTarget: isCompanyTarget, isOption: noOptions, suggest: suggestCompanyMapping, mapRow: mapCompanyRow },
  interactions: { entity: 'interaction', targets: interactionTargets, isTarget: isInteractionTarget, isOption: isInteractionOption, suggest: suggestInteractionMapping, mapRow: mapInteractionRow },
} as const;

export const resourceOf = (name: string) => resources[name as ImportResource] ?? resources.contacts;

/** Importing creates and updates records of the resource. */
export const mayImport = (p: Principal, name: string) => {
  const { entity } = resourceOf(name);
  return can(p, 'create', entity) && can(p, 'update', entity);
};
