// Create or edit a campaign (name, type, parent, dates, budget, attribution window) and, once it
// exists, its cost lines. Edits send If-Match, so a campaign changed meanwhile answers 412.
import { useState, type FormEvent } from 'react';
import { ActionIcon, Button, Group, NativeSelect, NumberInput, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiWithEtag } from '../../api/client.ts';
import { formatDate, formatMoney } from '../../ui/format.ts';
import { errorFor, fieldErrorsOf, FormError } from '../../ui/problem.tsx';
import { ErrorState, Loading } from '../../ui/states.tsx';
import { campaignTypes, typeLabels, type Campaign, type CampaignType, type Cost } from './types.ts';

interface Draft {
  name: string; type: CampaignType; parentId: string; description: string; startsOn: string; endsOn: string;
  budget: number | string; currency: string; attributionWindowDays: number | string;
}

const draftOf = (c: Campaign | null): Draft => ({
  name: c?.name ?? '', type: c?.type ?? 'event', parentId: c?.parentId ?? '', description: c?.description ?? '', startsOn: c?.startsOn ?? '', endsOn: c?.endsOn ?? '',
  budget: c?.budget ?? '', currency: c?.currency ?? 'EUR', attributionWindowDays: c?.attributionWindowDays ?? 90,
});

const bodyOf = (d: Draft) => ({
  name: d.name.trim(), type: d.type, parentId: d.parentId || null, description: d.description.trim() || null, startsOn: d.startsOn || null, endsOn: d.endsOn || null,
  budget: d.budget === '' ? null : Number(d.budget), currency: d.currency.trim().toUpperCase() || null,
  ...(d.attributionWindowDays === '' ? {} : { attributionWindowDays: Number(d.attributionWindowDays) }),
});

export function CampaignForm({ campaign, etag, parents, onSaved, onCancel }: { campaign: Campaign | null; etag: string | null; parents: Campaign[]; onSaved(c: Campaign): void; onCancel(): void }) {
  const qc = useQueryClient();
  const [d, setD] = useState<Draft>(() => draftOf(campaign));
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));
  const save = useMutation({
    mutationFn: () =>
      campaign
        ? api<Campaign>('PATCH', `/campaigns/${campaign.id}`, bodyOf(d), etag ? { headers: { 'if-match': etag } } : {})
        : api<Campaign>('POST', '/campaigns', bodyOf(d)),
    onSuccess: (c) => {
      void qc.invalidateQueries({ queryKey: ['campaigns'] });
      void qc.invalidateQueries({ queryKey: ['campaign', c.id] });
      onSaved(c);
    },
  });
  const fe = fieldErrorsOf(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const placed = ['name', 'type', 'parentId', 'description', 'startsOn', 'endsOn', 'budget', 'currency', 'attributionWindowDays'];
  return (
    <Stack component="form" onSubmit={submit} gap="sm" aria-label={campaign ? 'Edit campaign' : 'New campaign'}>
      <FormError error={save.error} placed={placed} />
      <TextInput label="Name" value={d.name} onChange={(e) => set('name', e.currentTarget.value)} required error={errorFor(fe, 'name')} data-autofocus />
      <Group grow wrap="wrap">
        <NativeSelect label="Type" value={d.type} onChange={(e) => set('type', e.currentTarget.value as CampaignType)} data={campaignTypes.map((t) => ({ value: t, label: typeLabels[t] }))} error={errorFor(fe, 'type')} miw={160} />
        <NativeSelect label="Part of" value={d.parentId} onChange={(e) => set('parentId', e.currentTarget.value)} data={[{ value: '', label: 'No parent' }, ...parents.filter((p) => p.id !== campaign?.id).map((p) => ({ value: p.id, label: p.name ?? p.id }))]} error={errorFor(fe, 'parentId')} miw={160} />
      </Group>
      <Group grow wrap="wrap">
        <TextInput type="date" label="Starts" value={d.startsOn} onChange={(e) => set('startsOn', e.currentTarget.value)} error={errorFor(fe, 'startsOn')} miw={140} />
        <TextInput type="date" label="Ends" value={d.endsOn} onChange={(e) => set('endsOn', e.currentTarget.value)} error={errorFor(fe, 'endsOn')} miw={140} />
      </Group>
      <Group grow wrap="wrap">
        <NumberInput label="Budget" value={d.budget} onChange={(v) => set('budget', v)} min={0} thousandSeparator="," error={errorFor(fe, 'budget')} miw={140} />
        <TextInput label="Currency" value={d.currency} onChange={(e) => set('currency', e.currentTarget.value)} maxLength={3} error={errorFor(fe, 'currency')} miw={90} />
        <NumberInput label="Attribution window (days)" value={d.attributionWindowDays} onChange={(v) => set('attributionWindowDays', v)} min={1} max={730} error={errorFor(fe, 'attributionWindowDays')} miw={160} />
      </Group>
      <Textarea label="Description" value={d.description} onChange={(e) => set('description', e.currentTarget.value)} autosize minRows={2} error={errorFor(fe, 'description')} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" loading={save.isPending}>
          {campaign ? 'Save' : 'Create campaign'}
        </Button>
      </Group>
    </Stack>
  );
}

/** A campaign's cost lines: the list, add one, remove one. */
export function CostLines({ campaign, editable }: { campaign: Campaign; editable: boolean }) {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['campaign-costs', campaign.id], queryFn: ({ signal }) => api<{ data: Cost[] }>('GET', `/campaigns/${campaign.id}/costs`, undefined, { signal }) });
  const [line, setLine] = useState({ description: '', amount: '' as number | string, currency: campaign.currency ?? 'EUR', incurredOn: '' });
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['campaign-costs', campaign.id] });
    void qc.invalidateQueries({ queryKey: ['campaigns'] });
  };
  const add = useMutation({
    mutationFn: () => api<Cost>('POST', `/campaigns/${campaign.id}/costs`, { description: line.description.trim(), amount: Number(line.amount), currency: line.currency.trim().toUpperCase(), incurredOn: line.incurredOn || null }),
    onSuccess: () => {
      setLine((l) => ({ ...l, description: '', amount: '', incurredOn: '' }));
      refresh();
    },
  });
  const remove = useMutation({ mutationFn: (id: string) => api<void>('DELETE', `/campaigns/${campaign.id}/costs/${id}`), onSuccess: refresh });
  const fe = fieldErrorsOf(add.error);
  return (
    <Stack gap="sm">
      <Title order={3} size="h5">
        Cost lines
      </Title>
      {q.isPending ? (
        <Loading label="Loading costs" />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.data.length === 0 ? (
        <Text size="sm" c="dimmed">No costs recorded.</Text>
      ) : (
        <Table aria-label="Cost lines" verticalSpacing={4} fz="sm">
          <Table.Tbody>
            {q.data.data.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>{c.description}</Table.Td>
                <Table.Td>{c.incurredOn ? formatDate(c.incurredOn) : ''}</Table.Td>
                <Table.Td ta="right">{formatMoney(c.amount, c.currency)}</Table.Td>
                {editable && (
                  <Table.Td w={40}>
                    <ActionIcon variant="subtle" color="red" aria-label={`Remove cost ${c.description}`} onClick={() => remove.mutate(c.id)} loading={remove.isPending && remove.variables === c.id}>
                      ×
                    </ActionIcon>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <FormError error={remove.error} />
      {editable && (
        <Stack component="form" gap="xs" aria-label="Add a cost line" onSubmit={(e: FormEvent) => { e.preventDefault(); add.mutate(); }}>
          <FormError error={add.error} placed={['description', 'amount', 'currency', 'incurredOn']} />
          <Group gap="xs" align="flex-start" wrap="wrap">
            <TextInput label="Cost" placeholder="Venue hire" value={line.description} onChange={(e) => setLine({ ...line, description: e.currentTarget.value })} required error={errorFor(fe, 'description')} style={{ flex: '2 1 160px' }} />
            <NumberInput label="Amount" value={line.amount} onChange={(v) => setLine({ ...line, amount: v })} min={0} required thousandSeparator="," error={errorFor(fe, 'amount')} style={{ flex: '1 1 110px' }} />
            <TextInput label="Currency" value={line.currency} onChange={(e) => setLine({ ...line, currency: e.currentTarget.value })} maxLength={3} required error={errorFor(fe, 'currency')} w={80} />
            <TextInput type="date" label="Incurred" value={line.incurredOn} onChange={(e) => setLine({ ...line, incurredOn: e.currentTarget.value })} error={errorFor(fe, 'incurredOn')} w={150} />
          </Group>
          <Group>
            <Button type="submit" size="xs" variant="light" loading={add.isPending}>
              Add cost
            </Button>
          </Group>
        </Stack>
      )}
    </Stack>
  );
}

/** The campaign with its ETag, for an edit that must not overwrite someone else's. */
export function useCampaign(id: string | null) {
  return useQuery({
    queryKey: ['campaign', id],
    queryFn: ({ signal }) => apiWithEtag<Campaign>('GET', `/campaigns/${id}`, undefined, { signal }),
    enabled: !!id,
  });
}
