// The side cards of a contact page: related records (companies, households, relationships),
// consent, source identifiers and the sensitive fields the API chose to include.
import { Anchor, Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { api } from '../api/client.ts';
import type { Contact, Household, ListPage, Relationship } from '../api/types.ts';
import { Link } from '../router.tsx';
import { formatDate, formatDateTime, formatMoney, formatValue } from '../ui/format.ts';

export function Section({ title, children, action }: { title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <Card withBorder padding="md" component="section" aria-label={title}>
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5">{title}</Title>
        {action}
      </Group>
      {children}
    </Card>
  );
}

const none = (what: string) => <Text size="sm" c="dimmed">No {what}</Text>;

export function RelatedSection({ contact }: { contact: Contact }) {
  const households = useQuery({
    queryKey: ['contact-households', contact.id],
    queryFn: ({ signal }) => api<ListPage<Household>>('GET', `/contacts/${contact.id}/households`, undefined, { signal }),
  });
  const relationships = useQuery({
    queryKey: ['contact-relationships', contact.id],
    queryFn: ({ signal }) => api<ListPage<Relationship>>('GET', `/contacts/${contact.id}/relationships`, undefined, { signal }),
  });
  return (
    <Section title="Related">
      <Stack gap="sm">
        <div>
          <Text size="xs" c="dimmed" mb={2}>Companies</Text>
          {contact.companies.length ? contact.companies.map((c) => (
            <Group gap={6} key={c.companyId}>
              <Anchor component={Link} to={`/companies/${c.companyId}`} size="sm">{c.name}</Anchor>
              {c.role && <Text size="xs" c="dimmed">{c.role}</Text>}
              {c.isPrimary && <Badge size="xs" variant="light">primary</Badge>}
            </Group>
          )) : none('companies')}
        </div>
        <div>
          <Text size="xs" c="dimmed" mb={2}>Households</Text>
          {households.isPending ? <Text size="sm" c="dimmed">Loading…</Text> : households.isError ? <Text size="sm" c="red">Could not load households</Text> :
            households.data.data.length ? households.data.data.map((h) => (
              <Stack gap={0} key={h.id}>
                <Text size="sm" fw={500}>{h.name}</Text>
                <Group gap={6}>
                  {h.members.filter((m) => m.contactId !== contact.id).map((m) => (
                    <Anchor key={m.contactId} component={Link} to={`/contacts/${m.contactId}`} size="sm">{m.displayName} <Text span size="xs" c="dimmed">({m.role})</Text></Anchor>
                  ))}
                </Group>
              </Stack>
            )) : none('households')}
        </div>
        <div>
          <Text size="xs" c="dimmed" mb={2}>Relationships</Text>
          {relationships.isPending ? <Text size="sm" c="dimmed">Loading…</Text> : relationships.isError ? <Text size="sm" c="red">Could not load relationships</Text> :
            relationships.data.data.length ? relationships.data.data.map((r) => (
              <Group gap={6} key={r.id}>
                <Text size="sm" c="dimmed">{r.kind.replaceAll('_', ' ')}</Text>
                <Anchor component={Link} to={`/contacts/${r.contact.id}`} size="sm">{r.contact.displayName}</Anchor>
              </Group>
            )) : none('relationships')}
        </div>
      </Stack>
    </Section>
  );
}

export function ConsentSection({ consent }: { consent: Contact['consent'] }) {
  const entries = Object.entries(consent);
  const color = (s: string) => (s === 'granted' ? 'teal' : s === 'denied' ? 'red' : 'gray');
  return (
    <Section title="Consent">
      {entries.length ? (
        <Stack gap={4}>
          {entries.map(([channel, c]) => (
            <Group key={channel} justify="space-between" wrap="nowrap">
              <Text size="sm">{channel.replaceAll('_', ' ')}</Text>
              <Group gap={6} wrap="nowrap">
                {c.at && <Text size="xs" c="dimmed">{formatDateTime(c.at)}{c.source ? ` · ${c.source}` : ''}</Text>}
                <Badge size="sm" color={color(c.status)} variant="light" style={{ flexShrink: 0 }}>{c.status}</Badge>
              </Group>
            </Group>
          ))}
        </Stack>
      ) : none('consent recorded')}
    </Section>
  );
}

export function SourceIdsSection({ ids }: { ids: { system: string; externalId: string }[] }) {
  return (
    <Section title="Source identifiers">
      {ids.length ? (
        <Stack gap={4}>
          {ids.map((s) => (
            <Group key={`${s.system}:${s.externalId}`} justify="space-between" wrap="nowrap" gap="xs">
              <Text size="sm" c="dimmed">{s.system}</Text>
              <Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>{s.externalId}</Text>
            </Group>
          ))}
        </Stack>
      ) : none('source identifiers')}
    </Section>
  );
}

/** Net worth, account numbers, contract documents, custom fields: only what the API sent. */
export function MoreSection({ contact }: { contact: Contact }) {
  const rows: [string, ReactNode][] = [];
  if (contact.netWorth) rows.push(['Net worth', formatMoney(contact.netWorth.amount, contact.netWorth.currency)]);
  for (const a of contact.accountNumbers ?? []) rows.push([`Account (${a.system})`, a.number]);
  for (const d of contact.contractDocuments ?? []) rows.push([`Contract`, `${d.name}${d.signedOn ? ` · signed ${formatDate(d.signedOn)}` : ''}`]);
  for (const [k, v] of Object.entries(contact.customFields)) rows.push([k, formatValue(v)]);
  for (const a of contact.addresses) rows.push([`Address (${a.type})`, [a.line1, a.line2, [a.postalCode, a.city].filter(Boolean).join(' '), a.region, a.country].filter(Boolean).join(', ')]);
  if (!rows.length) return null;
  return (
    <Section title="More">
      <Stack gap={4}>
        {rows.map(([k, v], i) => (
          <Group key={i} justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
            <Text size="sm" c="dimmed">{k}</Text>
            <Text size="sm" ta="right" style={{ overflowWrap: 'anywhere' }}>{v}</Text>
          </Group>
        ))}
      </Stack>
    </Section>
  );
}
