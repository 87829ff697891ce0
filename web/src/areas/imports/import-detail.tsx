// /imports/:id: one import. Edit and save the column mapping (optionally remembered for the
// source), dry-run it, run it with live progress, download the error report and undo it.
import { useEffect, useState } from 'react';
import { Alert, Anchor, Badge, Button, Card, Checkbox, Group, Modal, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { API_BASE, api } from '../../api/client.ts';
import { Link } from '../../router.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { FormError } from '../../ui/problem.tsx';
import { ErrorState, Loading } from '../../ui/states.tsx';
import { AreaPage } from '../shared/page.tsx';
import { JobProgress, jobEnded, useJob, type Job } from '../shared/jobs.tsx';
import { defaultTargets, rowProblems, type Import, type UploadAnswer } from './api.ts';
import { Counts, DryRunResult } from './dry-run.tsx';
import { MappingEditor } from './mapping-editor.tsx';

const phaseOf = (kind: string) => (kind === 'import.dry-run' ? 'Dry run' : kind === 'import.undo' ? 'Undo' : 'Import');

export function ImportDetail({ id }: { id: string }) {
  const qc = useQueryClient();
  const imp = useQuery({ queryKey: ['import', id], queryFn: ({ signal }) => api<Import>('GET', `/imports/${id}`, undefined, { signal }) });
  const upload = qc.getQueryData<UploadAnswer>(['import-upload', id]);
  const [mapping, setMapping] = useState<Record<string, string> | null>(null);
  const [remember, setRemember] = useState(true);
  const [confirmUndo, setConfirmUndo] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const [started, setStarted] = useState<Job | null>(null);

  // The latest job the import knows of carries on after a reload.
  useEffect(() => {
    if (!jobId && imp.data?.job && !jobEnded(imp.data.job)) setJobId(imp.data.job.id);
  }, [imp.data, jobId]);
  useEffect(() => {
    if (imp.data && mapping === null) setMapping(imp.data.mapping);
  }, [imp.data, mapping]);

  const job = useJob(jobId, started);
  const current = job.data ?? imp.data?.job ?? null;
  const running = !!current && !jobEnded(current);
  useEffect(() => {
    if (jobEnded(job.data)) {
      void qc.invalidateQueries({ queryKey: ['import', id] });
      void qc.invalidateQueries({ queryKey: ['import-problems', id] });
      void qc.invalidateQueries({ queryKey: ['import-jobs'] });
    }
  }, [job.data, qc, id]);

  const dirty = !!imp.data && !!mapping && JSON.stringify(mapping) !== JSON.stringify(imp.data.mapping);
  const saveMapping = useMutation({
    mutationFn: (save: boolean) => api<Import>('PUT', `/imports/${id}/mapping`, { mapping, save }),
    onSuccess: (next) => qc.setQueryData(['import', id], next),
  });
  const start = useMutation({
    mutationFn: async (what: 'dry-run' | 'run' | 'undo') => {
      if (what !== 'undo' && dirty) await saveMapping.mutateAsync(remember);
      return api<Job>('POST', `/imports/${id}/${what}`, {});
    },
    onSuccess: (j) => {
      setStarted(j);
      setJobId(j.id);
      setConfirmUndo(false);
    },
  });

  const dryDone = !!imp.data?.dryRun;
  const problems = useQuery({
    queryKey: ['import-problems', id, 'dry'],
    queryFn: ({ signal }) => rowProblems(id, 'dry', signal),
    enabled: dryDone,
  });

  if (imp.isPending) return <Loading label="Loading the import" />;
  if (imp.isError) return <ErrorState error={imp.error} onRetry={() => void imp.refetch()} />;
  const data = imp.data;
  const imported = data.status === 'imported';
  const locked = running || data.status !== 'uploaded';

  return (
    <AreaPage
      title={data.fileName}
      intro={`${data.resource === 'companies' ? 'Companies' : 'Contacts'} from ${data.sourceSystem} · ${data.format.toUpperCase()}${data.delimiter ? ` (delimiter ${data.delimiter === '\t' ? 'tab' : data.delimiter})` : ''} · ${data.encoding} · uploaded ${formatDateTime(data.createdAt)}`}
      actions={<Link to="/imports">All imports</Link>}
    >
      <Group gap="xs">
        <Badge variant="light" color={imported ? 'teal' : data.status === 'undone' ? 'gray' : 'blue'}>
          {data.status}
        </Badge>
        {data.counts && <Text size="sm" c="dimmed">{data.counts.rows.toLocaleString()} rows in the file</Text>}
      </Group>
      <FormError error={start.error ?? saveMapping.error} />
      {current && <JobProgress job={current} label={phaseOf(current.kind)} />}

      <Card withBorder>
        <Stack gap="sm">
          <Group justify="space-between">
            <Title order={2} size="h4">
              Column mapping
            </Title>
            {dirty && <Badge color="yellow" variant="light">Not saved</Badge>}
          </Group>
          {upload?.savedMapping && (
            <Text size="xs" c="dimmed">
              Suggested from the mapping saved for {data.sourceSystem}.
            </Text>
          )}
          {mapping && (
            <MappingEditor
              headers={data.headers}
              sample={upload?.sample ?? []}
              targets={upload?.targets ?? defaultTargets[data.resource]}
              mapping={mapping}
              onChange={setMapping}
              disabled={locked}
            />
          )}
          {mapping && data.resource === 'interactions' && (
            <TextInput
              label="Time zone of dates without an offset"
              description="An IANA zone such as Europe/London; saved with the mapping for this source. A time zone column wins over it."
              placeholder="Europe/London"
              maw={360}
              value={mapping['@timeZone'] ?? ''}
              disabled={locked}
              onChange={(e) => {
                const { '@timeZone': _old, ...rest } = mapping;
                const zone = e.currentTarget.value.trim();
                setMapping(zone ? { ...rest, '@timeZone': zone } : rest);
              }}
            />
          )}
          {!locked && (
            <Group gap="sm" wrap="wrap">
              <Checkbox label={`Remember this mapping for ${data.sourceSystem}`} checked={remember} onChange={(e) => setRemember(e.currentTarget.checked)} />
              <Button variant="default" size="sm" disabled={!dirty} loading={saveMapping.isPending} onClick={() => saveMapping.mutate(remember)}>
                Save mapping
              </Button>
            </Group>
          )}
        </Stack>
      </Card>

      {!locked && (
        <Group gap="sm">
          <Button variant="light" onClick={() => start.mutate('dry-run')} loading={start.isPending && start.variables === 'dry-run'}>
            Dry run
          </Button>
          <Button onClick={() => start.mutate('run')} loading={start.isPending && start.variables === 'run'}>
            Run import
          </Button>
        </Group>
      )}

      {data.counts && (imported || data.status === 'undone') && (
        <Card withBorder>
          <Stack gap="sm">
            <Title order={2} size="h4">
              {data.status === 'undone' ? 'Imported, then undone' : 'Imported'}
            </Title>
            <Counts counts={data.counts} label="Import counts" />
            <Group gap="md">
              <Anchor href={`${API_BASE}/imports/${id}/errors.csv?phase=run`} download size="sm">
                Download the error report
              </Anchor>
              {imported && !running && (
                <Button color="red" variant="light" size="xs" onClick={() => setConfirmUndo(true)}>
                  Undo import
                </Button>
              )}
            </Group>
          </Stack>
        </Card>
      )}

      {data.dryRun && !imported && (
        <Card withBorder>
          <Stack gap="sm">
            <Group justify="space-between">
              <Title order={2} size="h4">
                Dry run
              </Title>
              <Anchor href={`${API_BASE}/imports/${id}/errors.csv?phase=dry`} download size="sm">
                Download the dry-run problems
              </Anchor>
            </Group>
            {problems.isError ? <ErrorState error={problems.error} /> : <DryRunResult dryRun={data.dryRun as NonNullable<Import['dryRun']>} problems={problems.data} />}
          </Stack>
        </Card>
      )}

      <Modal opened={confirmUndo} onClose={() => setConfirmUndo(false)} title="Undo this import?">
        <Stack gap="sm">
          <Alert color="red" variant="light">
            <Text size="sm">Records this import created are deleted and records it changed get their earlier values back. Changes made since then by people may be lost on those fields.</Text>
          </Alert>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmUndo(false)}>
              Keep it
            </Button>
            <Button color="red" onClick={() => start.mutate('undo')} loading={start.isPending && start.variables === 'undo'}>
              Undo import
            </Button>
          </Group>
        </Stack>
      </Modal>
    </AreaPage>
  );
}
