// /quality: the tenant's data-quality dashboard (GET /quality/summary): valid email and phone
// shares, issues by code (each opens the records that have it), missing key fields, stale records
// (after the tenant's staleMonths setting, or another span chosen here, which admins can make the
// tenant's default through PUT /settings), suspected duplicates; admins can recompute everything as a job.
import { useCallback, useState } from 'react';
import { Anchor, Button, Card, Group, NativeSelect, Paper, SimpleGrid, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, qs } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { Link } from '../../router.tsx';
import { fieldLabel } from '../../ui/format.ts';
import { FormError } from '../../ui/problem.tsx';
import { Empty, ErrorState, Loading } from '../../ui/states.tsx';
import { BarList, pct } from '../shared/bars.tsx';
import { StartJob } from '../shared/jobs.tsx';
import { AreaPage } from '../shared/page.tsx';

interface Share { count: number; total: number; share: number | null }
interface Summary {
  contacts: {
    total: number; unassessed: number; averageCompleteness: number | null; validEmails: Share; validPhones: Share; withIssues: number;
    issuesByCode: Record<string, number>; missing: Record<string, number>; stale: number; staleMonths: number; suspectedDuplicates: number;
  };
  companies: {
    total: number; unassessed: number; averageCompleteness: number | null; validPhones: Share; withIssues: number;
    issuesByCode: Record<string, number>; missing: Record<string, number>; stale: number;
  };
}

type Entity = 'contacts' | 'companies';
const issueLabel = (code: string) => fieldLabel(code.replace(/_/g, ' '));

function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl">
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

/** The records with one issue code, each a link to its page (the list API filters by qualityIssue). */
function IssueRecords({ entity, code }: { entity: Entity; code: string }) {
  const q = useQuery({
    queryKey: ['quality-issue', entity, code],
    queryFn: ({ signal }) =>
      api<{ data: { id: string; displayName?: string; name?: string; qualityIssues: { code: string; message: string }[] }[]; nextCursor: string | null }>(
        'GET', `/${entity}${qs({ 'filter[qualityIssue][eq]': code, fields: entity === 'contacts' ? 'id,displayName,qualityIssues' : 'id,name,qualityIssues', limit: 50 })}`, undefined, { signal },
      ),
  });
  if (q.isPending) return <Loading label="Loading records" />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data.data.length) return <Empty title="No records you can see have this issue" />;
  return (
    <Stack gap={4} aria-label={`Records with ${issueLabel(code)}`} role="list">
      {q.data.data.map((r) => (
        <Group key={r.id} gap="xs" role="listitem" wrap="nowrap">
          <Link to={`/${entity}/${r.id}`}>{r.displayName ?? r.name ?? r.id}</Link>
          <Text size="xs" c="dimmed" truncate>
            {r.qualityIssues.filter((i) => i.code === code).map((i) => i.message).join('; ')}
          </Text>
        </Group>
      ))}
      {q.data.nextCursor && <Text size="xs" c="dimmed">Showing the first 50.</Text>}
    </Stack>
  );
}

function EntitySection({ entity, s, staleMonths, staleListable }: { entity: Entity; s: Summary['contacts'] | Summary['companies']; staleMonths: number; staleListable: boolean }) {
  const [open, setOpen] = useState<string | null>(null);
  // Stale records are listed through the 'stale' issue code, which follows the tenant's setting.
  const issues = [...Object.entries(s.issuesByCode), ...(staleListable && s.stale ? [['stale', s.stale] as [string, number]] : [])].sort((a, b) => b[1] - a[1]);
  const missing = Object.entries(s.missing).sort((a, b) => b[1] - a[1]);
  const title = entity === 'contacts' ? 'Contacts' : 'Companies';
  return (
    <Card withBorder>
      <Stack gap="md">
        <Title order={2} size="h4">
          {title}
        </Title>
        <SimpleGrid cols={{ base: 2, sm: 3, md: 5 }} spacing="xs">
          <Stat label="Records" value={s.total.toLocaleString()} hint={s.unassessed ? `${s.unassessed.toLocaleString()} not assessed yet` : undefined} />
          <Stat label="Average completeness" value={s.averageCompleteness === null ? '—' : `${Math.round(s.averageCompleteness)}%`} />
          {'validEmails' in s && <Stat label="Valid emails" value={pct(s.validEmails.share)} hint={`${s.validEmails.count.toLocaleString()} of ${s.validEmails.total.toLocaleString()}`} />}
          <Stat label="Valid phones" value={pct(s.validPhones.share)} hint={`${s.validPhones.count.toLocaleString()} of ${s.validPhones.total.toLocaleString()}`} />
          <Stat label={`Not touched in ${staleMonths} months`} value={s.stale.toLocaleString()} />
          {'suspectedDuplicates' in s && <Stat label="Suspected duplicates" value={s.suspectedDuplicates.toLocaleString()} />}
        </SimpleGrid>
        {'suspectedDuplicates' in s && s.suspectedDuplicates > 0 && (
          <Anchor component={Link} to="/duplicates" size="sm">
            Review suspected duplicates
          </Anchor>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
          <Stack gap="xs">
            <Title order={3} size="h5">
              Issues by kind ({s.withIssues.toLocaleString()} records have one)
            </Title>
            {issues.length === 0 ? (
              <Text size="sm" c="dimmed">No issues found.</Text>
            ) : (
              <>
                <BarList label={`${title} issues by kind`} items={issues.map(([code, n]) => ({ key: code, label: issueLabel(code), value: n, color: 'orange' }))} />
                <Group gap="xs">
                  {issues.map(([code]) => (
                    <UnstyledButton key={code} onClick={() => setOpen(open === code ? null : code)} aria-expanded={open === code} style={{ fontSize: 'var(--mantine-font-size-sm)', color: 'var(--mantine-color-anchor)' }}>
                      {open === code ? 'Hide' : 'Show'} {issueLabel(code).toLowerCase()}
                    </UnstyledButton>
                  ))}
                </Group>
                {open && <IssueRecords entity={entity} code={open} />}
              </>
            )}
          </Stack>
          <Stack gap="xs">
            <Title order={3} size="h5">
              Missing key fields
            </Title>
            <BarList label={`${title} missing key fields`} items={missing.map(([f, n]) => ({ key: f, label: fieldLabel(f), value: n, color: 'gray' }))} />
          </Stack>
        </SimpleGrid>
      </Stack>
    </Card>
  );
}

function Recompute({ onDone }: { onDone(): void }) {
  return (
    <StartJob
      label="Recompute quality"
      progressLabel="Recompute"
      start={async () => ({ id: (await api<{ jobId: string }>('POST', '/quality/recompute', {})).jobId })}
      onDone={onDone}
    />
  );
}

export function QualityPage() {
  const { user } = useSession();
  const qc = useQueryClient();
  // null: the tenant's setting (the summary says which span it used).
  const [chosen, setChosen] = useState<number | null>(null);
  const q = useQuery({
    queryKey: ['quality-summary', chosen],
    queryFn: ({ signal }) => api<Summary>('GET', `/quality/summary${qs({ staleMonths: chosen ?? undefined })}`, undefined, { signal }),
  });
  const settings = useQuery({
    queryKey: ['tenant-settings'],
    queryFn: ({ signal }) => api<{ staleMonths: number }>('GET', '/settings', undefined, { signal }),
  });
  const tenantMonths = settings.data?.staleMonths;
  const staleMonths = chosen ?? q.data?.contacts.staleMonths ?? tenantMonths ?? 12;
  const saveDefault = useMutation({
    mutationFn: (months: number) => api<{ staleMonths: number }>('PUT', '/settings', { staleMonths: months }),
    onSuccess: (out) => {
      qc.setQueryData(['tenant-settings'], out);
      setChosen(null);
      void qc.invalidateQueries({ queryKey: ['quality-summary'] });
      void qc.invalidateQueries({ queryKey: ['quality-issue'] });
    },
  });
  const refresh = useCallback(() => void qc.invalidateQueries({ queryKey: ['quality-summary'] }), [qc]);
  const spans = [...new Set([3, 6, 12, 24, 36, staleMonths])].sort((a, b) => a - b);
  const staleListable = tenantMonths !== undefined && staleMonths === tenantMonths;
  return (
    <AreaPage
      title="Data quality"
      intro="How complete and valid the records you can see are; open an issue to fix the records that have it."
      actions={
        <Group gap="xs" align="flex-end">
          <NativeSelect
            label="Stale after"
            size="sm"
            value={String(staleMonths)}
            onChange={(e) => {
              const m = Number(e.currentTarget.value);
              setChosen(m === tenantMonths ? null : m);
            }}
            data={spans.map((m) => ({ value: String(m), label: `${m} months${m === tenantMonths ? ' (default)' : ''}` }))}
          />
          {user.role === 'admin' && tenantMonths !== undefined && staleMonths !== tenantMonths && (
            <Button size="sm" variant="default" loading={saveDefault.isPending} onClick={() => saveDefault.mutate(staleMonths)}>
              Make {staleMonths} months the default
            </Button>
          )}
        </Group>
      }
    >
      <FormError error={saveDefault.error} />
      {user.role === 'admin' && <Recompute onDone={refresh} />}
      {q.isPending ? (
        <Loading label="Loading the dashboard" />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.contacts.total + q.data.companies.total === 0 ? (
        <Empty title="No records yet">Import or create contacts and companies to see their quality here.</Empty>
      ) : (
        <>
          <EntitySection entity="contacts" s={q.data.contacts} staleMonths={staleMonths} staleListable={staleListable} />
          <EntitySection entity="companies" s={q.data.companies} staleMonths={staleMonths} staleListable={staleListable} />
        </>
      )}
    </AreaPage>
  );
}
