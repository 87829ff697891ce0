// Merge a possible duplicate into the record on screen, or the record into it: the person picks the
// record that stays, then the existing merge API (POST /contacts|companies/{survivor}/merge) moves
// everything over with the server's default per-field choice (the review page offers per-field
// choices). The answer offers to undo (POST /merges/{id}/undo) before going on.
import { useState } from 'react';
import { Alert, Button, Group, Modal, Radio, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { FormError } from '../../ui/problem.tsx';
import { percentOf, type Hit } from './candidate-list.tsx';
import { sideName, type Entity, type Merge } from './types.ts';

export function MergeDialog({ entity, current, hit, onClose }: {
  entity: Entity;
  current: { id: string; name: string };
  hit: Hit;
  /** Called with the merge once done (null when closed without merging or after an undo). */
  onClose(merge: Merge | null): void;
}) {
  const phone = useMediaQuery('(max-width: 48em)');
  const other = { id: hit.record.id, name: sideName(hit.record) };
  const [survivorId, setSurvivorId] = useState(current.id);
  const [done, setDone] = useState<Merge | null>(null);
  const base = entity === 'contact' ? '/contacts' : '/companies';
  const merge = useMutation({
    mutationFn: () => api<Merge>('POST', `${base}/${survivorId}/merge`, { mergedId: survivorId === current.id ? other.id : current.id }),
    onSuccess: setDone,
  });
  const undo = useMutation({ mutationFn: () => api<Merge>('POST', `/merges/${done!.id}/undo`, {}), onSuccess: setDone });
  const kept = done?.survivorId === current.id ? current : other;
  const finish = () => onClose(done && !done.undoneAt ? done : null);

  return (
    <Modal opened onClose={finish} title={`Merge ${current.name} and ${other.name}`} fullScreen={!!phone}>
      {done ? (
        <Alert color={done.undoneAt ? 'gray' : 'teal'} title={done.undoneAt ? 'Merge undone' : 'Merged'} role="status">
          <Stack gap="xs">
            <Text size="sm">{done.undoneAt ? 'Both records are back as they were.' : `The records are now one: ${kept.name}.`}</Text>
            <FormError error={undo.error} />
            <Group gap="xs">
              {!done.undoneAt && (
                <Button size="xs" variant="light" color="red" onClick={() => undo.mutate()} loading={undo.isPending}>
                  Undo merge
                </Button>
              )}
              <Button size="xs" onClick={finish}>
                {done.undoneAt ? 'Close' : `Open ${kept.name}`}
              </Button>
            </Group>
          </Stack>
        </Alert>
      ) : (
        <Stack gap="sm">
          <Text size="sm">
            Everything linked to the other record moves to the one that stays, and their fields are combined (the review page lets you pick per field).
            You can undo it afterwards.
          </Text>
          <FormError error={merge.error} />
          <Radio.Group label="Record that stays" value={survivorId} onChange={setSurvivorId}>
            <Stack gap={6} mt={4}>
              <Radio value={current.id} label={`${current.name} (this one)`} />
              <Radio value={other.id} label={`${other.name} (${percentOf(hit.probability)}% likely the same)`} />
            </Stack>
          </Radio.Group>
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={finish}>
              Cancel
            </Button>
            <Button onClick={() => merge.mutate()} loading={merge.isPending}>
              Merge
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
