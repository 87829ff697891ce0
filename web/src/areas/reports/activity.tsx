// Activity: interactions by rep, kind and week (GET /reports/activity), as bars per rep, a column
// chart per week (plain SVG) and a rep x kind table.
import { SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { BarList } from '../shared/bars.tsx';
import { CsvLink } from '../shared/page.tsx';
import { NumTable, ReportState, useReport, type Period } from './common.tsx';

interface Row { userId: string | null; name: string | null; kind: string; week: string; interactions: number }
const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;

function WeekColumns({ weeks }: { weeks: [string, number][] }) {
  const max = Math.max(1, ...weeks.map(([, n]) => n));
  const w = 24;
  return (
    <svg width="100%" height={120} viewBox={`0 0 ${weeks.length * w} 120`} preserveAspectRatio="none" role="img" aria-label={`Interactions per week: ${weeks.map(([k, n]) => `${k} ${n}`).join(', ')}`}>
      {weeks.map(([week, n], i) => {
        const h = (n / max) * 110;
        return (
          <rect key={week} x={i * w + 3} y={120 - h} width={w - 6} height={h} rx={2} fill="var(--mantine-color-indigo-6)">
            <title>{`Week of ${week}: ${n}`}</title>
          </rect>
        );
      })}
    </svg>
  );
}

export function ActivityReport({ period }: { period: Period }) {
  const params = { from: period.from, to: period.to, tz };
  const q = useReport<Row>('activity', params);
  return (
    <Stack gap="md">
      <CsvLink path={`/reports/activity?from=${period.from}&to=${period.to}&tz=${encodeURIComponent(tz)}`} />
      <ReportState q={q} empty="No interactions in this period">
        {(rows) => {
          const byRep = new Map<string, number>();
          const byWeek = new Map<string, number>();
          const kinds = [...new Set(rows.map((r) => r.kind))].sort();
          const cell = new Map<string, number>();
          for (const r of rows) {
            const rep = r.name ?? 'No owner';
            byRep.set(rep, (byRep.get(rep) ?? 0) + r.interactions);
            byWeek.set(r.week, (byWeek.get(r.week) ?? 0) + r.interactions);
            cell.set(`${rep}\u0000${r.kind}`, (cell.get(`${rep}\u0000${r.kind}`) ?? 0) + r.interactions);
          }
          const reps = [...byRep.entries()].sort((a, b) => b[1] - a[1]);
          const weeks = [...byWeek.entries()].sort((a, b) => a[0].localeCompare(b[0]));
          return (
            <>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
                <Stack gap="xs">
                  <Title order={3} size="h5">By rep</Title>
                  <BarList label="Interactions by rep" items={reps.map(([rep, n]) => ({ key: rep, label: rep, value: n, color: 'indigo' }))} />
                </Stack>
                <Stack gap="xs">
                  <Title order={3} size="h5">By week</Title>
                  <WeekColumns weeks={weeks} />
                  <Text size="xs" c="dimmed">{weeks[0]?.[0]} to {weeks.at(-1)?.[0]} (weeks start on Monday)</Text>
                </Stack>
              </SimpleGrid>
              <NumTable
                label="Interactions by rep and kind"
                head={['Rep', ...kinds.map((k) => k.replace(/_/g, ' ')), 'Total']}
                rows={reps.map(([rep, total]) => ({ key: rep, cells: [rep, ...kinds.map((k) => cell.get(`${rep}\u0000${k}`) ?? 0), total] }))}
              />
            </>
          );
        }}
      </ReportState>
    </Stack>
  );
}
