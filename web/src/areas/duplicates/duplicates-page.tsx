// /duplicates: start a dedupe job (admins: it compares every record) and work the review queue of
// candidate pairs, the uncertain band first, one pair at a time (PairReview).
import { useCallback, useState } from 'react';
import { Badge, Card, Grid, Group, NativeSelect, SegmentedControl, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, qs } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { Empty, ErrorState, Loading } from '../../ui/states.tsx';
import { StartJob, type Job } from '../shared/jobs.tsx';
import { AreaPage } from '../shared/page.tsx';
import { PairReview } from './pair.tsx';
import { sideName, type Candidate, type CandidateStatus, type Entity } from './types.ts';

function DedupeJob({ entity, onDone }: { entity: Entity; onDone(): void }) {
  return (
    <StartJob
      label={`Find duplicate ${entity === 'contact' ? 'contacts' : 'companies'}`}
      progressLabel="Duplicate search"
      start={async () => {
        const job = await api<Job>('POST', `/matching/dedupe?entity=${entity}`, {});
        return { id: job.id, job };
      }}
      onDone={onDone}
    />
  );
}

export function DuplicatesPage() {
  const { user } = useSession();
  const qc = useQueryClient();
  const [entity, setEntity] = useState<Entity>('contact');
  const [status, setStatus] = useState<CandidateStatus>('open');
  const [selected, setSelected] = useState<string | null>(null);
  const q = useQuery({
    queryKey: ['candidates', entity, status],
    queryFn: ({ signal }) => api<{ data: Candidate[]; nextCursor: string | null }>('GET', `/matching/candidates${qs({ entity, status, limit: 50 })}`, undefined, { signal }),
  });
  const refresh = useCallback(() => void qc.invalidateQueries({ queryKey: ['candidates'] }), [qc]);
  const pairs = q.data?.data ?? [];
  const current = pairs.find((p) => p.id === selected) ?? pairs[0] ?? null;

  return (
    <AreaPage title="Duplicates" intro="Pairs of records that may be one and the same, the uncertain ones first. Merge them, mark them as different, or dismiss.">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <SegmentedControl
          aria-label="Records"
          value={entity}
          onChange={(v) => { setEntity(v as Entity); setSelected(null); }}
          data={[{ value: 'contact', label: 'Contacts' }, { value: 'company', label: 'Companies' }]}
        />
        <NativeSelect
          label="Showing"
          size="sm"
          value={status}
          onChange={(e) => { setStatus(e.currentTarget.value as CandidateStatus); setSelected(null); }}
          data={[{ value: 'open', label: 'To review' }, { value: 'merged', label: 'Merged' }, { value: 'not_duplicate', label: 'Not the same' }, { value: 'dismissed', label: 'Dismissed' }]}
        />
      </Group>
      {user.role === 'admin' && <DedupeJob entity={entity} onDone={refresh} />}
      {q.isPending ? (
        <Loading label="Loading the review queue" />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : !current ? (
        <Empty title="No pairs here">{status === 'open' ? 'Nothing waits for review. A duplicate search fills this queue.' : 'No pairs were decided this way yet.'}</Empty>
      ) : (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Stack gap={6} role="list" aria-label="Candidate pairs">
              <Text size="xs" c="dimmed">
                {pairs.length}
                {q.data.nextCursor ? '+' : ''} pairs
              </Text>
              {pairs.map((p) => (
                <UnstyledButton
                  key={p.id}
                  role="listitem"
                  onClick={() => setSelected(p.id)}
                  aria-current={current.id === p.id ? 'true' : undefined}
                  style={{ borderRadius: 6, border: '1px solid var(--mantine-color-default-border)', padding: 8, background: current.id === p.id ? 'var(--mantine-color-default-hover)' : undefined }}
                >
                  <Group justify="space-between" gap={4} wrap="nowrap">
                    <Text size="sm" truncate>
                      {sideName(p.left)} / {sideName(p.right)}
                    </Text>
                    <Badge size="xs" variant="light" color={p.band === 'uncertain' ? 'yellow' : 'teal'}>
                      {Math.round(p.probability * 100)}%
                    </Badge>
                  </Group>
                </UnstyledButton>
              ))}
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 8 }}>
            <Card withBorder>
              <Title order={2} size="h4" mb="sm">
                {sideName(current.left)} and {sideName(current.right)}
              </Title>
              <PairReview
                key={current.id}
                candidate={current}
                onDecided={() => { setSelected(null); refresh(); }}
              />
            </Card>
          </Grid.Col>
        </Grid>
      )}
    </AreaPage>
  );
}
