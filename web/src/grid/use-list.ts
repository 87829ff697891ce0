// Pages of a list endpoint as one growing array: useInfiniteQuery over the keyset cursor. Pages are
// fetched only as the grid asks for them; nothing ever loads the whole list.
import { useInfiniteQuery, type InfiniteData } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { api } from '../api/client.ts';
import type { ListPage } from '../api/types.ts';
import { pageQuery, type ListQuery } from './query.ts';

export const PAGE_SIZE = 100;

export const listKey = (path: string, q: ListQuery, fields: readonly string[]) =>
  ['list', path, q.filters, q.match, q.sort, [...fields].sort()] as const;

export type ListData<T> = InfiniteData<ListPage<T>, string | null>;

export function useList<T extends { id: string }>(path: string, q: ListQuery, fields: readonly string[]) {
  const query = useInfiniteQuery({
    queryKey: listKey(path, q, fields),
    queryFn: ({ pageParam, signal }) =>
      api<ListPage<T>>('GET', `${path}?${pageQuery(q, { limit: PAGE_SIZE, cursor: pageParam, fields })}`, undefined, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // Keep showing the previous rows while a changed filter loads, instead of flashing empty.
    placeholderData: (prev) => prev,
  });
  const rows = useMemo(() => query.data?.pages.flatMap((p) => p.data) ?? [], [query.data]);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  return { query, rows, loadMore, hasMore: hasNextPage, loadingMore: isFetchingNextPage };
}
