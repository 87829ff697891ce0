// What a dry run found: the counts, the first rows as they would be stored (with each row's
// quality problems), and the rows that would fail with the reason.
import { Badge, Group, List, SimpleGrid, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { formatDateTime } from '../../ui/format.ts';
import type { DryRun, ImportCounts, PreviewRow, RowProblem } from './api.ts';

export function Counts({ counts, label }: { counts: ImportCounts; label: string }) {
  const items: [string, number, string][] = [
    ['Rows', counts.rows, 'gray'], ['New', counts.created, 'teal'], ['Updated', counts.updated, 'blue'],
    ...(counts.unchanged !== undefined ? [['Unchanged', counts.unchanged, 'gray'] as [string, number, string]] : []),
    ['Failed', counts.failed, counts.failed ? 'red' : 'gray'],
  ];
  return (
    <SimpleGrid cols={{ base: 2, xs: items.length }} spacing="xs" aria-label={label} role="group">
      {items.map(([name, n, color]) => (
        <Paper key={name} withBorder p="xs">
          <Text size="xs" c="dimmed">
            {name}
          </Text>
          <Text fw={700} size="lg" c={n && color !== 'gray' ? `${color}.7` : undefined}>
            {n.toLocaleString()}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}

// Contacts have a display name, companies a name, interactions a subject (or else their kind).
const nameOf = (r: PreviewRow) => r.displayName ?? r.name ?? (typeof r['subject'] === 'string' ? r['subject'] : null) ?? (typeof r['kind'] === 'string' ? r['kind'] : '(no name)');
const first = (xs: { address?: string; number?: string }[] | undefined) => (xs?.[0]?.address ?? xs?.[0]?.number ?? '');

export function DryRunResult({ dryRun, problems }: { dryRun: DryRun; problems: { headers: string[]; rows: RowProblem[] } | undefined }) {
  return (
    <Stack gap="sm">
      <Text size="xs" c="dimmed">
        Dry run of {formatDateTime(dryRun.at)}: nothing was written.
      </Text>
      <Counts counts={dryRun.counts} label="Dry run counts" />
      <Title order={3} size="h5">
        First rows as they would be stored
      </Title>
      {dryRun.preview.length === 0 ? (
        <Text size="sm" c="dimmed">No row would be stored.</Text>
      ) : (
        <Table.ScrollContainer minWidth={480}>
          <Table aria-label="Dry run preview" verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Email</Table.Th>
                <Table.Th>Phone</Table.Th>
                <Table.Th>Problems</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {dryRun.preview.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>{nameOf(r)}</Table.Td>
                  <Table.Td>{first(r.emails)}</Table.Td>
                  <Table.Td>{first(r.phones)}</Table.Td>
                  <Table.Td>
                    {r.qualityIssues?.length ? (
                      <Stack gap={2}>
                        {r.qualityIssues.map((i) => (
                          <Group key={`${i.code}:${i.field}`} gap={4} wrap="nowrap">
                            <Badge size="xs" color="orange" variant="light">
                              {i.code}
                            </Badge>
                            <Text size="xs">{i.message}</Text>
                          </Group>
                        ))}
                      </Stack>
                    ) : (
                      <Text size="xs" c="dimmed">None</Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Title order={3} size="h5">
        Rows that would not be imported
      </Title>
      {!problems ? (
        <Text size="sm" c="dimmed">Loading the row problems…</Text>
      ) : problems.rows.length === 0 ? (
        <Text size="sm" c="dimmed">Every row can be imported.</Text>
      ) : (
        <List size="sm" spacing={4} aria-label="Row problems">
          {problems.rows.slice(0, 100).map((p) => (
            <List.Item key={p.row}>
              <Text size="sm" span fw={500}>
                Row {p.row}:
              </Text>{' '}
              <Text size="sm" span>
                {p.error}
              </Text>{' '}
              <Text size="xs" span c="dimmed">
                ({p.cells.filter(Boolean).slice(0, 4).join(', ')})
              </Text>
            </List.Item>
          ))}
          {problems.rows.length > 100 && <List.Item>… and {problems.rows.length - 100} more in the error report</List.Item>}
        </List>
      )}
    </Stack>
  );
}
