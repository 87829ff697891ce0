// Small shared queries: the tenant's users (owner names) and the keys other modules invalidate.
import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';
import type { ListPage, User } from './types.ts';

export const keys = {
  contact: (id: string) => ['contact', id] as const,
  company: (id: string) => ['company', id] as const,
  timeline: (resource: 'contacts' | 'companies', id: string) => ['timeline', resource, id] as const,
  tasks: ['tasks'] as const,
  users: ['users'] as const,
};

/** Users by id, for showing owners and assignees by name (every role may read users). */
export function useUsers(): Map<string, User> {
  const q = useQuery({
    queryKey: keys.users,
    queryFn: ({ signal }) => api<ListPage<User>>('GET', '/users?limit=500', undefined, { signal }),
    staleTime: 5 * 60_000,
  });
  const map = new Map<string, User>();
  for (const u of q.data?.data ?? []) map.set(u.id, u);
  return map;
}
