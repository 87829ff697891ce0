// /verification (controllers and admins): the queue of claimed outcomes awaiting a decision, oldest
// first, each with suggested evidence transactions (GET /outcomes/queue), filtered by kind; and
// decided outcomes, whose decision a controller corrects with a new decision (correction.tsx).
import { Button, Group, NativeSelect, NumberInput, SegmentedControl, Stack, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, qs } from '../../api/client.ts';
import { useUsers } from '../../api/hooks.ts';
import { Empty, ErrorState, Loading } from '../../ui/states.tsx';
import { AreaPage } from '../shared/page.tsx';
import { OutcomeCard } from './outcome-card.tsx';
import { DecidedOutcomes } from './correction.tsx';
import { useContactNames } from './contact-names.ts';
import { kindLabels, type OutcomeKind, type QueueItem } from './types.ts';

export function VerificationPage() {
  const [view, setView] = useState<'queue' | 'decided'>('queue');
  return (
    <AreaPage title="Verification" intro="Claimed outcomes awaiting a decision, oldest first. Tick the transactions that prove a claim, then decide. A decision already made is corrected by a new one, never edited.">
      <SegmentedControl
        aria-label="Show"
        value={view}
        onChange={(v) => setView(v as 'queue' | 'decided')}
        data={[{ value: 'queue', label: 'Awaiting a decision' }, { value: 'decided', label: 'Decided (correct)' }]}
        w="fit-content"
      />
      {view === 'queue' ? <Queue /> : <DecidedOutcomes />}
    </AreaPage>
  );
}

function Queue() {
  const [kind, setKind] = useState<OutcomeKind | ''>('');
  const [tolerancePct, setTolerance] = useState<number | string>(2);
  const [windowDays, setWindow] = useState<number | string>(30);
  const q = useInfiniteQuery({
    queryKey: ['outcome-queue', kind, tolerancePct, windowDays],
    queryFn: ({ pageParam, signal }) =>
      api<{ data: QueueItem[]; nextCursor: string | null }>('GET', `/outcomes/queue${qs({ kind, tolerancePct: Number(tolerancePct) || 0, windowDays: Number(windowDays) || 30, limit: 25, cursor: pageParam })}`, undefined, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = q.data?.pages.flatMap((p) => p.data) ?? [];
  const names = useContactNames(items.map((i) => i.outcome.contactId));
  const users = useUsers();
  return (
    <>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <NativeSelect
          label="Kind"
          value={kind}
          onChange={(e) => setKind(e.currentTarget.value as OutcomeKind | '')}
          data={[{ value: '', label: 'All kinds' }, ...Object.entries(kindLabels).map(([value, label]) => ({ value, label }))]}
        />
        <NumberInput label="Amount tolerance (%)" value={tolerancePct} onChange={setTolerance} min={0} max={50} w={170} />
        <NumberInput label="Days after the claim" value={windowDays} onChange={setWindow} min={1} max={365} w={170} />
      </Group>
      {q.isPending ? (
        <Loading label="Loading the queue" />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : items.length === 0 ? (
        <Empty title="Nothing to verify">Every claim has a decision.</Empty>
      ) : (
        <Stack gap="md">
          <Text size="xs" c="dimmed">
            {items.length}
            {q.hasNextPage ? '+' : ''} claims
          </Text>
          {items.map((i) => (
            <OutcomeCard key={i.outcome.id} item={i} contactName={names.get(i.outcome.contactId)} userName={users.get(i.outcome.claimedBy)?.name} />
          ))}
          {q.hasNextPage && (
            <Group>
              <Button variant="default" onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage}>
                Show more
              </Button>
            </Group>
          )}
        </Stack>
      )}
    </>
  );
}
