// The frame of an area page: a title, a line saying what the page is for, and the page's actions.
import type { ReactNode } from 'react';
import { Anchor, Group, Stack, Text, Title } from '@mantine/core';
import { API_BASE } from '../../api/client.ts';

export function AreaPage({ title, intro, actions, children }: { title: string; intro?: ReactNode; actions?: ReactNode; children: ReactNode }) {
  return (
    <Stack gap="md" maw={1200} pb={80}>
      <Group justify="space-between" align="flex-end" gap="xs">
        <Stack gap={2}>
          <Title order={1} size="h2">
            {title}
          </Title>
          {intro && (
            <Text size="sm" c="dimmed">
              {intro}
            </Text>
          )}
        </Stack>
        {actions && <Group gap="xs">{actions}</Group>}
      </Group>
      {children}
    </Stack>
  );
}

/** A link that downloads an API answer as CSV (the session cookie goes with a plain GET). */
export function CsvLink({ path, label = 'Download CSV' }: { path: string; label?: string }) {
  const href = `${API_BASE}${path}${path.includes('?') ? '&' : '?'}format=csv`;
  return (
    <Anchor href={href} download size="sm">
      {label}
    </Anchor>
  );
}

/** Today and n days ago as yyyy-mm-dd. */
export function isoDay(offsetDays = 0): string {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return d.toISOString().slice(0, 10);
}
