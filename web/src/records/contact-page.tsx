// /contacts/:id: a header of key facts, the timeline, and side cards with details (edited in
// place), related records, consent and source identifiers. Stacks into one column on phones.
import { Anchor, Badge, Button, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { useUsers } from '../api/hooks.ts';
import { lifecycleStages, type Contact } from '../api/types.ts';
import { useSession } from '../auth/session.tsx';
import { useLogInteraction } from '../interactions/index.ts';
import { useCurrentRecord } from '../shell/current-record.ts';
import { Icon } from '../ui/icons.tsx';
import { formatDate } from '../ui/format.ts';
import { ErrorState, Loading } from '../ui/states.tsx';
import { ConsentSection, MoreSection, RelatedSection, Section, SourceIdsSection } from './contact-sections.tsx';
import { EditableField } from './editable-field.tsx';
import { useContact, usePatchRecord } from './queries.ts';
import { Timeline } from './timeline.tsx';
import { SourcesPanel } from './sources-panel.tsx';
import { PossibleDuplicates } from '../areas/duplicates/index.ts';

const stageColor: Record<string, string> = { lead: 'gray', prospect: 'blue', client: 'teal', former: 'orange' };
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const primary = <T extends { primary: boolean }>(list: T[]) => list.find((x) => x.primary) ?? list[0];

/** Replaces the primary entry's field in a list (or adds one), keeping the others as they are. */
function withPrimary<T extends { primary: boolean }>(list: T[], value: string, make: (v: string) => T, set: (x: T, v: string) => T): T[] {
  const i = list.findIndex((x) => x.primary);
  const at = i >= 0 ? i : 0;
  if (!value.trim()) return list.filter((_, j) => j !== at);
  if (!list.length) return [make(value.trim())];
  return list.map((x, j) => (j === at ? set(x, value.trim()) : x));
}

function Details({ contact, canEdit }: { contact: Contact; canEdit: boolean }) {
  const patch = usePatchRecord<Contact>('contacts', contact.id);
  const users = useUsers();
  const save = (body: Record<string, unknown>) => patch.mutateAsync(body);
  const text = (v: string) => v.trim() || null;
  const email = primary(contact.emails);
  const phone = primary(contact.phones);
  // Lists go back whole (the API replaces them); only the fields the API accepts are sent.
  const emailsIn = contact.emails.map(({ address, type, primary }) => ({ address, type, primary }));
  const phonesIn = contact.phones.map(({ number, type, primary }) => ({ number, type, primary }));
  const ro = !canEdit;
  return (
    <Section title="Details">
      <Stack gap="sm">
        <EditableField readOnly={ro} label="Given name" field="givenName" value={contact.givenName ?? ''} onSave={(v) => save({ givenName: text(v) })} />
        <EditableField readOnly={ro} label="Family name" field="familyName" value={contact.familyName ?? ''} onSave={(v) => save({ familyName: text(v) })} />
        <EditableField readOnly={ro} label="Job title" field="jobTitle" value={contact.jobTitle ?? ''} onSave={(v) => save({ jobTitle: text(v) })} />
        <EditableField readOnly={ro} label="Lifecycle stage" field="lifecycleStage" value={contact.lifecycleStage} display={cap(contact.lifecycleStage)} input="select" options={lifecycleStages.map((s) => ({ value: s, label: cap(s) }))} onSave={(v) => save({ lifecycleStage: v })} />
        <EditableField readOnly={ro} label="Tier" field="tier" value={contact.tier ?? ''} onSave={(v) => save({ tier: text(v) })} />
        <EditableField readOnly={ro} label="Email" field="emails" input="email" value={email?.address ?? ''}
          display={email ? <Anchor href={`mailto:${email.address}`} size="sm">{email.address}</Anchor> : undefined}
          onSave={(v) => save({ emails: withPrimary(emailsIn, v, (a) => ({ address: a, type: 'work', primary: true }), (x, a) => ({ ...x, address: a })) })} />
        <EditableField readOnly={ro} label="Phone" field="phones" input="tel" value={phone?.number ?? ''}
          display={phone ? <Anchor href={`tel:${phone.e164 ?? phone.number}`} size="sm">{phone.number}</Anchor> : undefined}
          onSave={(v) => save({ phones: withPrimary(phonesIn, v, (n) => ({ number: n, type: 'work', primary: true }), (x, n) => ({ ...x, number: n })) })} />
        <EditableField readOnly={ro} label="Owner" field="ownerId" value={contact.ownerId ?? ''} display={contact.ownerId ? users.get(contact.ownerId)?.name ?? 'Unknown user' : undefined}
          input="select" options={[{ value: '', label: 'Nobody' }, ...[...users.values()].filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))]}
          onSave={(v) => save({ ownerId: v || null })} />
        <EditableField readOnly={ro} label="Tags" field="tags" value={contact.tags.join(', ')}
          display={contact.tags.length ? <Group gap={4} component="span">{contact.tags.map((t) => <Badge key={t} size="sm" variant="outline">{t}</Badge>)}</Group> : undefined}
          onSave={(v) => save({ tags: v.split(',').map((t) => t.trim()).filter(Boolean) })} />
        {'birthDate' in contact && (
          <EditableField readOnly={ro} label="Birth date" field="birthDate" input="date" value={contact.birthDate ?? ''} display={contact.birthDate ? formatDate(contact.birthDate) : undefined} onSave={(v) => save({ birthDate: v || null })} />
        )}
      </Stack>
    </Section>
  );
}

function Header({ contact }: { contact: Contact }) {
  const log = useLogInteraction();
  const users = useUsers();
  const email = primary(contact.emails);
  const phone = primary(contact.phones);
  const company = contact.companies.find((c) => c.isPrimary) ?? contact.companies[0];
  const owner = contact.ownerId ? users.get(contact.ownerId)?.name : null;
  const logWith = (kind?: 'phone_call' | 'in_person') => log.open({ contactId: contact.id, contactName: contact.displayName, ...(kind ? { kind } : {}), ...(company ? { companyId: company.companyId } : {}) });
  return (
    <Stack gap="xs" mb="md">
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={2} style={{ minWidth: 0, flex: '1 1 260px' }}>
          <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>{contact.displayName}</Title>
          <Text c="dimmed" size="sm">
            {[contact.jobTitle, company?.name].filter(Boolean).join(' · ') || 'Contact'}
          </Text>
        </Stack>
        <Group gap="xs">
          <Button onClick={() => logWith('phone_call')} leftSection={<Icon name="phone" size={16} />}>Log call</Button>
          <Button variant="light" onClick={() => logWith('in_person')}>Log meeting</Button>
        </Group>
      </Group>
      <Group gap={6}>
        <Badge color={stageColor[contact.lifecycleStage] ?? 'gray'} variant="light">{cap(contact.lifecycleStage)}</Badge>
        {contact.tier && <Badge variant="outline">Tier: {contact.tier}</Badge>}
        {owner && <Badge variant="default">Owner: {owner}</Badge>}
        {contact.categories.map((c) => <Badge key={c.id} variant="dot">{c.path}</Badge>)}
      </Group>
      <Group gap="md">
        {email && <Anchor href={`mailto:${email.address}`} size="sm">{email.address}</Anchor>}
        {phone && <Anchor href={`tel:${phone.e164 ?? phone.number}`} size="sm">{phone.number}</Anchor>}
      </Group>
    </Stack>
  );
}

export function ContactPage({ id }: { id: string }) {
  const q = useContact(id);
  const { user } = useSession();
  const contact = q.data?.data;
  useCurrentRecord(contact ? { type: 'contact', id: contact.id, name: contact.displayName } : null);
  if (q.isPending) return <Loading label="Loading the contact" />;
  if (q.isError || !contact) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const canEdit = user.role !== 'read_only';
  return (
    <div>
      <Header contact={contact} />
      <PossibleDuplicates entity="contact" id={contact.id} name={contact.displayName} version={contact.version} />
      <Grid gap="md" mt="sm">
        <Grid.Col span={{ base: 12, md: 4 }} order={{ base: 2, md: 2 }}>
          <Stack gap="md">
            <Details contact={contact} canEdit={canEdit} />
            <RelatedSection contact={contact} />
            <ConsentSection consent={contact.consent} />
            <SourceIdsSection ids={contact.sourceIdentifiers} />
            <SourcesPanel resource="contacts" id={contact.id} version={contact.version} />
            <MoreSection contact={contact} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }} order={{ base: 1, md: 1 }}>
          <Timeline resource="contacts" id={contact.id} />
        </Grid.Col>
      </Grid>
    </div>
  );
}
