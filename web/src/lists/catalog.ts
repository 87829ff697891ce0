// What a list can filter on and show, per resource: the API's own field list
// (GET /saved-views/fields), the tenant's custom fields (GET /custom-fields), and choices for fields
// with a known set of values (owners, teams, categories, stages, kinds).
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { keys } from '../api/hooks.ts';
import { api } from '../api/client.ts';
import type { ListPage, User } from '../api/types.ts';
import { directions, interactionKinds, kindLabels, lifecycleStages } from '../api/types.ts';
import type { CustomFieldDef } from './columns.tsx';

export type ResourceName = 'contacts' | 'companies' | 'interactions';
export const entityOf: Record<ResourceName, CustomFieldDef['entity']> = { contacts: 'contact', companies: 'company', interactions: 'interaction' };

export interface Choice { value: string; label: string }
export interface FieldInfo {
  field: string;
  label: string;
  type: string;
  sortable: boolean;
  choices?: Choice[];
}

interface FieldsAnswer { resource: ResourceName; fields: { field: string; type: string; sortable: boolean }[]; columns: string[] }

const labels: Record<string, string> = {
  ownerId: 'Owner', teamId: 'Team', createdBy: 'Created by', categoryId: 'Category', companyId: 'Company', contactId: 'Contact',
  campaignId: 'Campaign', lifecycleStage: 'Stage', displayName: 'Name', email: 'Email', phone: 'Phone', occurredAt: 'When',
  durationMinutes: 'Minutes', age: 'Age (years)', outcomeCode: 'Outcome', birthDate: 'Birth date', createdAt: 'Created', updatedAt: 'Updated',
};
/** givenName -> Given name */
export const humanise = (field: string) =>
  labels[field] ?? field.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase()).replace(/ ([A-Z])/g, (_m, c: string) => ` ${c.toLowerCase()}`);

const plain = (values: readonly string[], label: (v: string) => string = humanise): Choice[] => values.map((v) => ({ value: v, label: label(v) }));

/** Users by id, the same Map while the users query is unchanged (cells memoise on it). */
export function useUserMap(): ReadonlyMap<string, User> {
  const q = useQuery({
    queryKey: keys.users,
    queryFn: ({ signal }) => api<ListPage<User>>('GET', '/users?limit=500', undefined, { signal }),
    staleTime: 5 * 60_000,
  });
  return useMemo(() => new Map((q.data?.data ?? []).map((u) => [u.id, u])), [q.data]);
}

export function useCustomFields(resource: ResourceName) {
  return useQuery({
    queryKey: ['custom-fields', entityOf[resource]],
    queryFn: ({ signal }) => api<ListPage<CustomFieldDef>>('GET', `/custom-fields?entity=${entityOf[resource]}`, undefined, { signal }),
    staleTime: 5 * 60_000,
    select: (d) => d.data,
  });
}

const noDefs: CustomFieldDef[] = [];

export function useCatalog(resource: ResourceName, users: ReadonlyMap<string, User>) {
  const fields = useQuery({
    queryKey: ['list-fields', resource],
    queryFn: ({ signal }) => api<FieldsAnswer>('GET', `/saved-views/fields?resource=${resource}`, undefined, { signal }),
    staleTime: Infinity,
  });
  const custom = useCustomFields(resource);
  const teams = useQuery({
    queryKey: ['teams'],
    queryFn: ({ signal }) => api<{ data: { id: string; name: string }[] }>('GET', '/teams', undefined, { signal }),
    staleTime: 5 * 60_000,
  });
  const categories = useQuery({
    queryKey: ['categories', 'all'],
    queryFn: ({ signal }) => api<ListPage<{ id: string; path: string }>>('GET', '/categories?limit=500', undefined, { signal }),
    staleTime: 60_000,
    enabled: resource === 'contacts',
  });

  // Memoised as a whole: the grid's columns, and so every rendered row, depend on these.
  const list = useMemo((): FieldInfo[] => {
    const userChoices = [...users.values()].map((u) => ({ value: u.id, label: u.name }));
    const choicesFor = (field: string): Choice[] | undefined => {
      switch (field) {
        case 'ownerId': case 'createdBy': return userChoices;
        case 'teamId': return teams.data?.data.map((t) => ({ value: t.id, label: t.name }));
        case 'categoryId': return categories.data?.data.map((c) => ({ value: c.id, label: c.path }));
        case 'lifecycleStage': return plain(lifecycleStages);
        case 'kind': return plain(interactionKinds, (k) => kindLabels[k as keyof typeof kindLabels] ?? k);
        case 'direction': return plain(directions);
        default: return undefined;
      }
    };
    return [
      ...(fields.data?.fields ?? []).filter((f) => f.field !== 'id').map((f) => {
        const choices = choicesFor(f.field);
        return { ...f, label: humanise(f.field), ...(choices ? { choices } : {}) };
      }),
      ...(custom.data ?? []).map((d) => ({
        field: `customFields.${d.key}`, label: d.label, sortable: false,
        // Custom values are compared as text (numbers as numbers), so select fields offer their options.
        type: d.type === 'number' ? 'number' : d.type === 'date' ? 'date' : d.type === 'boolean' ? 'boolean' : 'text',
        ...(d.type === 'select' || d.type === 'multiselect' ? { choices: plain(d.options, (o) => o) } : {}),
      })),
    ];
  }, [users, teams.data, categories.data, fields.data, custom.data]);
  return { fields: list, customDefs: custom.data ?? noDefs, loading: fields.isPending, error: fields.error ?? custom.error };
}
