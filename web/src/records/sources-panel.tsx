// The contact and company pages' "Sources" panel: for each field of the golden record, the system its
// value comes from and when that system sent it (GET /contacts|companies/{id}/lineage). Quiet when
// the record has no lineage or the lineage cannot be read.
import { Group, Stack, Text, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import { formatDateTime } from '../ui/format.ts';
import { Section } from './contact-sections.tsx';

export interface FieldLineage { system: string; externalId: string; at: string; importId: string | null }
export interface LineageOut { fields: Record<string, FieldLineage> }

const labels: Record<string, string> = {
  prefix: 'Prefix', givenName: 'Given name', middleName: 'Middle name', familyName: 'Family name', suffix: 'Suffix',
  jobTitle: 'Job title', birthDate: 'Birth date', netWorth: 'Net worth', emails: 'Emails', phones: 'Phones', addresses: 'Addresses',
  name: 'Name', domain: 'Domain', website: 'Website', industry: 'Industry', size: 'Size', description: 'Description',
};
const order = Object.keys(labels);

/** `version` keys the query, so the panel reloads after every change of the record. */
export function SourcesPanel({ resource, id, version }: { resource: 'contacts' | 'companies'; id: string; version: number }) {
  const q = useQuery({
    queryKey: [resource, id, 'lineage', version],
    queryFn: ({ signal }) => api<LineageOut>('GET', `/${resource}/${id}/lineage`, undefined, { signal }),
    retry: false,
  });
  const fields = Object.entries(q.data?.fields ?? {}).sort(([a], [b]) => order.indexOf(a) - order.indexOf(b));
  if (!fields.length) return null;
  return (
    <Section title="Sources">
      <Stack gap={4}>
        {fields.map(([field, l]) => (
          <Group key={field} justify="space-between" wrap="nowrap" gap="xs">
            <Text size="sm" c="dimmed">{labels[field] ?? field}</Text>
            <Tooltip label={`${l.system} id ${l.externalId}`}>
              <Text size="sm" ta="right">
                {l.system === 'rapport' ? 'Typed in Rapport' : l.system} · {formatDateTime(l.at)}
              </Text>
            </Tooltip>
          </Group>
        ))}
      </Stack>
    </Section>
  );
}
