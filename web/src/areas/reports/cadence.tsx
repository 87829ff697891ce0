// Cadence compliance: the share of each rep's or team's book inside policy, as of the last
// evaluation (GET /reports/cadence).
import { useState } from 'react';
import { SegmentedControl, Stack } from '@mantine/core';
import { BarList, pct } from '../shared/bars.tsx';
import { CsvLink } from '../shared/page.tsx';
import { NumTable, ReportState, useReport } from './common.tsx';

interface Row { id: string | null; name: string | null; clients: number; inside: number; overdue: number; overContacted: number; share: number | null }

export function CadenceReport() {
  const [groupBy, setGroupBy] = useState<'rep' | 'team'>('rep');
  const q = useReport<Row>('cadence', { groupBy });
  return (
    <Stack gap="md">
      <SegmentedControl aria-label="Group by" value={groupBy} onChange={(v) => setGroupBy(v as 'rep' | 'team')} data={[{ value: 'rep', label: 'By rep' }, { value: 'team', label: 'By team' }]} w="fit-content" />
      <CsvLink path={`/reports/cadence?groupBy=${groupBy}`} />
      <ReportState q={q} empty="No cadence results yet: policies are evaluated nightly">
        {(rows) => (
          <>
            <BarList label="Share of the book inside policy" items={rows.map((r) => ({ key: r.id ?? 'none', label: r.name ?? 'Unassigned', value: r.share ?? 0, display: pct(r.share) }))} />
            <NumTable
              label="Cadence compliance"
              head={[groupBy === 'rep' ? 'Rep' : 'Team', 'Clients', 'Inside policy', 'Overdue', 'Over-contacted', 'Share inside']}
              rows={rows.map((r) => ({ key: r.id ?? 'none', cells: [r.name ?? 'Unassigned', r.clients, r.inside, r.overdue, r.overContacted, pct(r.share)] }))}
            />
          </>
        )}
      </ReportState>
    </Stack>
  );
}
