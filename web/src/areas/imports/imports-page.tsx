// /imports: upload a CSV or vCard of contacts, companies or interactions (CSV) from a named source system, and the
// list of past imports (from the import jobs, newest first). /imports/:id is ImportDetail.
import { useState, type FormEvent } from 'react';
import { Badge, Button, Card, FileInput, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { navigate, Link } from '../../router.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { FormError } from '../../ui/problem.tsx';
import { Empty, ErrorState, Loading } from '../../ui/states.tsx';
import { AreaPage } from '../shared/page.tsx';
import type { Job } from '../shared/jobs.tsx';
import { uploadFile, type Import, type ImportResource } from './api.ts';

const sources = ['hubspot', 'salesforce', 'outlook', 'google', 'spreadsheet', 'other'];

function UploadForm() {
  const qc = useQueryClient();
  const [resource, setResource] = useState<ImportResource>('contacts');
  const [source, setSource] = useState('spreadsheet');
  const [file, setFile] = useState<File | null>(null);
  const upload = useMutation({
    mutationFn: () => uploadFile(file!, resource, source.trim()),
    onSuccess: (answer) => {
      qc.setQueryData(['import-upload', answer.import.id], answer);
      qc.setQueryData(['import', answer.import.id], answer.import);
      void qc.invalidateQueries({ queryKey: ['import-jobs'] });
      navigate(`/imports/${answer.import.id}`);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file && source.trim()) upload.mutate();
  };
  return (
    <Card withBorder component="form" onSubmit={submit} aria-label="Upload a file">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Upload a file
        </Title>
        <FormError error={upload.error} />
        <Group grow align="flex-start" wrap="wrap">
          <NativeSelect label="Records" value={resource} onChange={(e) => setResource(e.currentTarget.value as ImportResource)} data={[{ value: 'contacts', label: 'Contacts' }, { value: 'companies', label: 'Companies' }, { value: 'interactions', label: 'Interactions' }]} miw={150} />
          <TextInput
            label="Source system"
            description="Mappings and external ids are kept per source"
            value={source}
            onChange={(e) => setSource(e.currentTarget.value)}
            list="import-sources"
            required
            miw={180}
          />
          <datalist id="import-sources">
            {sources.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
        </Group>
        <FileInput label="File" description="CSV (any delimiter or encoding) or vCard" placeholder="Choose a .csv or .vcf file" accept=".csv,.txt,.tsv,.vcf,.vcard,text/csv,text/vcard" value={file} onChange={setFile} clearable required />
        <Group>
          <Button type="submit" loading={upload.isPending} disabled={!file || !source.trim()}>
            Upload
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

const kindLabel: Record<string, string> = { 'import.run': 'Run', 'import.dry-run': 'Dry run', 'import.undo': 'Undo' };

function PastImports() {
  const jobs = useQuery({
    queryKey: ['import-jobs'],
    queryFn: ({ signal }) => api<{ data: Job[] }>('GET', '/jobs?limit=200', undefined, { signal }),
  });
  // The latest job of each import, newest first.
  const latest = new Map<string, Job>();
  for (const j of jobs.data?.data ?? []) {
    const id = j.kind.startsWith('import.') ? (j.payload['importId'] as string | undefined) : undefined;
    if (id && !latest.has(id)) latest.set(id, j);
  }
  const ids = [...latest.keys()].slice(0, 25);
  const imports = useQueries({
    queries: ids.map((id) => ({ queryKey: ['import', id], queryFn: ({ signal }: { signal: AbortSignal }) => api<Import>('GET', `/imports/${id}`, undefined, { signal }), staleTime: 30_000 })),
  });
  if (jobs.isPending) return <Loading label="Loading past imports" />;
  if (jobs.isError) return <ErrorState error={jobs.error} onRetry={() => void jobs.refetch()} />;
  if (!ids.length) return <Empty title="No imports yet">Upload a file above to start one.</Empty>;
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table aria-label="Past imports" verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>File</Table.Th>
            <Table.Th>Source</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Rows</Table.Th>
            <Table.Th>Last step</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {ids.map((id, i) => {
            const imp = imports[i]?.data;
            const job = latest.get(id)!;
            return (
              <Table.Tr key={id}>
                <Table.Td>
                  <Link to={`/imports/${id}`}>{imp ? imp.fileName : 'Import'}</Link>
                  <Text size="xs" c="dimmed">{imp ? `${imp.resource}` : ''}</Text>
                </Table.Td>
                <Table.Td>{imp?.sourceSystem ?? ''}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={imp?.status === 'imported' ? 'teal' : imp?.status === 'undone' ? 'gray' : 'blue'}>
                    {imp?.status ?? '…'}
                  </Badge>
                </Table.Td>
                <Table.Td>{imp?.counts ? imp.counts.rows.toLocaleString() : ''}</Table.Td>
                <Table.Td>
                  <Text size="sm">{kindLabel[job.kind] ?? job.kind}: {job.status}</Text>
                  <Text size="xs" c="dimmed">{formatDateTime(job.createdAt)}</Text>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function ImportsPage() {
  return (
    <AreaPage title="Imports" intro="Bring contacts, companies or interactions in from a CSV (or contacts from a vCard) file: check the mapping, try a dry run, then run it.">
      <UploadForm />
      <Title order={2} size="h4">
        Past imports
      </Title>
      <PastImports />
    </AreaPage>
  );
}
