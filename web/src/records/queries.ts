// Loading and changing one contact or company: the record with its ETag, and a PATCH that sends
// If-Match so a stale edit is refused (412) instead of overwriting someone else's change.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiWithEtag } from '../api/client.ts';
import { keys } from '../api/hooks.ts';
import type { Company, Contact } from '../api/types.ts';

export interface WithEtag<T> {
  data: T;
  etag: string | null;
}

export const fetchContact = (id: string, signal?: AbortSignal) => apiWithEtag<Contact>('GET', `/contacts/${id}`, undefined, signal ? { signal } : {});
export const fetchCompany = (id: string, signal?: AbortSignal) => apiWithEtag<Company>('GET', `/companies/${id}`, undefined, signal ? { signal } : {});

export function useContact(id: string) {
  return useQuery({ queryKey: keys.contact(id), queryFn: ({ signal }) => fetchContact(id, signal) });
}

export function useCompany(id: string) {
  return useQuery({ queryKey: keys.company(id), queryFn: ({ signal }) => fetchCompany(id, signal) });
}

/** PATCH with If-Match; the answer (new version and ETag) replaces the cached record. */
export function usePatchRecord<T extends { version: number }>(resource: 'contacts' | 'companies', id: string) {
  const queryClient = useQueryClient();
  const key = resource === 'contacts' ? keys.contact(id) : keys.company(id);
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => {
      const current = queryClient.getQueryData<WithEtag<T>>(key);
      const etag = current?.etag ?? (current ? `W/"${current.data.version}"` : undefined);
      return apiWithEtag<T>('PATCH', `/${resource}/${id}`, body, etag ? { headers: { 'if-match': etag } } : {});
    },
    onSuccess: (res) => {
      queryClient.setQueryData(key, res);
      // Field changes show on the timeline.
      void queryClient.invalidateQueries({ queryKey: keys.timeline(resource, id) });
      void queryClient.invalidateQueries({ queryKey: [resource] });
    },
  });
}
