// Pieces the report tabs share: the period inputs, the table frame, and a report query hook.
import type { ReactNode } from 'react';
import { Group, Table, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, qs } from '../../api/client.ts';
import { Empty, ErrorState, Loading } from '../../ui/states.tsx';

export interface Period {
  from: string;
  to: string;
}

export function PeriodInputs({ value, onChange }: { value: Period; onChange(p: Period): void }) {
  return (
    <Group gap="xs" wrap="wrap">
      <TextInput type="date" label="From" value={value.from} onChange={(e) => e.currentTarget.value && onChange({ ...value, from: e.currentTarget.value })} w={160} />
      <TextInput type="date" label="To" value={value.to} onChange={(e) => e.currentTarget.value && onChange({ ...value, to: e.currentTarget.value })} w={160} />
    </Group>
  );
}

/** GET /reports/{name}?params as { data: Row[] }; the same params give the CSV link. */
export function useReport<Row>(name: string, params: Record<string, string | number | undefined>, enabled = true) {
  return useQuery({
    queryKey: ['report', name, params],
    queryFn: ({ signal }) => api<{ data: Row[] }>('GET', `/reports/${name}${qs(params)}`, undefined, { signal }),
    enabled,
  });
}

/** Loading, error and empty states around a report's body. */
export function ReportState<Row>({ q, empty, children }: { q: ReturnType<typeof useReport<Row>>; empty: string; children(rows: Row[]): ReactNode }) {
  if (q.isPending) return <Loading label="Loading the report" />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data.data.length) return <Empty title={empty} />;
  return <>{children(q.data.data)}</>;
}

/** A table whose first `lead` columns are text (left) and the rest numbers (right-aligned). */
export function NumTable({ label, head, rows, minWidth = 560, lead = 1 }: { label: string; head: string[]; rows: { key: string; cells: ReactNode[] }[]; minWidth?: number; lead?: number }) {
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table aria-label={label} striped verticalSpacing={4} fz="sm">
        <Table.Thead>
          <Table.Tr>
            {head.map((h, i) => (
              <Table.Th key={h} ta={i < lead ? 'left' : 'right'}>
                {h}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.key}>
              {r.cells.map((c, i) => (
                <Table.Td key={i} ta={i < lead ? 'left' : 'right'}>
                  {c}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export const num = (n: number | null | undefined, digits = 0) => (n === null || n === undefined ? '—' : n.toLocaleString(undefined, { maximumFractionDigits: digits }));
