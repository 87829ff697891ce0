// The new-contact form: the few fields people have at hand; everything else is edited in place on
// the contact page it opens. Field errors come from the API's problem+json.
import { useState, type FormEvent } from 'react';
import { Button, Group, Modal, NativeSelect, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import { DraftDuplicates, notSameAfterCreate } from '../areas/duplicates/index.ts';
import { lifecycleStages, type Contact } from '../api/types.ts';
import { navigate } from '../router.tsx';
import { errorFor, fieldErrorsOf, FormError } from '../ui/problem.tsx';

const blank = { givenName: '', familyName: '', email: '', phone: '', jobTitle: '', lifecycleStage: 'lead' };

export function NewContactModal({ onClose }: { onClose(): void }) {
  const [v, setV] = useState(blank);
  const [notSame, setNotSame] = useState<string[]>([]);
  const phone = useMediaQuery('(max-width: 48em)');
  const queryClient = useQueryClient();
  const set = (k: keyof typeof blank) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setV((s) => ({ ...s, [k]: value }));
  };

  // What the duplicate check compares, sent as the create body would send it.
  const draft = {
    givenName: v.givenName.trim() || null,
    familyName: v.familyName.trim() || null,
    ...(v.email.trim() ? { emails: [{ address: v.email.trim(), primary: true }] } : {}),
    ...(v.phone.trim() ? { phones: [{ number: v.phone.trim(), primary: true }] } : {}),
  };
  const create = useMutation({
    mutationFn: async () => {
      const c = await api<Contact>('POST', '/contacts', { ...draft, jobTitle: v.jobTitle.trim() || null, lifecycleStage: v.lifecycleStage });
      await notSameAfterCreate('contact', c.id, notSame);
      return c;
    },
    onSuccess: (c) => {
      void queryClient.invalidateQueries({ queryKey: ['contacts'] });
      notifications.show({ color: 'green', title: 'Contact created', message: c.displayName });
      onClose();
      navigate(`/contacts/${c.id}`);
    },
  });
  const errors = fieldErrorsOf(create.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };

  return (
    <Modal opened onClose={onClose} title="New contact" fullScreen={!!phone} size="lg">
      <form onSubmit={submit} aria-label="New contact" noValidate>
        <Stack gap="sm">
          <FormError error={create.error} placed={['givenName', 'familyName', 'emails', 'phones', 'jobTitle', 'lifecycleStage']} />
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <TextInput label="Given name" value={v.givenName} onChange={set('givenName')} error={errorFor(errors, 'givenName')} data-autofocus />
            <TextInput label="Family name" value={v.familyName} onChange={set('familyName')} error={errorFor(errors, 'familyName')} />
            <TextInput label="Email" type="email" value={v.email} onChange={set('email')} error={errorFor(errors, 'emails')} />
            <TextInput label="Phone" type="tel" value={v.phone} onChange={set('phone')} error={errorFor(errors, 'phones')} />
            <TextInput label="Job title" value={v.jobTitle} onChange={set('jobTitle')} error={errorFor(errors, 'jobTitle')} />
            <NativeSelect label="Lifecycle stage" value={v.lifecycleStage} onChange={set('lifecycleStage')} data={lifecycleStages.map((s) => ({ value: s, label: s[0]!.toUpperCase() + s.slice(1) }))} />
          </SimpleGrid>
          <DraftDuplicates entity="contact" draft={draft} ready={!!(draft.familyName || draft.emails || draft.phones)} dismissed={notSame}
            onNotSame={(id) => setNotSame((ids) => [...ids, id])} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create contact
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
