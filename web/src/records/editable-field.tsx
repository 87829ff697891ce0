// Edit in place: a labelled value with an Edit button; Enter saves (PATCH with If-Match), Esc
// cancels. When the API refuses, its message for this field (problem+json errors[].field) shows
// under the input and what the user typed stays.
import { useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { ActionIcon, Button, Group, NativeSelect, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { ApiError } from '../api/client.ts';
import { errorFor, fieldErrorsOf } from '../ui/problem.tsx';
import { Icon } from '../ui/icons.tsx';

interface Props {
  label: string;
  /** The problem+json field name (or prefix, e.g. `emails`) whose errors belong here. */
  field: string;
  value: string;
  /** How the value reads when not editing (defaults to the value, or a dash). */
  display?: ReactNode;
  input?: 'text' | 'textarea' | 'select' | 'date' | 'email' | 'tel' | 'number';
  options?: { value: string; label: string }[];
  readOnly?: boolean;
  onSave(value: string): Promise<unknown>;
}

function messageFor(err: unknown, field: string): string | null {
  if (!err) return null;
  const own = errorFor(fieldErrorsOf(err), field);
  if (own) return own;
  if (err instanceof ApiError) {
    if (err.status === 412) return 'Someone else changed this record meanwhile. Reload the page to see their change, then edit again.';
    const first = err.problem.fieldErrors?.[0];
    return first ? `${first.field}: ${first.message}` : err.problem.detail ?? err.message;
  }
  return err instanceof Error ? err.message : 'Could not save';
}

export function EditableField({ label, field, value, display, input = 'text', options, readOnly, onSave }: Props) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(value);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const start = () => {
    setDraft(value);
    setError(null);
    setEditing(true);
  };
  const cancel = () => {
    setEditing(false);
    setError(null);
  };
  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (draft === value) return cancel();
    setBusy(true);
    try {
      await onSave(draft);
      setEditing(false);
      setError(null);
    } catch (err) {
      setError(messageFor(err, field));
    } finally {
      setBusy(false);
    }
  };

  if (!editing) {
    return (
      <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start" className="rapport-field">
        <Stack gap={0} style={{ minWidth: 0 }}>
          <Text size="xs" c="dimmed">
            {label}
          </Text>
          <Text size="sm" component="div" style={{ overflowWrap: 'anywhere' }} c={value ? undefined : 'dimmed'}>
            {display ?? (value || '—')}
          </Text>
        </Stack>
        {!readOnly && (
          <ActionIcon variant="subtle" color="gray" onClick={start} aria-label={`Edit ${label}`} className="rapport-edit">
            <Icon name="change" size={16} />
          </ActionIcon>
        )}
      </Group>
    );
  }

  const common = {
    label,
    value: draft,
    error: error ?? undefined,
    autoFocus: true,
    disabled: busy,
    onKeyDown: (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        cancel();
      }
    },
  };
  return (
    <form onSubmit={submit} aria-label={`Edit ${label}`} noValidate>
      <Stack gap={6}>
        {input === 'select' ? (
          <NativeSelect {...common} data={options ?? []} onChange={(e) => setDraft(e.currentTarget.value)} />
        ) : input === 'textarea' ? (
          <Textarea {...common} autosize minRows={2} onChange={(e) => setDraft(e.currentTarget.value)} />
        ) : (
          <TextInput {...common} type={input} onChange={(e) => setDraft(e.currentTarget.value)} />
        )}
        <Group gap="xs" justify="flex-end">
          <Button size="compact-sm" variant="default" onClick={cancel} disabled={busy}>
            Cancel
          </Button>
          <Button size="compact-sm" type="submit" loading={busy}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
