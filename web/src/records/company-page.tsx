// /companies/:id: key facts, the company's timeline, its contacts, details edited in place and
// source identifiers. Stacks into one column on phones.
import { Anchor, Badge, Button, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import { useUsers } from '../api/hooks.ts';
import type { Company, LinkedContact, ListPage } from '../api/types.ts';
import { useSession } from '../auth/session.tsx';
import { PossibleDuplicates } from '../areas/duplicates/index.ts';
import { useLogInteraction } from '../interactions/index.ts';
import { Link } from '../router.tsx';
import { useCurrentRecord } from '../shell/current-record.ts';
import { ErrorState, Loading } from '../ui/states.tsx';
import { Section, SourceIdsSection } from './contact-sections.tsx';
import { SourcesPanel } from './sources-panel.tsx';
import { EditableField } from './editable-field.tsx';
import { useCompany, usePatchRecord } from './queries.ts';
import { Timeline } from './timeline.tsx';

function Details({ company, canEdit }: { company: Company; canEdit: boolean }) {
  const patch = usePatchRecord<Company>('companies', company.id);
  const users = useUsers();
  const save = (body: Record<string, unknown>) => patch.mutateAsync(body);
  const text = (v: string) => v.trim() || null;
  const ro = !canEdit;
  return (
    <Section title="Details">
      <Stack gap="sm">
        <EditableField readOnly={ro} label="Name" field="name" value={company.name} onSave={(v) => save({ name: v.trim() })} />
        <EditableField readOnly={ro} label="Domain" field="domain" value={company.domain ?? ''} onSave={(v) => save({ domain: text(v) })} />
        <EditableField readOnly={ro} label="Website" field="website" value={company.website ?? ''}
          display={company.website ? <Anchor href={company.website} target="_blank" rel="noopener noreferrer" size="sm">{company.website}</Anchor> : undefined}
          onSave={(v) => save({ website: text(v) })} />
        <EditableField readOnly={ro} label="Industry" field="industry" value={company.industry ?? ''} onSave={(v) => save({ industry: text(v) })} />
        <EditableField readOnly={ro} label="Employees" field="size" input="number" value={company.size === null ? '' : String(company.size)}
          onSave={(v) => save({ size: v.trim() === '' ? null : Number(v) })} />
        <EditableField readOnly={ro} label="Owner" field="ownerId" value={company.ownerId ?? ''} display={company.ownerId ? users.get(company.ownerId)?.name ?? 'Unknown user' : undefined}
          input="select" options={[{ value: '', label: 'Nobody' }, ...[...users.values()].filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))]}
          onSave={(v) => save({ ownerId: v || null })} />
        <EditableField readOnly={ro} label="Description" field="description" input="textarea" value={company.description ?? ''} onSave={(v) => save({ description: text(v) })} />
        <EditableField readOnly={ro} label="Tags" field="tags" value={company.tags.join(', ')} onSave={(v) => save({ tags: v.split(',').map((t) => t.trim()).filter(Boolean) })} />
      </Stack>
    </Section>
  );
}

function People({ companyId }: { companyId: string }) {
  const q = useQuery({
    queryKey: ['company-contacts', companyId],
    queryFn: ({ signal }) => api<ListPage<LinkedContact>>('GET', `/companies/${companyId}/contacts?limit=50`, undefined, { signal }),
  });
  return (
    <Section title="Contacts">
      {q.isPending ? <Loading /> : q.isError ? <ErrorState error={q.error} onRetry={() => void q.refetch()} /> : q.data.data.length === 0 ? (
        <Text size="sm" c="dimmed">No contacts linked</Text>
      ) : (
        <Stack gap={4}>
          {q.data.data.map((c) => (
            <Group key={c.id} gap={6} wrap="nowrap" justify="space-between">
              <Anchor component={Link} to={`/contacts/${c.id}`} size="sm" truncate>{c.displayName ?? c.id}</Anchor>
              <Group gap={4} wrap="nowrap">
                {c.role && <Text size="xs" c="dimmed" truncate>{c.role}</Text>}
                {c.isPrimary && <Badge size="xs" variant="light">primary</Badge>}
              </Group>
            </Group>
          ))}
          {q.data.nextCursor && <Text size="xs" c="dimmed">Showing the first 50</Text>}
        </Stack>
      )}
    </Section>
  );
}

export function CompanyPage({ id }: { id: string }) {
  const q = useCompany(id);
  const { user } = useSession();
  const log = useLogInteraction();
  const users = useUsers();
  const company = q.data?.data;
  useCurrentRecord(company ? { type: 'company', id: company.id, name: company.name } : null);
  if (q.isPending) return <Loading label="Loading the company" />;
  if (q.isError || !company) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const owner = company.ownerId ? users.get(company.ownerId)?.name : null;
  const phone = company.phones.find((p) => p.primary) ?? company.phones[0];
  return (
    <div>
      <Stack gap="xs" mb="md">
        <Group justify="space-between" align="flex-start" gap="sm">
          <Stack gap={2} style={{ minWidth: 0, flex: '1 1 260px' }}>
            <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>{company.name}</Title>
            <Text c="dimmed" size="sm">{[company.industry, company.size !== null ? `${company.size.toLocaleString()} employees` : null].filter(Boolean).join(' · ') || 'Company'}</Text>
          </Stack>
          <Button onClick={() => log.open({ companyId: company.id })}>Log interaction</Button>
        </Group>
        <Group gap={6}>
          {owner && <Badge variant="default">Owner: {owner}</Badge>}
          {company.tags.map((t) => <Badge key={t} variant="outline">{t}</Badge>)}
        </Group>
        <Group gap="md">
          {company.domain && <Text size="sm">{company.domain}</Text>}
          {phone && <Anchor href={`tel:${phone.e164 ?? phone.number}`} size="sm">{phone.number}</Anchor>}
        </Group>
      </Stack>
      <PossibleDuplicates entity="company" id={company.id} name={company.name} version={company.version} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 4 }} order={{ base: 2, md: 2 }}>
          <Stack gap="md">
            <Details company={company} canEdit={user.role !== 'read_only'} />
            <People companyId={company.id} />
            <SourceIdsSection ids={company.sourceIdentifiers} />
            <SourcesPanel resource="companies" id={company.id} version={company.version} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }} order={{ base: 1, md: 1 }}>
          <Timeline resource="companies" id={company.id} />
        </Grid.Col>
      </Grid>
    </div>
  );
}
