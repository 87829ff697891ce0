// /tasks: my open tasks (overdue, due today, all open, recently done), completed in one click.
// Completion is optimistic: the row changes at once and rolls back with a notification on failure.
import { useState, type FormEvent } from 'react';
import { Anchor, Badge, Button, Card, Checkbox, Group, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, qs } from '../api/client.ts';
import type { Contact, ListPage, Task } from '../api/types.ts';
import { useSession } from '../auth/session.tsx';
import { Link } from '../router.tsx';
import { formatDate, formatDateTime } from '../ui/format.ts';
import { errorFor, fieldErrorsOf } from '../ui/problem.tsx';
import { Empty, ErrorState, Loading } from '../ui/states.tsx';

type View = 'overdue' | 'today' | 'open' | 'done';
const views: { value: View; label: string }[] = [
  { value: 'overdue', label: 'Overdue' }, { value: 'today', label: 'Due today' }, { value: 'open', label: 'All open' }, { value: 'done', label: 'Done' },
];
const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;

function tasksPath(view: View, userId: string) {
  const base = { 'filter[assigneeId]': userId, tz, limit: 100 };
  switch (view) {
    case 'overdue': return `/tasks${qs({ ...base, due: 'overdue', sort: 'dueAt' })}`;
    case 'today': return `/tasks${qs({ ...base, due: 'today', 'filter[status]': 'open', sort: 'dueAt' })}`;
    case 'open': return `/tasks${qs({ ...base, 'filter[status]': 'open', sort: 'dueAt' })}`;
    case 'done': return `/tasks${qs({ ...base, 'filter[status]': 'done', sort: '-createdAt' })}`;
  }
}

/** Contact names for the tasks on screen, in one request. */
function useContactNames(ids: string[]) {
  const unique = [...new Set(ids)].sort();
  const q = useQuery({
    queryKey: ['contact-names', unique],
    queryFn: ({ signal }) => api<ListPage<Pick<Contact, 'id' | 'displayName'>>>('GET', `/contacts${qs({ 'filter[id][in]': unique.join(','), fields: 'id,displayName', limit: unique.length })}`, undefined, { signal }),
    enabled: unique.length > 0,
    staleTime: 60_000,
  });
  return new Map((q.data?.data ?? []).map((c) => [c.id, c.displayName]));
}

function NewTask({ onCreated }: { onCreated(): void }) {
  const [title, setTitle] = useState('');
  const [due, setDue] = useState('');
  const create = useMutation({
    mutationFn: () => api<Task>('POST', '/tasks', { title, dueAt: due ? new Date(`${due}T17:00:00`).toISOString() : null }),
    onSuccess: () => {
      setTitle('');
      setDue('');
      onCreated();
    },
  });
  const errors = fieldErrorsOf(create.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <form onSubmit={submit} aria-label="New task">
      <Group align="flex-start" gap="xs">
        <TextInput aria-label="New task title" placeholder="Add a task…" value={title} onChange={(e) => setTitle(e.currentTarget.value)} error={errorFor(errors, 'title') ?? (create.error && !Object.keys(errors).length ? (create.error as Error).message : undefined)} style={{ flex: 1, minWidth: 180 }} />
        <TextInput aria-label="Due date" type="date" value={due} onChange={(e) => setDue(e.currentTarget.value)} error={errorFor(errors, 'dueAt')} />
        <Button type="submit" loading={create.isPending}>Add</Button>
      </Group>
    </form>
  );
}

export function TasksPage() {
  const { user } = useSession();
  const [view, setView] = useState<View>('overdue');
  const queryClient = useQueryClient();
  const key = ['tasks', view, user.id];
  const q = useQuery({ queryKey: key, queryFn: ({ signal }) => api<ListPage<Task>>('GET', tasksPath(view, user.id), undefined, { signal }) });
  const names = useContactNames((q.data?.data ?? []).flatMap((t) => (t.contactId ? [t.contactId] : [])));

  const toggle = useMutation({
    mutationFn: (t: Task) => api<Task>('PATCH', `/tasks/${t.id}`, { status: t.status === 'done' ? 'open' : 'done' }, { headers: { 'if-match': `W/"${t.version}"` } }),
    onMutate: async (t) => {
      await queryClient.cancelQueries({ queryKey: key });
      const before = queryClient.getQueryData<ListPage<Task>>(key);
      queryClient.setQueryData<ListPage<Task>>(key, (old) => old && { ...old, data: old.data.map((x) => (x.id === t.id ? { ...x, status: t.status === 'done' ? 'open' : 'done' } : x)) });
      return { before };
    },
    onError: (err, t, context) => {
      queryClient.setQueryData(key, context?.before);
      notifications.show({
        color: 'red',
        title: `Could not ${t.status === 'done' ? 'reopen' : 'complete'} “${t.title}”`,
        message: err instanceof ApiError ? err.problem.detail ?? err.message : 'The server could not be reached; nothing was changed.',
      });
    },
    onSuccess: (saved) => {
      queryClient.setQueryData<ListPage<Task>>(key, (old) => old && { ...old, data: old.data.map((x) => (x.id === saved.id ? saved : x)) });
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ['timeline'] });
    },
  });

  const now = Date.now();
  return (
    <Stack gap="md" maw={900}>
      <Title order={1} size="h2">My tasks</Title>
      <SegmentedControl value={view} onChange={(v) => setView(v as View)} data={views} fullWidth aria-label="Which tasks" />
      <NewTask onCreated={() => void queryClient.invalidateQueries({ queryKey: ['tasks'] })} />
      {q.isPending ? <Loading label="Loading tasks" /> : q.isError ? <ErrorState error={q.error} onRetry={() => void q.refetch()} /> : q.data.data.length === 0 ? (
        <Empty title={view === 'overdue' ? 'Nothing overdue' : view === 'today' ? 'Nothing due today' : view === 'done' ? 'No finished tasks yet' : 'No open tasks'}>
          {view === 'overdue' || view === 'today' ? 'Well done.' : undefined}
        </Empty>
      ) : (
        <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {q.data.data.map((t) => {
            const overdue = t.status === 'open' && t.dueAt !== null && Date.parse(t.dueAt) < now;
            return (
              <Card component="li" key={t.id} withBorder padding="sm">
                <Group wrap="nowrap" align="flex-start" gap="sm">
                  <Checkbox size="md" mt={2} checked={t.status === 'done'} onChange={() => toggle.mutate(t)} aria-label={`${t.status === 'done' ? 'Reopen' : 'Complete'} ${t.title}`} />
                  <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
                    <Text size="sm" fw={500} td={t.status === 'done' ? 'line-through' : undefined} c={t.status === 'done' ? 'dimmed' : undefined} style={{ overflowWrap: 'anywhere' }}>
                      {t.title}
                    </Text>
                    <Group gap="xs">
                      {t.dueAt && (
                        <Badge size="sm" variant="light" color={overdue ? 'red' : 'gray'} title={formatDateTime(t.dueAt)}>
                          {overdue ? 'overdue · ' : 'due '}{formatDate(t.dueAt)}
                        </Badge>
                      )}
                      {t.contactId && <Anchor component={Link} to={`/contacts/${t.contactId}`} size="xs">{names.get(t.contactId) ?? 'Contact'}</Anchor>}
                      {t.companyId && <Anchor component={Link} to={`/companies/${t.companyId}`} size="xs">Company</Anchor>}
                    </Group>
                  </Stack>
                </Group>
              </Card>
            );
          })}
        </Stack>
      )}
    </Stack>
  );
}
