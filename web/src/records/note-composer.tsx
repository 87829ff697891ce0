// "Add a note" above a timeline: POST /notes on the contact or company; the note then shows on
// the timeline. What was typed stays when the API refuses it.
import { useState, type FormEvent } from 'react';
import { Button, Group, Stack, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import { keys } from '../api/hooks.ts';
import { errorFor, fieldErrorsOf, FormError } from '../ui/problem.tsx';

export function NoteComposer({ resource, id }: { resource: 'contacts' | 'companies'; id: string }) {
  const [open, setOpen] = useState(false);
  const [body, setBody] = useState('');
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: () => api('POST', '/notes', { body, ...(resource === 'contacts' ? { contactId: id } : { companyId: id }) }),
    onSuccess: () => {
      setBody('');
      setOpen(false);
      void queryClient.invalidateQueries({ queryKey: keys.timeline(resource, id) });
    },
  });
  if (!open) {
    return (
      <Button variant="default" size="xs" onClick={() => setOpen(true)}>
        Add a note
      </Button>
    );
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} aria-label="Add a note" noValidate style={{ width: '100%' }}>
      <Stack gap={6}>
        <FormError error={save.error} placed={['body']} />
        <Textarea label="Note" autosize minRows={2} maxRows={10} value={body} onChange={(e) => setBody(e.currentTarget.value)} error={errorFor(fieldErrorsOf(save.error), 'body')} autoFocus />
        <Group gap="xs" justify="flex-end">
          <Button size="compact-sm" variant="default" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button size="compact-sm" type="submit" loading={save.isPending}>
            Save note
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
