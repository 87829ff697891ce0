// Contact display names by id for the verification pages (one list request for the ids shown).
import { useQuery } from '@tanstack/react-query';
import { api, qs } from '../../api/client.ts';

export function useContactNames(ids: string[]): Map<string, string> {
  const unique = [...new Set(ids)].sort();
  const q = useQuery({
    queryKey: ['contact-names', unique],
    queryFn: ({ signal }) => api<{ data: { id: string; displayName: string }[] }>('GET', `/contacts${qs({ 'filter[id][in]': unique.join(','), fields: 'id,displayName', limit: unique.length })}`, undefined, { signal }),
    enabled: unique.length > 0,
    staleTime: 60_000,
  });
  return new Map((q.data?.data ?? []).map((c) => [c.id, c.displayName]));
}
