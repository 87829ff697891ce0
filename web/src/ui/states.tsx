// Loading, empty, error and not-found states, so every screen says what is going on.
import type { ReactNode } from 'react';
import { Alert, Button, Center, Loader, Stack, Text, Title } from '@mantine/core';
import { ApiError } from '../api/client.ts';
import { Link } from '../router.tsx';

export function Loading({ label = 'Loading' }: { label?: string }) {
  return (
    <Center py="xl">
      <Loader aria-label={label} />
    </Center>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Stack align="center" gap={4} py="xl" c="dimmed">
      <Text fw={500}>{title}</Text>
      {children && <Text size="sm">{children}</Text>}
    </Stack>
  );
}

/** What went wrong, in the API's words, with the request id to quote and a retry button. */
export function ErrorState({ error, onRetry, title = 'Something went wrong' }: { error: unknown; onRetry?: () => void; title?: string }) {
  const api = error instanceof ApiError ? error : null;
  const heading = api?.status === 404 ? 'Not found' : api?.status === 403 ? 'Not allowed' : title;
  const detail = api ? api.problem.detail ?? api.message : error instanceof Error ? error.message : 'Unknown error';
  return (
    <Alert color="red" title={heading} role="alert" my="md">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{detail}</Text>
        {api?.problem.requestId && (
          <Text size="xs" c="dimmed">
            Request id {api.problem.requestId}
          </Text>
        )}
        {onRetry && api?.status !== 404 && api?.status !== 403 && (
          <Button size="xs" variant="light" color="red" onClick={onRetry}>
            Try again
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

export function NotFound() {
  return (
    <Stack align="center" py="xl">
      <Title order={2}>Page not found</Title>
      <Link to="/contacts">Go to contacts</Link>
    </Stack>
  );
}
