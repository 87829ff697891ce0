// One claimed outcome in the verification queue: what was claimed, by whom, the suggested evidence
// transactions to tick, and the decision (verify with the ticked transactions, partially verify
// with an amount, reject with a reason). Separation-of-duties refusals come back as problem+json
// and show in the form in the API's words.
import { useState, type FormEvent } from 'react';
import { Alert, Badge, Button, Card, Checkbox, Group, NumberInput, SegmentedControl, Stack, Table, Text, Textarea, VisuallyHidden } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { Link } from '../../router.tsx';
import { formatDate, formatDateTime, formatMoney } from '../../ui/format.ts';
import { errorFor, fieldErrorsOf, FormError } from '../../ui/problem.tsx';
import { kindLabels, type Outcome, type QueueItem } from './types.ts';

type Choice = 'verified' | 'partially_verified' | 'rejected';

export function OutcomeCard({ item, contactName, userName }: { item: QueueItem; contactName?: string; userName?: string }) {
  const qc = useQueryClient();
  const { outcome, suggestions } = item;
  const [choice, setChoice] = useState<Choice>('verified');
  const [picked, setPicked] = useState<string[]>([]);
  const [amount, setAmount] = useState<number | string>('');
  const [reason, setReason] = useState('');
  const [evidence, setEvidence] = useState('');
  const decide = useMutation({
    mutationFn: () =>
      api<Outcome>('POST', `/outcomes/${outcome.id}/decisions`, {
        status: choice,
        ...(choice !== 'rejected' && picked.length ? { transactionIds: picked } : {}),
        ...(choice === 'partially_verified' && amount !== '' ? { amountVerified: Number(amount) } : {}),
        ...(reason.trim() ? { reason: reason.trim() } : {}),
        ...(evidence.trim() ? { evidence: evidence.trim() } : {}),
      }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['outcome-queue'] }),
  });
  const fe = fieldErrorsOf(decide.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    decide.mutate();
  };
  const money = (n: number | null) => (n === null ? '—' : formatMoney(n, outcome.currency));

  return (
    <Card withBorder component="form" onSubmit={submit} aria-label={`${kindLabels[outcome.kind]} claimed for ${contactName ?? 'a contact'}`}>
      <Stack gap="sm">
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Group gap="xs">
            <Badge variant="light">{kindLabels[outcome.kind]}</Badge>
            <Text fw={600}>{outcome.amount !== null ? money(outcome.amount) : outcome.ibType ?? ''}</Text>
          </Group>
          <Text size="xs" c="dimmed">
            Claimed {formatDateTime(outcome.claimedAt)}
            {userName ? ` by ${userName}` : ''}
          </Text>
        </Group>
        <Text size="sm">
          Client: <Link to={`/contacts/${outcome.contactId}`}>{contactName ?? 'Open contact'}</Link>
          {outcome.ibType ? ` · ${outcome.ibType}` : ''}
          {outcome.expectedFee !== null ? ` · expected fee ${money(outcome.expectedFee)}` : ''}
        </Text>
        {outcome.notes && <Text size="sm" c="dimmed">{outcome.notes}</Text>}
        {!item.mayDecide && item.blockedBecause && (
          <Alert color="yellow" variant="light" title="You may not decide this claim">
            <Text size="sm">{item.blockedBecause}</Text>
          </Alert>
        )}

        {suggestions.length === 0 ? (
          <Text size="sm" c="dimmed">No matching transactions found on the client's accounts.</Text>
        ) : (
          <Table.ScrollContainer minWidth={420}>
            <Table aria-label="Suggested evidence" verticalSpacing={4}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={40}><VisuallyHidden>Use</VisuallyHidden></Table.Th>
                  <Table.Th>Account</Table.Th>
                  <Table.Th>Booked</Table.Th>
                  <Table.Th ta="right">Amount</Table.Th>
                  <Table.Th ta="right">Difference</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {suggestions.map((s) => (
                  <Table.Tr key={s.transactionId}>
                    <Table.Td>
                      <Checkbox
                        aria-label={`Use transaction of ${formatDate(s.bookedOn)} on ${s.numberMasked}`}
                        checked={picked.includes(s.transactionId)}
                        disabled={choice === 'rejected'}
                        onChange={(e) => setPicked((p) => (e.currentTarget.checked ? [...p, s.transactionId] : p.filter((x) => x !== s.transactionId)))}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{s.numberMasked}{s.custodian ? ` · ${s.custodian}` : ''}</Text>
                      <Text size="xs" c="dimmed">
                        {s.kind}{s.viaHousehold ? ' · household account' : ''}{s.description ? ` · ${s.description}` : ''}
                      </Text>
                      {s.alreadyEvidenceFor.length > 0 && <Text size="xs" c="orange">Already evidence for {s.alreadyEvidenceFor.length} other claim(s)</Text>}
                    </Table.Td>
                    <Table.Td>{formatDate(s.bookedOn)}</Table.Td>
                    <Table.Td ta="right">{formatMoney(s.amount, s.currency)}</Table.Td>
                    <Table.Td ta="right">{formatMoney(s.difference, s.currency)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}

        <FormError error={decide.error} placed={['amountVerified', 'reason', 'transactionIds', 'evidence']} />
        <SegmentedControl
          aria-label="Decision"
          value={choice}
          onChange={(v) => setChoice(v as Choice)}
          data={[{ value: 'verified', label: 'Verify' }, { value: 'partially_verified', label: 'Partly' }, { value: 'rejected', label: 'Reject' }]}
          fullWidth
        />
        {choice === 'partially_verified' && (
          <NumberInput label="Amount verified" value={amount} onChange={setAmount} min={0} required thousandSeparator="," error={errorFor(fe, 'amountVerified')} />
        )}
        <Textarea
          label={choice === 'rejected' ? 'Reason' : 'Reason (optional)'}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          required={choice === 'rejected'}
          autosize
          minRows={1}
          error={errorFor(fe, 'reason')}
        />
        <Textarea label="Evidence note (optional)" value={evidence} onChange={(e) => setEvidence(e.currentTarget.value)} autosize minRows={1} error={errorFor(fe, 'evidence') ?? errorFor(fe, 'transactionIds')} />
        <Group>
          <Button type="submit" loading={decide.isPending} color={choice === 'rejected' ? 'red' : undefined}>
            {choice === 'verified' ? `Verify${picked.length ? ` with ${picked.length} transaction${picked.length > 1 ? 's' : ''}` : ''}` : choice === 'partially_verified' ? 'Partly verify' : 'Reject'}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
