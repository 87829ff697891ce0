// Campaign ROI: cost against verified outcomes and won deals credited explicitly, by first touch or
// by last touch (GET /reports/campaign-roi), per campaign or campaign type.
import { useState } from 'react';
import { Group, SegmentedControl, Stack } from '@mantine/core';
import { BarList } from '../shared/bars.tsx';
import { CsvLink } from '../shared/page.tsx';
import { num, NumTable, ReportState, useReport, type Period } from './common.tsx';

type Model = 'explicit' | 'firstTouch' | 'lastTouch';
interface Row {
  key: string; name: string; type: string; month: string | null; model: Model; cost: number; assets: number; revenue: number;
  engagements: number; clientsGained: number; outcomes: number; dealsWon: number; dealRevenue: number; costPerClient: number | null; revenuePerCost: number | null;
}

export function RoiReport({ period }: { period: Period }) {
  const [model, setModel] = useState<Model>('firstTouch');
  const [groupBy, setGroupBy] = useState<'campaign' | 'type'>('campaign');
  const q = useReport<Row>('campaign-roi', { from: period.from, to: period.to, groupBy });
  return (
    <Stack gap="md">
      <Group gap="sm" wrap="wrap">
        <SegmentedControl aria-label="Credit" value={model} onChange={(v) => setModel(v as Model)} data={[{ value: 'firstTouch', label: 'First touch' }, { value: 'lastTouch', label: 'Last touch' }, { value: 'explicit', label: 'Explicit' }]} />
        <SegmentedControl aria-label="Per" value={groupBy} onChange={(v) => setGroupBy(v as 'campaign' | 'type')} data={[{ value: 'campaign', label: 'Per campaign' }, { value: 'type', label: 'Per type' }]} />
      </Group>
      <CsvLink path={`/reports/campaign-roi?from=${period.from}&to=${period.to}&groupBy=${groupBy}`} />
      <ReportState q={q} empty="No campaigns in this period">
        {(all) => {
          const rows = all.filter((r) => r.model === model);
          return (
            <>
              <BarList label="Revenue per unit of cost" items={rows.map((r) => ({ key: r.key, label: r.name, value: r.revenuePerCost ?? 0, display: r.revenuePerCost === null ? '—' : `${num(r.revenuePerCost, 2)}×` }))} />
              <NumTable
                label="Campaign ROI"
                minWidth={960}
                head={[groupBy === 'campaign' ? 'Campaign' : 'Type', 'Cost', 'Assets', 'Revenue', 'Engagements', 'Clients gained', 'Outcomes', 'Deals won', 'Deal revenue', 'Cost per client', 'Revenue / cost']}
                rows={rows.map((r) => ({ key: r.key, cells: [r.name, num(r.cost), num(r.assets), num(r.revenue), r.engagements, r.clientsGained, r.outcomes, r.dealsWon, num(r.dealRevenue), num(r.costPerClient), num(r.revenuePerCost, 2)] }))}
              />
            </>
          );
        }}
      </ReportState>
    </Stack>
  );
}
