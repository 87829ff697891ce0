// What a dry run found: the counts, the first rows as they would be stored (with each row's
// quality problems), rows that would create a contact looking like one already stored or like
// another row of the file, and the rows that would fail with the reason.
import { Anchor, Badge, Group, List, SimpleGrid, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from '../../router.tsx';
import { formatDateTime } from '../../ui/format.ts';
import type { DryRun, ImportCounts, PreviewRow, RowDuplicates, RowProblem } from './api.ts';

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

const percent = (p: number) => `${Math.floor(p * 100)}%`;

/** Rows that look like contacts already stored (links to them) or like other rows of the file. */
export function LikelyDuplicates({ duplicates, created }: { duplicates: { count: number; checked: number; rows: RowDuplicates[] }; created: number }) {
  const partial = duplicates.checked < created && (
    <Text size="xs" c="dimmed">
      The first {duplicates.checked.toLocaleString()} of {created.toLocaleString()} new rows were checked for duplicates; the duplicate search after the import covers them all.
    </Text>
  );
  if (duplicates.count === 0) return partial || null;
  return (
    <>
      <Title order={3} size="h5">
        Rows that look like contacts you have ({duplicates.count.toLocaleString()})
      </Title>
      <Text size="xs" c="dimmed">
        These rows would create new contacts. Importing them is allowed; the duplicate search runs after the import and puts likely pairs in the review queue. To update a contact instead, give the row its id or source id.
      </Text>
      {partial}
      <List size="sm" spacing={4} aria-label="Likely duplicates">
        {duplicates.rows.map((r) => (
          <List.Item key={r.rowNo}>
            <Text size="sm" span fw={500}>
              Row {r.rowNo}
            </Text>{' '}
            <Text size="sm" span>looks like </Text>
            {r.candidates.map((c, i) => (
              <Text key={c.contactId ?? `row-${c.rowNo}`} size="sm" span>
                {i > 0 && ', '}
                {c.contactId ? (
                  <Anchor component={Link} to={`/contacts/${c.contactId}`} size="sm">
                    {c.displayName}
                  </Anchor>
                ) : (
                  <>{c.displayName} (row {c.rowNo} of this file)</>
                )}{' '}
                {percent(c.probability)}
              </Text>
            ))}
          </List.Item>
        ))}
        {duplicates.count > duplicates.rows.length && <List.Item>… and {(duplicates.count - duplicates.rows.length).toLocaleString()} more {duplicates.count - duplicates.rows.length === 1 ? 'row' : 'rows'}</List.Item>}
      </List>
    </>
  );
}

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
      {dryRun.duplicates && <LikelyDuplicates duplicates={dryRun.duplicates} created={dryRun.counts.created} />}
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
