// The column mapping: one row per column of the file with a few sample values and the field it
// goes to (or "ignore"). Controlled: the page keeps the mapping and saves it.
import { NativeSelect, Table, Text } from '@mantine/core';
import { fieldLabel } from '../../ui/format.ts';

interface Props {
  headers: string[];
  /** The first rows of the file, cells in header order. */
  sample: string[][];
  targets: string[];
  mapping: Record<string, string>;
  onChange(next: Record<string, string>): void;
  disabled?: boolean;
}

const targetLabel = (t: string) => (t === 'ignore' ? 'Ignore this column' : fieldLabel(t));

export function MappingEditor({ headers, sample, targets, mapping, onChange, disabled }: Props) {
  // A mapping saved for this source may name a field this list lacks (a custom field): keep it.
  const options = (current: string) => [...new Set([...targets, ...(current ? [current] : [])])].map((t) => ({ value: t, label: targetLabel(t) }));
  const used = new Map<string, number>();
  for (const h of headers) {
    const t = mapping[h];
    if (t && t !== 'ignore') used.set(t, (used.get(t) ?? 0) + 1);
  }
  return (
    <Table.ScrollContainer minWidth={360}>
      <Table verticalSpacing="xs" aria-label="Column mapping">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Column in the file</Table.Th>
            <Table.Th>Sample values</Table.Th>
            <Table.Th>Goes to</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {headers.map((h, i) => {
            const current = mapping[h] ?? 'ignore';
            const values = sample.map((r) => r[i] ?? '').filter(Boolean).slice(0, 3);
            const twice = current !== 'ignore' && (used.get(current) ?? 0) > 1;
            return (
              <Table.Tr key={h}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {h}
                  </Text>
                </Table.Td>
                <Table.Td maw={220}>
                  <Text size="xs" c="dimmed" truncate>
                    {values.length ? values.join(' · ') : '(empty)'}
                  </Text>
                </Table.Td>
                <Table.Td miw={170}>
                  <NativeSelect
                    size="xs"
                    aria-label={`Field for column ${h}`}
                    data={options(current)}
                    value={current}
                    disabled={disabled}
                    onChange={(e) => onChange({ ...mapping, [h]: e.currentTarget.value })}
                    error={twice && !/^other|^tags$/.test(current) ? 'Another column goes here too' : undefined}
                  />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
