// /campaigns: the campaigns (name, type, dates, budget, costs so far), and for managers and admins
// creating and editing them with their cost lines, in a side drawer.
import { useState } from 'react';
import { Anchor, Badge, Button, Drawer, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import { api, qs } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { formatDate, formatMoney } from '../../ui/format.ts';
import { Empty, ErrorState, Loading } from '../../ui/states.tsx';
import { AreaPage } from '../shared/page.tsx';
import { CampaignForm, CostLines, useCampaign } from './campaign-form.tsx';
import { typeLabels, type Campaign } from './types.ts';

function Editor({ id, parents, onClose, onCreated, editable }: { id: string | null; parents: Campaign[]; onClose(): void; onCreated(c: Campaign): void; editable: boolean }) {
  const existing = useCampaign(id);
  if (id && existing.isPending) return <Loading label="Loading the campaign" />;
  if (id && existing.isError) return <ErrorState error={existing.error} onRetry={() => void existing.refetch()} />;
  const campaign = existing.data?.data ?? null;
  return (
    <Stack gap="lg">
      {editable ? (
        <CampaignForm key={campaign?.version ?? 'new'} campaign={campaign} etag={existing.data?.etag ?? null} parents={parents} onSaved={(c) => (campaign ? onClose() : onCreated(c))} onCancel={onClose} />
      ) : campaign ? (
        <Stack gap={4}>
          <Text fw={600}>{campaign.name}</Text>
          <Text size="sm">{campaign.description ?? ''}</Text>
        </Stack>
      ) : null}
      {campaign && <CostLines campaign={campaign} editable={editable} />}
    </Stack>
  );
}

export function CampaignsPage() {
  const { user } = useSession();
  const editable = user.role === 'admin' || user.role === 'manager';
  const [open, setOpen] = useState<{ id: string | null } | null>(null);
  const phone = useMediaQuery('(max-width: 48em)') ?? false;
  const q = useInfiniteQuery({
    queryKey: ['campaigns'],
    queryFn: ({ pageParam, signal }) => api<{ data: Campaign[]; nextCursor: string | null }>('GET', `/campaigns${qs({ limit: 100, sort: '-startsOn', cursor: pageParam })}`, undefined, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const campaigns = q.data?.pages.flatMap((p) => p.data) ?? [];
  const names = new Map(campaigns.map((c) => [c.id, c.name]));
  return (
    <AreaPage
      title="Campaigns"
      intro="Programmes, events and other campaigns with their costs; outcomes are credited to them for ROI."
      actions={editable && <Button onClick={() => setOpen({ id: null })}>New campaign</Button>}
    >
      {q.isPending ? (
        <Loading label="Loading campaigns" />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : campaigns.length === 0 ? (
        <Empty title="No campaigns yet">{editable ? 'Create one to start tracking its costs and results.' : undefined}</Empty>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table aria-label="Campaigns" verticalSpacing="xs" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Type</Table.Th>
                <Table.Th>Dates</Table.Th>
                <Table.Th ta="right">Budget</Table.Th>
                <Table.Th ta="right">Costs</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {campaigns.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    <Anchor component="button" type="button" size="sm" onClick={() => setOpen({ id: c.id })}>
                      {c.name}
                    </Anchor>
                    {c.parentId && <Text size="xs" c="dimmed">in {names.get(c.parentId) ?? 'another campaign'}</Text>}
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" size="sm">{typeLabels[c.type] ?? c.type}</Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{c.startsOn ? formatDate(c.startsOn) : '—'}{c.endsOn && c.endsOn !== c.startsOn ? ` to ${formatDate(c.endsOn)}` : ''}</Text>
                  </Table.Td>
                  <Table.Td ta="right">{c.budget !== null ? formatMoney(c.budget, c.currency) : '—'}</Table.Td>
                  <Table.Td ta="right">{c.costs.length ? c.costs.map((x) => formatMoney(x.total, x.currency)).join(' + ') : '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {q.hasNextPage && <Button variant="default" onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage} w="fit-content">Show more</Button>}
      <Drawer opened={!!open} onClose={() => setOpen(null)} position="right" size={phone ? '100%' : 'lg'} title={open?.id ? (editable ? 'Edit campaign' : 'Campaign') : 'New campaign'}>
        {open && <Editor key={open.id ?? 'new'} id={open.id} parents={campaigns} onClose={() => setOpen(null)} onCreated={(c) => setOpen({ id: c.id })} editable={editable} />}
      </Drawer>
    </AreaPage>
  );
}
