// Outcomes claimed in the period against verified (as they stand now), with the verification lag,
// by rep and kind (GET /reports/outcomes).
import { Stack, Title } from '@mantine/core';
import { BarList, pct } from '../shared/bars.tsx';
import { CsvLink } from '../shared/page.tsx';
import { num, NumTable, ReportState, useReport, type Period } from './common.tsx';

interface Row {
  userId: string; name: string | null; kind: string; claimed: number; verified: number; partiallyVerified: number; rejected: number;
  lapsed: number; pending: number; claimedAmount: number; verifiedAmount: number; lagDaysAvg: number | null; lagDaysMedian: number | null;
}

export function OutcomesReport({ period }: { period: Period }) {
  const q = useReport<Row>('outcomes', { from: period.from, to: period.to });
  return (
    <Stack gap="md">
      <CsvLink path={`/reports/outcomes?from=${period.from}&to=${period.to}`} />
      <ReportState q={q} empty="No outcomes claimed in this period">
        {(rows) => {
          const reps = new Map<string, { claimed: number; verified: number }>();
          for (const r of rows) {
            const k = r.name ?? r.userId;
            const t = reps.get(k) ?? { claimed: 0, verified: 0 };
            t.claimed += r.claimed;
            t.verified += r.verified + r.partiallyVerified;
            reps.set(k, t);
          }
          return (
            <>
              <Title order={3} size="h5">Share of claims verified, by rep</Title>
              <BarList
                label="Share of claims verified by rep"
                items={[...reps.entries()].map(([rep, t]) => ({ key: rep, label: `${rep} (${t.verified} of ${t.claimed})`, value: t.claimed ? t.verified / t.claimed : 0, display: pct(t.claimed ? t.verified / t.claimed : null) }))}
              />
              <NumTable
                label="Outcomes by rep and kind"
                minWidth={900}
                lead={2}
                head={['Rep', 'Kind', 'Claimed', 'Verified', 'Partly', 'Rejected', 'Lapsed', 'Pending', 'Claimed amount', 'Verified amount', 'Lag (avg days)', 'Lag (median)']}
                rows={rows.map((r) => ({
                  key: `${r.userId}:${r.kind}`,
                  cells: [r.name ?? r.userId, r.kind.replace(/_/g, ' '), r.claimed, r.verified, r.partiallyVerified, r.rejected, r.lapsed, r.pending, num(r.claimedAmount), num(r.verifiedAmount), num(r.lagDaysAvg, 1), num(r.lagDaysMedian, 1)],
                }))}
              />
            </>
          );
        }}
      </ReportState>
    </Stack>
  );
}
