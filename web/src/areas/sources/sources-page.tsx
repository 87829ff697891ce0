// /sources: the tenant's data sources and survivorship. Every system that has sent records
// (GET /sources/systems: what each speaks for and provides, when it last sent) and the settings
// that decide which source's value a contact or company shows when they disagree
// (GET/PUT /sources/settings): systems ranked by trust, the criteria in order, and per-field
// criteria. Admins edit; controllers see the same page read-only. Saving queues the
// sources.recompute job, whose progress shows here while stored golden records are recomputed.
import { useEffect, useMemo, useState } from 'react';
import { ActionIcon, Badge, Button, Card, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { FormError } from '../../ui/problem.tsx';
import { ErrorState, Loading } from '../../ui/states.tsx';
import { AreaPage } from '../shared/page.tsx';
import { JobProgress, jobEnded, useJob, type Job } from '../shared/jobs.tsx';

type Criterion = 'trusted' | 'recent' | 'complete';
export interface Survivorship { trustedSystems: string[]; rules: Criterion[]; fieldRules: Partial<Record<string, Criterion[]>> }
export interface SystemSummary { system: string; contacts: number; companies: number; providing: number; lastReceivedAt: string }

const criterionLabel: Record<Criterion, string> = { trusted: 'most trusted system', recent: 'most recent', complete: 'most complete' };
const allCriteria: Criterion[] = ['trusted', 'recent', 'complete'];
const orderLabel = (o: readonly Criterion[]) => {
  const s = o.map((c) => criterionLabel[c]).join(', then ');
  return s.charAt(0).toUpperCase() + s.slice(1);
};
const permutations = (xs: Criterion[]): Criterion[][] =>
  xs.length <= 1 ? [xs] : xs.flatMap((x) => permutations(xs.filter((y) => y !== x)).map((rest) => [x, ...rest]));
const orders = permutations(allCriteria);
const key = (o: readonly Criterion[]) => o.join(',');

// The golden fields (src/sources/golden.ts), contacts' first, then companies' own.
const fields: [string, string][] = [
  ['givenName', 'Given name'], ['middleName', 'Middle name'], ['familyName', 'Family name'], ['prefix', 'Prefix'], ['suffix', 'Suffix'],
  ['jobTitle', 'Job title'], ['birthDate', 'Birth date'], ['netWorth', 'Net worth'], ['emails', 'Emails'], ['phones', 'Phones'],
  ['addresses', 'Addresses'], ['name', 'Company name'], ['domain', 'Domain'], ['website', 'Website'], ['industry', 'Industry'],
  ['size', 'Company size'], ['description', 'Description'],
];

const systemLabel = (s: string) => (s === 'rapport' ? 'rapport (typed in Rapport)' : s);
const same = (a: Survivorship, b: Survivorship) => JSON.stringify(a) === JSON.stringify(b);
const move = <T,>(xs: T[], i: number, by: number) => {
  const out = [...xs];
  const [x] = out.splice(i, 1);
  out.splice(i + by, 0, x!);
  return out;
};

function Counts({ s }: { s: SystemSummary | undefined }) {
  if (!s) return <Text size="xs" c="dimmed">No records yet</Text>;
  return (
    <Text size="xs" c="dimmed">
      {s.contacts.toLocaleString()} contacts · {s.companies.toLocaleString()} companies · gives a value to {s.providing.toLocaleString()} · last sent {formatDateTime(s.lastReceivedAt)}
    </Text>
  );
}

function TrustRanking({ draft, systems, editable, onChange }: { draft: Survivorship; systems: SystemSummary[]; editable: boolean; onChange(trusted: string[]): void }) {
  const [adding, setAdding] = useState('');
  const bySystem = new Map(systems.map((s) => [s.system, s]));
  const unranked = systems.map((s) => s.system).filter((s) => !draft.trustedSystems.includes(s));
  const ranked = draft.trustedSystems;
  const addName = adding.trim();
  const addProblem = addName && ranked.includes(addName) ? 'Already ranked' : addName.length > 60 ? 'At most 60 characters' : null;
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={2} size="h4">Systems, most trusted first</Title>
        <Text size="sm" c="dimmed">
          Where “most trusted system” decides, a value from a system higher in this list wins. Systems not ranked come after all ranked ones, equal among themselves.
        </Text>
        {ranked.length === 0 && <Text size="sm">No system is ranked: every system is trusted alike.</Text>}
        <Stack gap={6} role="list" aria-label="Ranked systems">
          {ranked.map((s, i) => (
            <Group key={s} justify="space-between" wrap="nowrap" role="listitem" aria-label={s}>
              <Group gap="xs" wrap="nowrap">
                <Badge variant="light" circle>{i + 1}</Badge>
                <Stack gap={0}>
                  <Text size="sm" fw={600}>{systemLabel(s)}</Text>
                  <Counts s={bySystem.get(s)} />
                </Stack>
              </Group>
              {editable && (
                <Group gap={4} wrap="nowrap">
                  <ActionIcon variant="default" aria-label={`Trust ${s} more`} disabled={i === 0} onClick={() => onChange(move(ranked, i, -1))}>↑</ActionIcon>
                  <ActionIcon variant="default" aria-label={`Trust ${s} less`} disabled={i === ranked.length - 1} onClick={() => onChange(move(ranked, i, 1))}>↓</ActionIcon>
                  <Button size="compact-sm" variant="subtle" aria-label={`Unrank ${s}`} onClick={() => onChange(ranked.filter((x) => x !== s))}>Unrank</Button>
                </Group>
              )}
            </Group>
          ))}
        </Stack>
        {unranked.length > 0 && (
          <>
            <Title order={3} size="h5">Not ranked</Title>
            <Stack gap={6} role="list" aria-label="Systems not ranked">
              {unranked.map((s) => (
                <Group key={s} justify="space-between" wrap="nowrap" role="listitem" aria-label={s}>
                  <Stack gap={0}>
                    <Text size="sm">{systemLabel(s)}</Text>
                    <Counts s={bySystem.get(s)} />
                  </Stack>
                  {editable && (
                    <Button size="compact-sm" variant="default" aria-label={`Rank ${s}`} onClick={() => onChange([...ranked, s])}>Rank last</Button>
                  )}
                </Group>
              ))}
            </Stack>
          </>
        )}
        {editable && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (!addName || addProblem) return;
              onChange([...ranked, addName]);
              setAdding('');
            }}
          >
            <Group gap="xs" align="flex-end">
              <TextInput
                label="Rank a system that has not sent records yet"
                placeholder="e.g. core-banking"
                value={adding}
                error={addProblem}
                onChange={(e) => setAdding(e.currentTarget.value)}
              />
              <Button type="submit" variant="default" disabled={!addName || !!addProblem}>Add</Button>
            </Group>
          </form>
        )}
      </Stack>
    </Card>
  );
}

function Criteria({ draft, editable, onChange }: { draft: Survivorship; editable: boolean; onChange(next: Survivorship): void }) {
  const defaultKey = key(draft.rules);
  const ruleOptions = orders.some((o) => key(o) === defaultKey) ? orders : [draft.rules, ...orders];
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={2} size="h4">How a field’s value is chosen</Title>
        <Text size="sm" c="dimmed">
          Among the sources that give a field, the first criterion decides; ties go to the next. Any tie left goes to the most recent value.
        </Text>
        <NativeSelect
          label="For every field"
          disabled={!editable}
          value={defaultKey}
          onChange={(e) => onChange({ ...draft, rules: e.currentTarget.value.split(',') as Criterion[] })}
          data={ruleOptions.map((o) => ({ value: key(o), label: orderLabel(o) }))}
        />
        <Title order={3} size="h5">Fields that go their own way</Title>
        <Table withRowBorders={false} verticalSpacing={4} aria-label="Criteria per field">
          <Table.Tbody>
            {fields.map(([field, label]) => {
              const own = draft.fieldRules[field];
              const options = own && !orders.some((o) => key(o) === key(own)) ? [own, ...orders] : orders;
              return (
                <Table.Tr key={field}>
                  <Table.Td><Text size="sm">{label}</Text></Table.Td>
                  <Table.Td>
                    <NativeSelect
                      aria-label={`Criteria for ${label}`}
                      size="xs"
                      disabled={!editable}
                      value={own ? key(own) : ''}
                      onChange={(e) => {
                        const v = e.currentTarget.value;
                        const fieldRules = { ...draft.fieldRules };
                        if (v) fieldRules[field] = v.split(',') as Criterion[];
                        else delete fieldRules[field];
                        onChange({ ...draft, fieldRules });
                      }}
                      data={[{ value: '', label: 'As every field' }, ...options.map((o) => ({ value: key(o), label: orderLabel(o) }))]}
                    />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Stack>
    </Card>
  );
}

export function SourcesPage() {
  const { user } = useSession();
  const qc = useQueryClient();
  const editable = user.role === 'admin';
  const settings = useQuery({ queryKey: ['survivorship'], queryFn: ({ signal }) => api<Survivorship>('GET', '/sources/settings', undefined, { signal }) });
  const systems = useQuery({ queryKey: ['source-systems'], queryFn: ({ signal }) => api<{ data: SystemSummary[] }>('GET', '/sources/systems', undefined, { signal }) });
  const [draft, setDraft] = useState<Survivorship | null>(null);
  const [saves, setSaves] = useState(0);
  useEffect(() => {
    if (settings.data && !draft) setDraft(settings.data);
  }, [settings.data, draft]);
  const save = useMutation({
    mutationFn: (next: Survivorship) => api<Survivorship>('PUT', '/sources/settings', next),
    onSuccess: (out) => {
      qc.setQueryData(['survivorship'], out);
      setDraft(out);
      setSaves((n) => n + 1);
      // Lineage panels show the settings too.
      void qc.invalidateQueries({ predicate: (q) => q.queryKey.includes('lineage') });
    },
  });
  const changed = useMemo(() => !!draft && !!settings.data && !same(draft, settings.data), [draft, settings.data]);
  // The latest recompute (queued by a save, here or elsewhere): shown while it runs, and once it
  // ends after a save made on this page.
  const latest = useQuery({
    queryKey: ['source-recompute', saves],
    queryFn: ({ signal }) => api<{ data: Job[] }>('GET', '/jobs?kind=sources.recompute&limit=1', undefined, { signal }),
    enabled: editable,
  });
  const recompute = useJob(latest.data?.data[0]?.id, latest.data?.data[0]);
  const showRecompute = recompute.data && (!jobEnded(recompute.data) || saves > 0);

  return (
    <AreaPage
      title="Data sources"
      intro="Every system that has sent contacts or companies, and which system’s value a record shows when they disagree. Saved settings are applied to every contact in the background; a company follows them at its next write."
      actions={
        editable && draft ? (
          <>
            <Button variant="default" disabled={!changed || save.isPending} onClick={() => settings.data && setDraft(settings.data)}>Discard changes</Button>
            <Button disabled={!changed} loading={save.isPending} onClick={() => save.mutate(draft)}>Save settings</Button>
          </>
        ) : null
      }
    >
      <FormError error={save.error} />
      {save.isSuccess && !changed && <Text size="sm" c="teal">Settings saved.</Text>}
      {showRecompute && <JobProgress job={recompute.data!} label="Recomputing golden records" />}
      {settings.isPending || systems.isPending || !draft ? (
        settings.isError ? <ErrorState error={settings.error} onRetry={() => void settings.refetch()} /> : <Loading label="Loading the data sources" />
      ) : systems.isError ? (
        <ErrorState error={systems.error} onRetry={() => void systems.refetch()} />
      ) : (
        <>
          {!editable && <Text size="sm" c="dimmed">Only admins change these settings.</Text>}
          <TrustRanking draft={draft} systems={systems.data.data} editable={editable} onChange={(trustedSystems) => setDraft({ ...draft, trustedSystems })} />
          <Criteria draft={draft} editable={editable} onChange={setDraft} />
        </>
      )}
    </AreaPage>
  );
}
