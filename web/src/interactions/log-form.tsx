// The log-interaction form: kind, time (now by default), participants, subject, notes, outcome and
// metrics. Every change is kept as a draft (draft.ts) until the interaction is saved.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ActionIcon, Alert, Button, Chip, Group, NativeSelect, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import { keys } from '../api/hooks.ts';
import { directions, interactionKinds, kindLabel, kindLabels, type Interaction, type InteractionKind } from '../api/types.ts';
import { errorFor, fieldErrorsOf, FormError } from '../ui/problem.tsx';
import { ContactPicker } from './contact-picker.tsx';
import { clearDraft, emptyDraft, loadDraft, localDateTime, saveDraft, type InteractionDraft } from './draft.ts';
import type { LogPreset } from './log-context.tsx';
import { fetchContact } from '../records/queries.ts';
import { useSession } from '../auth/session.tsx';

const outcomeCodes = [
  ['', 'No outcome'], ['positive', 'Positive'], ['follow_up', 'Follow-up needed'], ['neutral', 'Neutral'], ['negative', 'Negative'],
] as const;
const metricSuggestions = ['assets_pledged', 'revenue', 'new_money', 'fees'];

function fromPreset(p: LogPreset): InteractionDraft {
  return emptyDraft({
    kind: p.kind ?? 'phone_call',
    participants: p.contactId ? [{ contactId: p.contactId, displayName: p.contactName ?? '…' }] : [],
    companyId: p.companyId ?? null,
  });
}

function toBody(v: InteractionDraft) {
  return {
    kind: v.kind,
    // Still showing this minute: let the server stamp the exact moment (so it sorts after what
    // happened seconds ago); any other time is the user's.
    occurredAt: v.occurredAt && v.occurredAt !== localDateTime() ? new Date(v.occurredAt).toISOString() : undefined,
    direction: v.direction || null,
    durationMinutes: v.durationMinutes.trim() ? Number(v.durationMinutes) : null,
    participants: v.participants.map((p, i) => ({ contactId: p.contactId, role: i === 0 ? 'primary' : 'attendee' })),
    companyId: v.companyId,
    subject: v.subject.trim() || null,
    notes: v.notes.trim() || null,
    outcome: v.outcomeCode ? { code: v.outcomeCode, text: v.outcomeText.trim() || null } : null,
    metrics: v.metrics.map((m) => ({ kind: m.kind.trim(), amount: Number(m.amount), currency: m.currency.trim().toUpperCase() || null })),
  };
}

export function LogInteractionForm({ preset, onDone }: { preset: LogPreset; onDone(): void }) {
  const owner = useSession().user.id;
  const stored = useRef(loadDraft(owner)).current;
  const [restored, setRestored] = useState(stored !== null);
  const [values, setValues] = useState<InteractionDraft>(() => stored?.values ?? fromPreset(preset));
  const dirty = useRef(stored !== null);
  const finished = useRef(false);
  const queryClient = useQueryClient();

  // The preset contact's name when the caller gave only its id.
  const needsName = !restored && preset.contactId && !preset.contactName;
  const named = useQuery({
    queryKey: keys.contact(preset.contactId ?? ''),
    queryFn: ({ signal }) => fetchContact(preset.contactId!, signal),
    enabled: !!needsName,
  });
  useEffect(() => {
    const c = named.data?.data;
    if (!c) return;
    setValues((v) => ({ ...v, participants: v.participants.map((p) => (p.contactId === c.id ? { ...p, displayName: c.displayName } : p)) }));
  }, [named.data]);

  // Keep the draft in step with the form (closing the modal marks it closed: log-context.tsx).
  useEffect(() => {
    if (dirty.current && !finished.current) saveDraft(owner, values, true);
  }, [values]);

  const update = (patch: Partial<InteractionDraft>) => {
    dirty.current = true;
    setValues((v) => ({ ...v, ...patch }));
  };

  const save = useMutation({
    mutationFn: (v: InteractionDraft) => api<Interaction>('POST', '/interactions', toBody(v)),
    onSuccess: (created) => {
      finished.current = true;
      clearDraft(owner);
      void queryClient.invalidateQueries({ queryKey: ['timeline'] });
      void queryClient.invalidateQueries({ queryKey: ['interactions'] });
      notifications.show({ color: 'green', title: `${kindLabel(created.kind)} logged`, message: created.subject ?? values.participants.map((p) => p.displayName).join(', ') });
      onDone();
    },
  });
  const errors = fieldErrorsOf(save.error);

  const discard = () => {
    clearDraft(owner);
    dirty.current = false;
    setRestored(false);
    save.reset();
    setValues(fromPreset(preset));
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(values);
  };

  const setMetric = (i: number, patch: Partial<InteractionDraft['metrics'][number]>) =>
    update({ metrics: values.metrics.map((m, j) => (j === i ? { ...m, ...patch } : m)) });

  return (
    <form onSubmit={submit} aria-label="Log an interaction" noValidate>
      <Stack gap="sm">
        {restored && (
          <Alert color="blue" title="Draft restored" withCloseButton onClose={() => setRestored(false)} closeButtonLabel="Keep draft">
            <Group justify="space-between" gap="xs">
              <Text size="sm">Your unsaved interaction from {new Date(stored?.savedAt ?? Date.now()).toLocaleString()} is back.</Text>
              <Button size="compact-sm" variant="subtle" onClick={discard}>
                Start over
              </Button>
            </Group>
          </Alert>
        )}
        <FormError error={save.error} placed={['kind', 'occurredAt', 'participants', 'subject', 'notes', 'outcome', 'metrics', 'direction', 'durationMinutes']} />
        <Chip.Group value={values.kind} onChange={(k) => update({ kind: k as InteractionKind })}>
          <Group gap={6} role="radiogroup" aria-label="Kind">
            {interactionKinds.map((k) => (
              <Chip key={k} value={k} size="sm" type="radio">
                {kindLabels[k]}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
        {errorFor(errors, 'kind') && <Text c="red" size="sm">{errorFor(errors, 'kind')}</Text>}
        <ContactPicker label="Participants" value={values.participants} onChange={(participants) => update({ participants })} error={errorFor(errors, 'participants')} />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <TextInput label="When" type="datetime-local" value={values.occurredAt} onChange={(e) => update({ occurredAt: e.currentTarget.value })} error={errorFor(errors, 'occurredAt')} />
          <NativeSelect label="Direction" value={values.direction} onChange={(e) => update({ direction: e.currentTarget.value })} data={[{ value: '', label: '—' }, ...directions.map((d) => ({ value: d, label: d[0]!.toUpperCase() + d.slice(1) }))]} error={errorFor(errors, 'direction')} />
        </SimpleGrid>
        <TextInput label="Subject" data-autofocus value={values.subject} onChange={(e) => update({ subject: e.currentTarget.value })} error={errorFor(errors, 'subject')} maxLength={500} />
        <Textarea label="Notes" autosize minRows={3} maxRows={10} value={values.notes} onChange={(e) => update({ notes: e.currentTarget.value })} error={errorFor(errors, 'notes')} />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <NativeSelect label="Outcome" value={values.outcomeCode} onChange={(e) => update({ outcomeCode: e.currentTarget.value })} data={outcomeCodes.map(([value, label]) => ({ value, label }))} error={errorFor(errors, 'outcome.code')} />
          <TextInput label="Duration (minutes)" inputMode="numeric" value={values.durationMinutes} onChange={(e) => update({ durationMinutes: e.currentTarget.value })} error={errorFor(errors, 'durationMinutes')} />
        </SimpleGrid>
        {values.outcomeCode && <TextInput label="Outcome details" value={values.outcomeText} onChange={(e) => update({ outcomeText: e.currentTarget.value })} error={errorFor(errors, 'outcome.text')} />}
        <Stack gap={6}>
          <Text size="sm" fw={500}>
            Metrics
          </Text>
          {values.metrics.map((m, i) => (
            <Group key={i} gap={6} align="flex-start" wrap="nowrap">
              <TextInput aria-label={`Metric ${i + 1} kind`} placeholder="assets_pledged" list="metric-kinds" value={m.kind} onChange={(e) => setMetric(i, { kind: e.currentTarget.value })} error={errors[`metrics.${i}.kind`]} style={{ flex: 2 }} />
              <TextInput aria-label={`Metric ${i + 1} amount`} placeholder="Amount" inputMode="decimal" value={m.amount} onChange={(e) => setMetric(i, { amount: e.currentTarget.value })} error={errors[`metrics.${i}.amount`]} style={{ flex: 2 }} />
              <TextInput aria-label={`Metric ${i + 1} currency`} placeholder="USD" maxLength={3} value={m.currency} onChange={(e) => setMetric(i, { currency: e.currentTarget.value })} error={errors[`metrics.${i}.currency`]} style={{ flex: 1 }} />
              <ActionIcon variant="subtle" color="gray" mt={4} aria-label={`Remove metric ${i + 1}`} onClick={() => update({ metrics: values.metrics.filter((_, j) => j !== i) })}>
                ×
              </ActionIcon>
            </Group>
          ))}
          <datalist id="metric-kinds">
            {metricSuggestions.map((k) => (
              <option key={k} value={k} />
            ))}
          </datalist>
          <Button variant="subtle" size="compact-sm" onClick={() => update({ metrics: [...values.metrics, { kind: '', amount: '', currency: '' }] })} style={{ alignSelf: 'flex-start' }}>
            + Add metric
          </Button>
        </Stack>
        <Group justify="flex-end" gap="sm" mt="xs">
          {dirty.current && (
            <Button variant="default" onClick={() => { discard(); onDone(); }}>
              Discard
            </Button>
          )}
          <Button type="submit" loading={save.isPending}>
            Save {kindLabels[values.kind].toLowerCase()}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
