// Correcting a decision already made (issue 6: a decision is never edited; a correction is a new,
// audited entry naming the one it corrects). DecidedOutcomes lists decided outcomes by status;
// CorrectionPanel shows one outcome's decision history (the claim first) and takes the corrected
// decision with its reason, sent as POST /outcomes/{id}/decisions with correctsId = the current
// decision. Refusals (separation of duties, someone else corrected it first, field errors) come
// back as problem+json and show in the API's words.
import { useState, type FormEvent } from 'react';
import { Badge, Button, Card, Checkbox, Group, NativeSelect, NumberInput, SegmentedControl, Stack, Table, Text, Textarea, Timeline } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, qs } from '../../api/client.ts';
import { useUsers } from '../../api/hooks.ts';
import { formatDate, formatDateTime, formatMoney } from '../../ui/format.ts';
import { errorFor, fieldErrorsOf, FormError } from '../../ui/problem.tsx';
import { Empty, ErrorState, Loading } from '../../ui/states.tsx';
import { useContactNames } from './contact-names.ts';
import { kindLabels, type Decision, type Outcome, type OutcomeStatus, type Suggestion } from './types.ts';

type Choice = 'verified' | 'partially_verified' | 'rejected';
type Decided = Exclude<OutcomeStatus, 'claimed'>;

export const statusLabels: Record<OutcomeStatus, string> = {
  claimed: 'Claimed', verified: 'Verified', partially_verified: 'Partly verified', rejected: 'Rejected', lapsed: 'Lapsed',
};
const statusColors: Record<OutcomeStatus, string> = { claimed: 'gray', verified: 'green', partially_verified: 'teal', rejected: 'red', lapsed: 'orange' };

/** Every decision on an outcome, oldest first: the claim, then each decision and what it corrected. */
export function DecisionHistory({ outcome }: { outcome: Outcome }) {
  const users = useUsers();
  const seqOf = new Map(outcome.decisions.map((d) => [d.id, d.seq]));
  const money = (n: number | null) => (n === null ? '—' : formatMoney(n, outcome.currency));
  return (
    <Timeline active={outcome.decisions.length - 1} bulletSize={14} lineWidth={2} aria-label="Decision history">
      {outcome.decisions.map((d: Decision, i) => (
        <Timeline.Item
          key={d.id}
          title={
            <Group gap="xs">
              <Badge color={statusColors[d.status]} variant="light">{statusLabels[d.status]}</Badge>
              {i === outcome.decisions.length - 1 && <Text size="xs" c="dimmed">current</Text>}
            </Group>
          }
        >
          <Text size="xs" c="dimmed">
            {formatDateTime(d.decidedAt)} · {d.decidedBy ? users.get(d.decidedBy)?.name ?? 'a user' : d.seq === 1 ? 'claimant' : 'the system'}
          </Text>
          {d.correctsId && <Text size="xs">Corrects decision {seqOf.get(d.correctsId) ?? ''}</Text>}
          {d.amountVerified !== null && <Text size="sm">Amount verified {money(d.amountVerified)}</Text>}
          {d.transactionIds.length > 0 && <Text size="sm">{d.transactionIds.length} linked transaction{d.transactionIds.length > 1 ? 's' : ''}</Text>}
          {d.reason && <Text size="sm">Reason: {d.reason}</Text>}
          {d.evidence && <Text size="sm" c="dimmed">Evidence: {d.evidence}</Text>}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

/** One decided outcome: its history and the form for the corrected decision. */
export function CorrectionPanel({ outcomeId, contactName, onDone }: { outcomeId: string; contactName?: string; onDone?: () => void }) {
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ['outcome', outcomeId],
    queryFn: ({ signal }) => api<Outcome>('GET', `/outcomes/${outcomeId}`, undefined, { signal }),
  });
  const [choice, setChoice] = useState<Choice>('verified');
  const evidence = useQuery({
    queryKey: ['outcome-evidence', outcomeId],
    queryFn: ({ signal }) => api<{ data: Suggestion[] }>('GET', `/outcomes/${outcomeId}/evidence`, undefined, { signal }),
    enabled: q.isSuccess && choice !== 'rejected',
  });
  const [picked, setPicked] = useState<string[]>([]);
  const [amount, setAmount] = useState<number | string>('');
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const current = q.data?.decisions[q.data.decisions.length - 1];
  const correct = useMutation({
    mutationFn: () =>
      api<Outcome>('POST', `/outcomes/${outcomeId}/decisions`, {
        status: choice,
        correctsId: current!.id,
        reason: reason.trim(),
        ...(choice !== 'rejected' && picked.length ? { transactionIds: picked } : {}),
        ...(choice === 'partially_verified' && amount !== '' ? { amountVerified: Number(amount) } : {}),
        ...(note.trim() ? { evidence: note.trim() } : {}),
      }),
    onSuccess: (out) => {
      qc.setQueryData(['outcome', outcomeId], out);
      void qc.invalidateQueries({ queryKey: ['decided-outcomes'] });
      setReason('');
      setNote('');
      setPicked([]);
      onDone?.();
    },
  });
  if (q.isPending) return <Loading label="Loading the outcome" />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const outcome = q.data;
  const fe = fieldErrorsOf(correct.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    correct.mutate();
  };
  const money = (n: number | null) => (n === null ? '—' : formatMoney(n, outcome.currency));
  const suggestions = evidence.data?.data ?? [];
  // Transactions the current decision linked stay pickable even when no longer suggested.
  const linked = current?.transactionIds ?? [];

  return (
    <Card withBorder component="form" onSubmit={submit} aria-label={`Correct the decision on ${kindLabels[outcome.kind]} for ${contactName ?? 'a contact'}`}>
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Group gap="xs">
            <Badge variant="light">{kindLabels[outcome.kind]}</Badge>
            <Text fw={600}>{outcome.amount !== null ? money(outcome.amount) : outcome.ibType ?? ''}</Text>
            <Badge color={statusColors[outcome.status]}>{statusLabels[outcome.status]}</Badge>
          </Group>
          <Text size="xs" c="dimmed">Claimed {formatDateTime(outcome.claimedAt)}</Text>
        </Group>
        <DecisionHistory outcome={outcome} />
        {outcome.status === 'claimed' ? (
          <Text size="sm" c="dimmed">This claim has no decision yet: decide it from the queue.</Text>
        ) : (
          <>
            <Text fw={600} size="sm">Corrected decision</Text>
            <FormError error={correct.error} placed={['amountVerified', 'reason', 'correctsId', 'transactionIds', 'evidence']} />
            <SegmentedControl
              aria-label="Corrected decision"
              value={choice}
              onChange={(v) => setChoice(v as Choice)}
              data={[{ value: 'verified', label: 'Verify' }, { value: 'partially_verified', label: 'Partly' }, { value: 'rejected', label: 'Reject' }]}
              fullWidth
            />
            {choice !== 'rejected' && suggestions.length > 0 && (
              <Table aria-label="Evidence for the correction" verticalSpacing={4}>
                <Table.Tbody>
                  {suggestions.map((s) => (
                    <Table.Tr key={s.transactionId}>
                      <Table.Td w={40}>
                        <Checkbox
                          aria-label={`Use transaction of ${formatDate(s.bookedOn)} on ${s.numberMasked}`}
                          checked={picked.includes(s.transactionId)}
                          onChange={(e) => setPicked((p) => (e.currentTarget.checked ? [...p, s.transactionId] : p.filter((x) => x !== s.transactionId)))}
                        />
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{s.numberMasked} · {formatDate(s.bookedOn)}{linked.includes(s.transactionId) ? ' · linked now' : ''}</Text>
                      </Table.Td>
                      <Table.Td ta="right">{formatMoney(s.amount, s.currency)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
            {choice === 'partially_verified' && (
              <NumberInput label="Amount verified" value={amount} onChange={setAmount} min={0} required thousandSeparator="," error={errorFor(fe, 'amountVerified')} />
            )}
            <Textarea
              label="Reason for the correction"
              description="Kept with the new decision in the audit trail; the earlier decision stays as it was."
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              required
              autosize
              minRows={2}
              error={errorFor(fe, 'reason') ?? errorFor(fe, 'correctsId')}
            />
            <Textarea label="Evidence note (optional)" value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={1} error={errorFor(fe, 'evidence') ?? errorFor(fe, 'transactionIds')} />
            <Group>
              <Button type="submit" loading={correct.isPending} color={choice === 'rejected' ? 'red' : undefined} disabled={!reason.trim()}>
                Record correction
              </Button>
              {correct.isSuccess && <Text size="sm" c="green" role="status">Correction recorded.</Text>}
            </Group>
          </>
        )}
      </Stack>
    </Card>
  );
}

/** Decided outcomes of one status, newest claims first; picking one opens its CorrectionPanel. */
export function DecidedOutcomes() {
  const [status, setStatus] = useState<Decided>('verified');
  const [open, setOpen] = useState<string | null>(null);
  const q = useQuery({
    queryKey: ['decided-outcomes', status],
    queryFn: ({ signal }) => api<{ data: Outcome[]; nextCursor: string | null }>('GET', `/outcomes${qs({ status, limit: 50 })}`, undefined, { signal }),
  });
  const rows = q.data?.data ?? [];
  const contactNames = useContactNames(rows.map((o) => o.contactId));
  return (
    <Stack gap="sm">
      <NativeSelect
        label="Decision"
        value={status}
        onChange={(e) => { setStatus(e.currentTarget.value as Decided); setOpen(null); }}
        data={(['verified', 'partially_verified', 'rejected', 'lapsed'] as const).map((s) => ({ value: s, label: statusLabels[s] }))}
        w={220}
      />
      {q.isPending ? (
        <Loading label="Loading decided outcomes" />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : rows.length === 0 ? (
        <Empty title={`No ${statusLabels[status].toLowerCase()} outcomes`} />
      ) : (
        <Stack gap="xs">
          <Table.ScrollContainer minWidth={480}>
            <Table aria-label="Decided outcomes" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Client</Table.Th>
                  <Table.Th>Kind</Table.Th>
                  <Table.Th ta="right">Claimed</Table.Th>
                  <Table.Th>Decided</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((o) => {
                  const last = o.decisions[o.decisions.length - 1];
                  const name = contactNames.get(o.contactId) ?? 'Contact';
                  return (
                    <Table.Tr key={o.id} aria-selected={open === o.id}>
                      <Table.Td>{name}</Table.Td>
                      <Table.Td>{kindLabels[o.kind]}</Table.Td>
                      <Table.Td ta="right">{o.amount === null ? '—' : formatMoney(o.amount, o.currency)}</Table.Td>
                      <Table.Td>{last ? formatDate(last.decidedAt) : ''}{o.decisions.some((d) => d.correctsId) ? ' · corrected' : ''}</Table.Td>
                      <Table.Td>
                        <Button size="xs" variant="default" onClick={() => setOpen(open === o.id ? null : o.id)} aria-label={`Correct the decision for ${name}`}>
                          {open === o.id ? 'Close' : 'Correct'}
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {q.data.nextCursor && <Text size="xs" c="dimmed">Showing the 50 newest claims.</Text>}
          {open && <CorrectionPanel key={open} outcomeId={open} contactName={contactNames.get(rows.find((o) => o.id === open)?.contactId ?? '')} />}
        </Stack>
      )}
    </Stack>
  );
}
