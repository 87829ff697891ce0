// Saved views on a list: pick one (yours, your teams', everyone's), save the current filters,
// sort and columns as a new view, update or delete one you own. Views come from /saved-views.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Group, Modal, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { api } from '../api/client.ts';
import { useSessionState } from '../auth/session.tsx';
import { FormError, errorFor, fieldErrorsOf } from '../ui/problem.tsx';
import type { Filter } from '../grid/query.ts';
import type { ResourceName } from './catalog.ts';
import { reasonOf } from './bulk-ops.ts';

export interface SavedView {
  id: string; resource: ResourceName; name: string; ownerId: string;
  visibility: 'private' | 'team' | 'tenant'; teamId: string | null;
  filters: Filter[]; match: 'all' | 'any'; sort: string | null; columns: string[];
  query: string; editable: boolean; version: number;
}
export interface ViewState { filters: Filter[]; match: 'all' | 'any'; sort: string | null; columns: string[] }

export const viewsKey = (resource: ResourceName) => ['saved-views', resource] as const;

export function useSavedViews(resource: ResourceName) {
  return useQuery({
    queryKey: viewsKey(resource),
    queryFn: ({ signal }) => api<{ data: SavedView[] }>('GET', `/saved-views?resource=${resource}`, undefined, { signal }),
    select: (d) => d.data,
  });
}

interface Props {
  resource: ResourceName;
  views: readonly SavedView[];
  current: SavedView | null;
  state: ViewState;
  modified: boolean;
  onPick: (view: SavedView | null) => void;
}

export function SavedViewsBar({ resource, views, current, state, modified, onPick }: Props) {
  const qc = useQueryClient();
  const [saving, setSaving] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const refresh = () => qc.invalidateQueries({ queryKey: viewsKey(resource) });

  const update = useMutation({
    mutationFn: (v: SavedView) => api<SavedView>('PATCH', `/saved-views/${v.id}`, { filters: state.filters, match: state.match, sort: state.sort, columns: state.columns }, { headers: { 'if-match': `W/"${v.version}"` } }),
    onSuccess: async (v) => {
      await refresh();
      onPick(v);
      notifications.show({ color: 'green', message: `Saved "${v.name}"` });
    },
    onError: (err) => notifications.show({ color: 'red', title: 'The view was not saved', message: reasonOf(err) }),
  });
  const remove = useMutation({
    mutationFn: (v: SavedView) => api('DELETE', `/saved-views/${v.id}`),
    onSuccess: async () => {
      setConfirmDelete(false);
      onPick(null);
      await refresh();
    },
    onError: (err) => notifications.show({ color: 'red', title: 'The view was not deleted', message: reasonOf(err) }),
  });

  const group = (v: SavedView) => (v.visibility === 'private' ? 'Mine' : v.visibility === 'team' ? 'Team' : 'Everyone');
  const data = [
    { value: '', label: `All ${resource}` },
    ...views.map((v) => ({ value: v.id, label: `${v.name} (${group(v)})` })),
  ];
  return (
    <Group gap="xs">
      <NativeSelect aria-label="Saved view" size="xs" w={240} value={current?.id ?? ''} data={data}
        onChange={(e) => onPick(views.find((v) => v.id === e.currentTarget.value) ?? null)} />
      {current && modified && current.editable && (
        <Button size="xs" variant="light" loading={update.isPending} onClick={() => update.mutate(current)}>Update view</Button>
      )}
      <Button size="xs" variant="default" onClick={() => setSaving(true)}>Save view as…</Button>
      {current?.editable && <Button size="xs" variant="subtle" color="red" onClick={() => setConfirmDelete(true)}>Delete view</Button>}
      <SaveViewModal opened={saving} onClose={() => setSaving(false)} resource={resource} state={state}
        onSaved={async (v) => { setSaving(false); await refresh(); onPick(v); }} />
      <Modal opened={confirmDelete} onClose={() => setConfirmDelete(false)} title={`Delete the view "${current?.name ?? ''}"?`}>
        <Text size="sm">The rows stay; only the saved filters, sort and columns go{current?.visibility !== 'private' ? ', for everyone it is shared with' : ''}.</Text>
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={() => setConfirmDelete(false)}>Cancel</Button>
          <Button color="red" loading={remove.isPending} onClick={() => current && remove.mutate(current)}>Delete view</Button>
        </Group>
      </Modal>
    </Group>
  );
}

function SaveViewModal({ opened, onClose, resource, state, onSaved }: { opened: boolean; onClose: () => void; resource: ResourceName; state: ViewState; onSaved: (v: SavedView) => void }) {
  const user = useSessionState().session?.user;
  const [name, setName] = useState('');
  const [visibility, setVisibility] = useState<SavedView['visibility']>('private');
  const [teamId, setTeamId] = useState('');
  const teams = useQuery({
    queryKey: ['teams'],
    queryFn: ({ signal }) => api<{ data: { id: string; name: string }[] }>('GET', '/teams', undefined, { signal }),
    enabled: opened,
  });
  const myTeams = (teams.data?.data ?? []).filter((t) => user?.role === 'admin' || user?.teamIds.includes(t.id));
  const save = useMutation({
    mutationFn: () => api<SavedView>('POST', '/saved-views', {
      resource, name, visibility, ...(visibility === 'team' ? { teamId: teamId || myTeams[0]?.id } : {}),
      filters: state.filters, match: state.match, sort: state.sort, columns: state.columns,
    }),
    onSuccess: (v) => {
      setName('');
      onSaved(v);
    },
  });
  const errors = fieldErrorsOf(save.error);
  const canShareAll = user?.role === 'admin' || user?.role === 'manager';
  return (
    <Modal opened={opened} onClose={onClose} title="Save this view">
      <Stack component="form" onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
        <FormError error={save.error} placed={['name', 'teamId', 'visibility']} />
        <TextInput label="Name" required data-autofocus value={name} onChange={(e) => setName(e.currentTarget.value)} error={errorFor(errors, 'name')} maxLength={120}
          description="A saved view is also a segment: e.g. clients in Texas in the energy industry aged 50-65" />
        <NativeSelect label="Who sees it" value={visibility} onChange={(e) => setVisibility(e.currentTarget.value as SavedView['visibility'])} error={errorFor(errors, 'visibility')}
          data={[
            { value: 'private', label: 'Only me' },
            ...(myTeams.length ? [{ value: 'team', label: 'My team' }] : []),
            ...(canShareAll ? [{ value: 'tenant', label: 'Everyone' }] : []),
          ]} />
        {visibility === 'team' && (
          <NativeSelect label="Team" value={teamId || myTeams[0]?.id || ''} onChange={(e) => setTeamId(e.currentTarget.value)} error={errorFor(errors, 'teamId')}
            data={myTeams.map((t) => ({ value: t.id, label: t.name }))} />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button type="submit" loading={save.isPending} disabled={!name.trim()}>Save view</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
