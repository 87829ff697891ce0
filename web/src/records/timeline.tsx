// A contact's or company's timeline (GET .../timeline): interactions, notes, tasks, deals and field changes,
// newest first, loading the next keyset page as the end scrolls into view.
import { useEffect, useRef, useState } from 'react';
import { Badge, Button, Card, Chip, Group, Stack, Text, ThemeIcon } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { api, qs } from '../api/client.ts';
import { keys, useUsers } from '../api/hooks.ts';
import { kindLabel, type ListPage, type TimelineItem, type User } from '../api/types.ts';
import { Empty, ErrorState, Loading } from '../ui/states.tsx';
import { Icon, type IconName } from '../ui/icons.tsx';
import { NoteComposer } from './note-composer.tsx';
import { fieldLabel, formatDate, formatDateTime, formatMoney, formatValue } from '../ui/format.ts';

const filters = [
  ['', 'All'], ['interaction', 'Interactions'], ['note', 'Notes'], ['task', 'Tasks'], ['deal', 'Deals'], ['change', 'Changes'],
] as const;

const icons: Record<TimelineItem['type'], [IconName, string]> = {
  interaction: ['interactions', 'indigo'], note: ['note', 'yellow'], task: ['tasks', 'teal'], deal: ['deal', 'grape'], change: ['change', 'gray'],
};

const isEmpty = (v: unknown) =>
  v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && Object.keys(v).length === 0);

function Detail({ item, users }: { item: TimelineItem; users: Map<string, User> }) {
  const show = (field: string, v: unknown) => (typeof v === 'string' && /(^|\.)(ownerId|assigneeId|userId|createdBy)$/.test(field) ? users.get(v)?.name ?? v : formatValue(v));
  switch (item.type) {
    case 'interaction': {
      const d = item.data;
      return (
        <Stack gap={4}>
          <Group gap={6}>
            <Badge size="sm" variant="light">{kindLabel(d.kind)}</Badge>
            {d.direction && <Badge size="sm" variant="outline" color="gray">{d.direction}</Badge>}
            {d.durationMinutes !== null && <Text size="xs" c="dimmed">{d.durationMinutes} min</Text>}
          </Group>
          {d.outcome && (
            <Text size="sm">
              <Text span fw={500}>Outcome: </Text>
              {d.outcome.code.replaceAll('_', ' ')}
              {d.outcome.text ? ` · ${d.outcome.text}` : ''}
            </Text>
          )}
        </Stack>
      );
    }
    case 'note':
      // Short notes are their own summary; say them once.
      if (item.data.body.trim() === item.summary.trim()) return null;
      return <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} lineClamp={8}>{item.data.body}</Text>;
    case 'task':
      return (
        <Group gap={6}>
          <Badge size="sm" color={item.data.status === 'done' ? 'teal' : item.data.status === 'cancelled' ? 'gray' : 'orange'} variant="light">{item.data.status}</Badge>
          {item.data.dueAt && <Text size="xs" c="dimmed">due {formatDateTime(item.data.dueAt)}</Text>}
        </Group>
      );
    case 'deal':
      return (
        <Group gap={6}>
          <Badge size="sm" color={item.data.stage === 'won' ? 'teal' : item.data.stage === 'lost' ? 'gray' : 'grape'} variant="light">{item.data.stage}</Badge>
          {item.data.amount !== null && <Text size="sm">{formatMoney(item.data.amount, item.data.currency)}</Text>}
          {item.data.expectedCloseOn && !item.data.closedAt && <Text size="xs" c="dimmed">expected {formatDate(item.data.expectedCloseOn)}</Text>}
        </Group>
      );
    case 'change': {
      // A creation lists every field; the empty ones and internal ids say nothing.
      const fields = Object.entries(item.data.changes).filter(([field, c]) => field !== 'id' && !(isEmpty(c.after) && isEmpty(c.before)));
      return (
        <Stack gap={2}>
          <Text size="xs" c="dimmed">by {item.data.actorLabel}</Text>
          {fields.slice(0, 6).map(([field, c]) => (
            <Text size="sm" key={field} style={{ overflowWrap: 'anywhere' }}>
              <Text span fw={500}>{fieldLabel(field)}</Text>
              {isEmpty(c.before) ? ': ' : `: ${show(field, c.before)} → `}
              {show(field, c.after)}
            </Text>
          ))}
          {fields.length > 6 && <Text size="xs" c="dimmed">and {fields.length - 6} more</Text>}
        </Stack>
      );
    }
  }
}

export function Timeline({ resource, id }: { resource: 'contacts' | 'companies'; id: string }) {
  const [type, setType] = useState('');
  const q = useInfiniteQuery({
    queryKey: [...keys.timeline(resource, id), type],
    queryFn: ({ pageParam, signal }) =>
      api<ListPage<TimelineItem>>('GET', `/${resource}/${id}/timeline${qs({ limit: 25, cursor: pageParam, types: type || undefined })}`, undefined, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const sentinel = useRef<HTMLDivElement>(null);
  const users = useUsers();
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = q;

  useEffect(() => {
    const el = sentinel.current;
    if (!el || !hasNextPage || typeof IntersectionObserver === 'undefined') return;
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
    }, { rootMargin: '400px' });
    io.observe(el);
    return () => io.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const items = q.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <section aria-label="Timeline">
      <Group justify="space-between" align="flex-start" mb="sm" gap="xs">
        <Chip.Group value={type} onChange={(v) => setType(v as string)}>
          <Group gap={6} role="radiogroup" aria-label="Show on the timeline">
            {filters.map(([value, label]) => (
              <Chip key={value} value={value} size="xs" type="radio">{label}</Chip>
            ))}
          </Group>
        </Chip.Group>
        <NoteComposer resource={resource} id={id} />
      </Group>
      {q.isPending ? (
        <Loading label="Loading the timeline" />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : items.length === 0 ? (
        <Empty title="Nothing here yet">Interactions, notes, tasks and changes will show up here.</Empty>
      ) : (
        <Stack gap="xs" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {items.map((item) => {
            const [icon, color] = icons[item.type];
            return (
              <Card component="li" key={`${item.type}-${item.id}`} withBorder padding="sm" data-type={item.type}>
                <Group align="flex-start" wrap="nowrap" gap="sm">
                  <ThemeIcon variant="light" color={color} size="md" radius="xl" aria-hidden>
                    <Icon name={icon} size={16} />
                  </ThemeIcon>
                  <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
                    <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
                      <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>{item.summary}</Text>
                      <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }} component="time" dateTime={item.at}>{formatDateTime(item.at)}</Text>
                    </Group>
                    <Detail item={item} users={users} />
                  </Stack>
                </Group>
              </Card>
            );
          })}
        </Stack>
      )}
      <div ref={sentinel} />
      {hasNextPage && (
        <Group justify="center" mt="sm">
          <Button variant="subtle" onClick={() => void fetchNextPage()} loading={isFetchingNextPage}>
            Load more
          </Button>
        </Group>
      )}
    </section>
  );
}
