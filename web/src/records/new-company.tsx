// The new-company form: name, domain, phone and industry; the rest is edited in place on the company
// page it opens. As the person types, the draft is checked for companies already in the book (the
// same hint as the new-contact form); saving is never blocked. Field errors come from problem+json.
import { useState, type FormEvent } from 'react';
import { Button, Group, Modal, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { Company } from '../api/types.ts';
import { DraftDuplicates, notSameAfterCreate } from '../areas/duplicates/index.ts';
import { navigate } from '../router.tsx';
import { errorFor, fieldErrorsOf, FormError } from '../ui/problem.tsx';

const blank = { name: '', domain: '', phone: '', industry: '' };
// Half-typed domains ("engines.") would only earn the check a 422; they wait until they look whole.
const wholeDomain = /^[^\s./]+(\.[^\s./]+)*\.[a-z]{2,}$/i;

export function NewCompanyModal({ onClose }: { onClose(): void }) {
  const [v, setV] = useState(blank);
  const [notSame, setNotSame] = useState<string[]>([]);
  const phone = useMediaQuery('(max-width: 48em)');
  const queryClient = useQueryClient();
  const set = (k: keyof typeof blank) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setV((s) => ({ ...s, [k]: value }));
  };
  const domain = v.domain.trim().replace(/^https?:\/\//i, '').replace(/\/.*$/, '');
  const draft = {
    ...(v.name.trim() ? { name: v.name.trim() } : {}),
    ...(wholeDomain.test(domain) ? { domain } : {}),
    ...(v.phone.trim() ? { phones: [{ number: v.phone.trim(), primary: true }] } : {}),
  };

  const create = useMutation({
    mutationFn: async () => {
      const c = await api<Company>('POST', '/companies', {
        name: v.name.trim(),
        domain: v.domain.trim() || null,
        industry: v.industry.trim() || null,
        ...(v.phone.trim() ? { phones: [{ number: v.phone.trim(), primary: true }] } : {}),
      });
      await notSameAfterCreate('company', c.id, notSame);
      return c;
    },
    onSuccess: (c) => {
      void queryClient.invalidateQueries({ queryKey: ['companies'] });
      notifications.show({ color: 'green', title: 'Company created', message: c.name });
      onClose();
      navigate(`/companies/${c.id}`);
    },
  });
  const errors = fieldErrorsOf(create.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };

  return (
    <Modal opened onClose={onClose} title="New company" fullScreen={!!phone} size="lg">
      <form onSubmit={submit} aria-label="New company" noValidate>
        <Stack gap="sm">
          <FormError error={create.error} placed={['name', 'domain', 'phones', 'industry']} />
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <TextInput label="Name" required value={v.name} onChange={set('name')} error={errorFor(errors, 'name')} data-autofocus />
            <TextInput label="Domain" placeholder="example.com" value={v.domain} onChange={set('domain')} error={errorFor(errors, 'domain')} />
            <TextInput label="Phone" type="tel" value={v.phone} onChange={set('phone')} error={errorFor(errors, 'phones')} />
            <TextInput label="Industry" value={v.industry} onChange={set('industry')} error={errorFor(errors, 'industry')} />
          </SimpleGrid>
          <DraftDuplicates entity="company" draft={draft} ready={v.name.trim().length >= 3 || 'domain' in draft || 'phones' in draft} dismissed={notSame}
            onNotSame={(id) => setNotSame((ids) => [...ids, id])} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create company
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
