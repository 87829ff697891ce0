// Compensation: statement totals of a plan's period (GET /reports/compensation), and per rep the
// statement with every amount and the verified outcomes and outflows (withdrawals, transfers out)
// behind it (GET /compensation/plans/{id}/statements/{userId}).
import { useState } from 'react';
import { Anchor, Badge, Button, Card, Group, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { Link } from '../../router.tsx';
import { formatDate, formatMoney } from '../../ui/format.ts';
import { Empty, ErrorState, Loading } from '../../ui/states.tsx';
import { CsvLink } from '../shared/page.tsx';
import { NumTable, ReportState, useReport } from './common.tsx';

interface Plan { id: string; name: string; periodStart: string; periodEnd: string }
interface Row { userId: string; name: string; currency: string; assets: number; bonuses: number; subjective: number; total: number; verifiedAssets: number; outflows: number; countedOutcomes: number }
interface Statement {
  plan: Plan; user: { id: string; name: string }; currency: string; total: number;
  assets: { verified: number; inflows: number; outflows: number; threshold: number; reached: boolean; cap: number | null; capped: boolean; amount: number };
  bonuses: { kind: string; count: number; amount: number; capped: boolean }[];
  subjective: { managerScore: number | null; score: number; amount: number } | null;
  lines: {
    component: 'assets' | 'bonus'; outcomeId: string | null; transactionId: string | null; kind: string; status: string; claimed: number | null; counted: number; amount: number;
    note?: string; contactId: string; claimedAt: string | null; bookedOn: string | null; decidedAt: string | null;
  }[];
  notCounted: Record<string, number>;
}

function StatementView({ planId, userId, onClose }: { planId: string; userId: string; onClose(): void }) {
  const q = useQuery({ queryKey: ['statement', planId, userId], queryFn: ({ signal }) => api<Statement>('GET', `/compensation/plans/${planId}/statements/${userId}`, undefined, { signal }) });
  if (q.isPending) return <Loading label="Loading the statement" />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const s = q.data;
  const m = (n: number | null) => (n === null ? '—' : formatMoney(n, s.currency));
  const notCounted = Object.entries(s.notCounted).filter(([, n]) => n > 0);
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} size="h5">
            Statement of {s.user.name}: {m(s.total)}
          </Title>
          <Button size="xs" variant="default" onClick={onClose}>
            Close
          </Button>
        </Group>
        <Text size="sm">
          Assets: {m(s.assets.amount)} on {m(s.assets.verified)} net new assets ({m(s.assets.inflows)} verified in, {m(s.assets.outflows)} out; threshold {m(s.assets.threshold)}
          {s.assets.reached ? ', reached' : ', not reached'}
          {s.assets.capped ? `, capped at ${m(s.assets.cap)}` : ''})
        </Text>
        {s.bonuses.map((b) => (
          <Text size="sm" key={b.kind}>
            Bonus for {b.kind.replace(/_/g, ' ')}: {b.count} outcome{b.count === 1 ? '' : 's'} → {m(b.amount)}
            {b.capped ? ' (capped)' : ''}
          </Text>
        ))}
        {s.subjective && <Text size="sm">Subjective component: weighted score {Math.round(s.subjective.score * 100)}%{s.subjective.managerScore !== null ? ` (manager's mark ${s.subjective.managerScore})` : ' (not scored by the manager yet)'} → {m(s.subjective.amount)}</Text>}
        {s.lines.length === 0 ? (
          <Empty title="No verified outcomes or outflows behind this statement" />
        ) : (
          <NumTable
            label={`Outcomes and outflows behind the statement of ${s.user.name}`}
            minWidth={720}
            head={['Outcome', 'Status', 'Claimed', 'Counted', 'Amount', 'Decided', 'Client']}
            rows={s.lines.map((l) => ({
              key: `${l.component}:${l.outcomeId ?? l.transactionId}`,
              cells: [
                <Text size="sm" key="k">{l.component === 'bonus' ? 'Bonus: ' : ''}{l.kind.replace(/_/g, ' ')}{l.note ? ` (${l.note})` : ''}</Text>,
                <Badge key="s" size="xs" variant="light">{l.status.replace(/_/g, ' ')}</Badge>,
                m(l.claimed), m(l.counted), m(l.amount), l.decidedAt ? formatDate(l.decidedAt) : l.bookedOn ? `booked ${formatDate(l.bookedOn)}` : '—',
                <Anchor key="c" component={Link} to={`/contacts/${l.contactId}`} size="sm">Client</Anchor>,
              ],
            }))}
          />
        )}
        {notCounted.length > 0 && <Text size="xs" c="dimmed">Not counted: {notCounted.map(([k, n]) => `${n} ${k.replace(/_/g, ' ')}`).join(', ')}</Text>}
      </Stack>
    </Card>
  );
}

export function CompensationReport() {
  const plans = useQuery({ queryKey: ['compensation-plans'], queryFn: ({ signal }) => api<{ data: Plan[] }>('GET', '/compensation/plans', undefined, { signal }) });
  const [planId, setPlanId] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const plan = planId ?? plans.data?.data[0]?.id ?? null;
  const q = useReport<Row>('compensation', { planId: plan ?? undefined }, !!plan);
  if (plans.isPending) return <Loading label="Loading plans" />;
  if (plans.isError) return <ErrorState error={plans.error} onRetry={() => void plans.refetch()} />;
  if (!plans.data.data.length || !plan) return <Empty title="No compensation plans yet" />;
  return (
    <Stack gap="md">
      <NativeSelect
        label="Plan"
        value={plan}
        onChange={(e) => { setPlanId(e.currentTarget.value); setOpen(null); }}
        data={plans.data.data.map((p) => ({ value: p.id, label: `${p.name} (${formatDate(p.periodStart)} to ${formatDate(p.periodEnd)})` }))}
        maw={420}
      />
      <CsvLink path={`/reports/compensation?planId=${plan}`} />
      <ReportState q={q} empty="No statements for this plan">
        {(rows) => (
          <NumTable
            label="Compensation statements"
            minWidth={760}
            head={['Rep', 'Net new assets', 'Outflows', 'Assets', 'Bonuses', 'Subjective', 'Total', 'Outcomes', '']}
            rows={rows.map((r) => {
              const m = (n: number) => formatMoney(n, r.currency);
              return {
                key: r.userId,
                cells: [r.name, m(r.verifiedAssets), m(r.outflows), m(r.assets), m(r.bonuses), m(r.subjective), <b key="t">{m(r.total)}</b>, r.countedOutcomes,
                  <Button key="d" size="compact-xs" variant="subtle" onClick={() => setOpen(r.userId)} aria-label={`Outcomes behind the statement of ${r.name}`}>Details</Button>],
              };
            })}
          />
        )}
      </ReportState>
      {open && <StatementView planId={plan} userId={open} onClose={() => setOpen(null)} />}
    </Stack>
  );
}
