// Background jobs as the area pages see them: the job shape, a polling hook (GET /jobs/{id} every
// second until the job ends) and a progress panel with rows done, rows per second and time left.
import { useEffect, useState } from 'react';
import { Alert, Button, Group, Progress, Stack, Text } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { FormError } from '../../ui/problem.tsx';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface Job {
  id: string;
  kind: string;
  status: JobStatus;
  payload: Record<string, unknown>;
  progress: { done: number; total: number | null; rate: number | null; eta: number | null };
  result: Record<string, unknown> | null;
  attempts: number;
  error: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export const jobEnded = (j: Pick<Job, 'status'> | null | undefined) => !!j && (j.status === 'succeeded' || j.status === 'failed' || j.status === 'cancelled');

/** Polls a job until it ends; `initial` (the 202 answer) shows at once. */
export function useJob(id: string | null | undefined, initial?: Job | null, pollMs = 1000) {
  return useQuery({
    queryKey: ['job', id],
    queryFn: ({ signal }) => api<Job>('GET', `/jobs/${id}`, undefined, { signal }),
    enabled: !!id,
    ...(initial && initial.id === id ? { initialData: initial, initialDataUpdatedAt: 0 } : {}),
    refetchInterval: (q) => (jobEnded(q.state.data) ? false : pollMs),
  });
}

/** "1 min 5 s", "12 s". */
export function formatSeconds(s: number): string {
  const v = Math.max(0, Math.round(s));
  if (v < 60) return `${v} s`;
  const m = Math.floor(v / 60);
  if (m < 60) return `${m} min ${v % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

const statusText: Record<JobStatus, string> = { queued: 'Waiting to start', running: 'Running', succeeded: 'Done', failed: 'Failed', cancelled: 'Cancelled' };

/** Progress of one job: a bar, rows done of total, rows per second and time left. */
export function JobProgress({ job, label }: { job: Job; label: string }) {
  const { done, total, rate, eta } = job.progress;
  const pct = total ? Math.min(100, (done / total) * 100) : job.status === 'succeeded' ? 100 : 0;
  const color = job.status === 'failed' ? 'red' : job.status === 'succeeded' ? 'teal' : 'blue';
  return (
    <Stack gap={4} aria-live="polite">
      <Group justify="space-between" gap="xs">
        <Text size="sm" fw={500}>
          {label}: {statusText[job.status]}
        </Text>
        <Text size="xs" c="dimmed">
          {done.toLocaleString()}
          {total !== null ? ` of ${total.toLocaleString()}` : ''} rows
          {rate !== null && job.status === 'running' ? ` · ${rate.toLocaleString()} rows/s` : ''}
          {eta !== null && job.status === 'running' ? ` · about ${formatSeconds(eta)} left` : ''}
        </Text>
      </Group>
      <Progress value={pct} color={color} animated={job.status === 'running'} aria-label={`${label} progress`} />
      {job.error && (
        <Alert color="red" title="The job failed" role="alert">
          <Text size="sm">{job.error}</Text>
        </Alert>
      )}
    </Stack>
  );
}

/**
 * A button that queues a job, then its progress; calls onDone once when the job ends. `start`
 * answers the job's id, and the job itself when the API returns it (shown before the first poll).
 */
export function StartJob({ label, progressLabel, start, onDone }: {
  label: string;
  progressLabel: string;
  start(): Promise<{ id: string; job?: Job }>;
  onDone(): void;
}) {
  const [started, setStarted] = useState<{ id: string; job?: Job } | null>(null);
  const mutation = useMutation({ mutationFn: start, onSuccess: setStarted });
  const job = useJob(started?.id, started?.job);
  const ended = jobEnded(job.data);
  useEffect(() => {
    if (ended) onDone();
  }, [ended, onDone]);
  return (
    <Stack gap="xs">
      <Group>
        <Button variant="light" onClick={() => mutation.mutate()} loading={mutation.isPending} disabled={!!job.data && !ended}>
          {label}
        </Button>
      </Group>
      <FormError error={mutation.error} />
      {job.data && <JobProgress job={job.data} label={progressLabel} />}
    </Stack>
  );
}
