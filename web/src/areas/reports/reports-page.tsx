// /reports: activity, outcomes, cadence compliance, compensation statements and campaign ROI, one
// tab each (only the open tab loads), each with its CSV download.
import { useState } from 'react';
import { Tabs } from '@mantine/core';
import { useSession } from '../../auth/session.tsx';
import { AreaPage, isoDay } from '../shared/page.tsx';
import { ActivityReport } from './activity.tsx';
import { CadenceReport } from './cadence.tsx';
import { CompensationReport } from './compensation.tsx';
import { PeriodInputs, type Period } from './common.tsx';
import { OutcomesReport } from './outcomes.tsx';
import { RoiReport } from './roi.tsx';

export function ReportsPage() {
  const { user } = useSession();
  const [tab, setTab] = useState<string | null>('activity');
  const [period, setPeriod] = useState<Period>({ from: isoDay(-90), to: isoDay(0) });
  // Campaign ROI is for managers, controllers and admins (src/reports/service.ts).
  const roi = user.role !== 'rep';
  return (
    <AreaPage title="Reports" intro="Management reports over the people you reach." actions={tab === 'activity' || tab === 'outcomes' || tab === 'roi' ? <PeriodInputs value={period} onChange={setPeriod} /> : undefined}>
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List style={{ overflowX: 'auto', flexWrap: 'nowrap' }}>
          <Tabs.Tab value="activity">Activity</Tabs.Tab>
          <Tabs.Tab value="outcomes">Outcomes</Tabs.Tab>
          <Tabs.Tab value="cadence">Cadence</Tabs.Tab>
          <Tabs.Tab value="compensation">Compensation</Tabs.Tab>
          {roi && <Tabs.Tab value="roi">Campaign ROI</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="activity" pt="md"><ActivityReport period={period} /></Tabs.Panel>
        <Tabs.Panel value="outcomes" pt="md"><OutcomesReport period={period} /></Tabs.Panel>
        <Tabs.Panel value="cadence" pt="md"><CadenceReport /></Tabs.Panel>
        <Tabs.Panel value="compensation" pt="md"><CompensationReport /></Tabs.Panel>
        {roi && <Tabs.Panel value="roi" pt="md"><RoiReport period={period} /></Tabs.Panel>}
      </Tabs>
    </AreaPage>
  );
}
