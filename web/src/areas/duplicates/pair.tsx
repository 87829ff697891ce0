// One candidate pair: both records side by side, the waterfall, and the decision: merge (choose the
// record that survives and, per field that differs, whose value to keep), not the same, or dismiss.
// After a merge the answer offers to undo it (POST /merges/{id}/undo).
import { useState } from 'react';
import { Alert, Badge, Button, Card, Group, Radio, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { Link } from '../../router.tsx';
import { formatDate, formatValue } from '../../ui/format.ts';
import { FormError } from '../../ui/problem.tsx';
import { sideName, type Candidate, type Merge, type Side } from './types.ts';
import { WaterfallChart } from './waterfall.tsx';

type Row = { field: string; label: string; value(s: Side): string };
const addr = (s: Side) => s.addresses.map((a) => [a.line1, a.city, a.postalCode, a.country].filter(Boolean).join(', ')).join(' | ');
const contactRows: Row[] = [
  { field: 'givenName', label: 'Given name', value: (s) => ('givenName' in s ? s.givenName ?? '' : '') },
  { field: 'familyName', label: 'Family name', value: (s) => ('familyName' in s ? s.familyName ?? '' : '') },
  { field: 'emails', label: 'Emails', value: (s) => ('emails' in s ? s.emails.map((e) => e.address).join(', ') : '') },
  { field: 'phones', label: 'Phones', value: (s) => s.phones.map((p) => p.number).join(', ') },
  { field: 'addresses', label: 'Addresses', value: addr },
  { field: 'birthDate', label: 'Birth date', value: (s) => ('birthDate' in s && s.birthDate ? formatDate(s.birthDate) : '') },
  { field: '', label: 'Company', value: (s) => ('company' in s ? s.company ?? '' : '') },
];
const companyRows: Row[] = [
  { field: 'name', label: 'Name', value: (s) => ('name' in s ? s.name : '') },
  { field: 'domain', label: 'Domain', value: (s) => ('domain' in s ? s.domain ?? '' : '') },
  { field: 'website', label: 'Website', value: (s) => ('website' in s ? s.website ?? '' : '') },
  { field: 'phones', label: 'Phones', value: (s) => s.phones.map((p) => p.number).join(', ') },
  { field: 'addresses', label: 'Addresses', value: addr },
];
const lists = new Set(['emails', 'phones', 'addresses']);

type Pick = 'left' | 'right' | 'both';

export function PairReview({ candidate, onDecided }: { candidate: Candidate; onDecided(): void }) {
  const { left, right } = candidate;
  const rows = candidate.entity === 'contact' ? contactRows : companyRows;
  const [survivor, setSurvivor] = useState<'left' | 'right'>(left.updatedAt >= right.updatedAt ? 'left' : 'right');
  const [picks, setPicks] = useState<Record<string, Pick>>({});
  const [merge, setMerge] = useState<Merge | null>(null);
  const differing = rows.filter((r) => r.field && r.value(left) !== r.value(right) && r.value(left) && r.value(right));

  const decide = useMutation({
    mutationFn: (decision: 'merge' | 'not_duplicate' | 'dismiss') => {
      if (decision !== 'merge') return api<{ merge: Merge | null }>('POST', `/matching/candidates/${candidate.id}/decision`, { decision });
      const fields: Record<string, 'survivor' | 'merged'> = {};
      for (const [f, p] of Object.entries(picks)) if (p !== 'both') fields[f] = p === survivor ? 'survivor' : 'merged';
      const survivorId = survivor === 'left' ? left.id : right.id;
      return api<{ merge: Merge | null }>('POST', `/matching/candidates/${candidate.id}/decision`, { decision, survivorId, fields });
    },
    // After a merge the pair stays on screen (with undo) until "Next pair" refreshes the queue.
    onSuccess: (out, decision) => {
      if (decision === 'merge' && out.merge) setMerge(out.merge);
      else onDecided();
    },
  });
  const undo = useMutation({
    mutationFn: () => api<Merge>('POST', `/merges/${merge!.id}/undo`, {}),
    onSuccess: (m) => setMerge(m),
  });

  const link = (s: Side) => `/${candidate.entity === 'contact' ? 'contacts' : 'companies'}/${s.id}`;
  if (merge) {
    const kept = merge.survivorId === left.id ? left : right;
    return (
      <Alert color={merge.undoneAt ? 'gray' : 'teal'} title={merge.undoneAt ? 'Merge undone' : 'Merged'} role="status">
        <Stack gap="xs">
          <Text size="sm">
            {merge.undoneAt ? 'Both records are back as they were.' : <>The records are now one: <Link to={link(kept)}>{sideName(kept)}</Link>.</>}
          </Text>
          <FormError error={undo.error} />
          <Group gap="xs">
            {!merge.undoneAt && (
              <Button size="xs" variant="light" color="red" onClick={() => undo.mutate()} loading={undo.isPending}>
                Undo merge
              </Button>
            )}
            <Button size="xs" variant="default" onClick={onDecided}>
              Next pair
            </Button>
          </Group>
        </Stack>
      </Alert>
    );
  }

  return (
    <Stack gap="md">
      <Group gap="xs">
        <Badge color={candidate.band === 'uncertain' ? 'yellow' : 'teal'} variant="light">
          {candidate.band === 'uncertain' ? 'Uncertain' : 'Likely'}
        </Badge>
        <Text size="sm" c="dimmed">
          {(candidate.probability * 100).toFixed(1)}% likely the same
        </Text>
      </Group>
      <Table.ScrollContainer minWidth={340}>
        <Table aria-label="Both records" verticalSpacing={4} layout="fixed">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={110}>Field</Table.Th>
              <Table.Th><Link to={link(left)}>{sideName(left)}</Link></Table.Th>
              <Table.Th><Link to={link(right)}>{sideName(right)}</Link></Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => {
              const a = r.value(left);
              const b = r.value(right);
              return (
                <Table.Tr key={r.label} bg={a !== b ? 'var(--mantine-color-yellow-light)' : undefined}>
                  <Table.Td><Text size="xs" c="dimmed">{r.label}</Text></Table.Td>
                  <Table.Td style={{ wordBreak: 'break-word' }}><Text size="sm">{formatValue(a)}</Text></Table.Td>
                  <Table.Td style={{ wordBreak: 'break-word' }}><Text size="sm">{formatValue(b)}</Text></Table.Td>
                </Table.Tr>
              );
            })}
            <Table.Tr>
              <Table.Td><Text size="xs" c="dimmed">Last changed</Text></Table.Td>
              <Table.Td><Text size="sm">{formatDate(left.updatedAt)}</Text></Table.Td>
              <Table.Td><Text size="sm">{formatDate(right.updatedAt)}</Text></Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>

      <Card withBorder p="sm">
        <Title order={3} size="h5" mb="xs">
          Why they match
        </Title>
        <WaterfallChart waterfall={candidate.waterfall} matchWeight={candidate.matchWeight} probability={candidate.probability} />
      </Card>

      {candidate.status === 'open' && (
        <Card withBorder p="sm">
          <Stack gap="sm">
            <Title order={3} size="h5">
              Decide
            </Title>
            <FormError error={decide.error} />
            <Radio.Group label="Record that stays" value={survivor} onChange={(v) => setSurvivor(v as 'left' | 'right')}>
              <Group gap="md" mt={4}>
                <Radio value="left" label={`First: ${sideName(left)}`} />
                <Radio value="right" label={`Second: ${sideName(right)}`} />
              </Group>
            </Radio.Group>
            {differing.length > 0 && (
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
                {differing.map((r) => (
                  <Radio.Group key={r.field} label={`${r.label} to keep`} value={picks[r.field] ?? (lists.has(r.field) ? 'both' : survivor)} onChange={(v) => setPicks((p) => ({ ...p, [r.field]: v as Pick }))}>
                    <Stack gap={2} mt={4}>
                      <Radio value="left" label={formatValue(r.value(left))} />
                      <Radio value="right" label={formatValue(r.value(right))} />
                      {lists.has(r.field) && <Radio value="both" label="Both" />}
                    </Stack>
                  </Radio.Group>
                ))}
              </SimpleGrid>
            )}
            <Group gap="xs">
              <Button onClick={() => decide.mutate('merge')} loading={decide.isPending && decide.variables === 'merge'}>
                Merge
              </Button>
              <Button variant="default" onClick={() => decide.mutate('not_duplicate')} loading={decide.isPending && decide.variables === 'not_duplicate'}>
                Not the same
              </Button>
              <Button variant="subtle" color="gray" onClick={() => decide.mutate('dismiss')} loading={decide.isPending && decide.variables === 'dismiss'}>
                Dismiss
              </Button>
            </Group>
          </Stack>
        </Card>
      )}
    </Stack>
  );
}
