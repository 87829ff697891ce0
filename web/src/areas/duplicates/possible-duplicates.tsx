// The possible-duplicates panel of a contact or company page (GET /contacts|companies/{id}/duplicates):
// each candidate with its probability and, on demand, the waterfall, and the actions View, Merge
// (MergeDialog: the person picks the record that stays) and Not the same (POST /matching/decisions,
// after which the check never offers the pair again). Renders nothing when there are none or the
// check fails: it is a hint, never in the way.
import { useState } from 'react';
import { Alert, Anchor, Button, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { keys } from '../../api/hooks.ts';
import { useSessionState } from '../../auth/session.tsx';
import { Link, navigate } from '../../router.tsx';
import { FormError } from '../../ui/problem.tsx';
import { CandidateList, hitsOf, type CheckAnswer, recordPath, ViewButton, type Hit } from './candidate-list.tsx';
import { MergeDialog } from './merge-dialog.tsx';
import { sideName, type Entity, type Merge } from './types.ts';

export const duplicatesKey = (entity: Entity, id: string, version?: number) => ['duplicates', entity, id, ...(version === undefined ? [] : [version])] as const;

/** Records a decision on two records of one kind (POST /matching/decisions). */
export function decidePair(entity: Entity, a: string, b: string, decision: 'same' | 'not_same') {
  return api<{ changed: boolean }>('POST', '/matching/decisions', { entity, leftId: a, rightId: b, decision });
}

/** `version`: the record's version, so an edit in place checks again. */
export function PossibleDuplicates({ entity, id, name, version, minProbability = 0.5 }: { entity: Entity; id: string; name: string; version?: number; minProbability?: number }) {
  const role = useSessionState().session?.user.role;
  const qc = useQueryClient();
  const [merging, setMerging] = useState<Hit | null>(null);
  const q = useQuery({
    queryKey: duplicatesKey(entity, id, version),
    queryFn: ({ signal }) => api<CheckAnswer>('GET', `${recordPath(entity, id)}/duplicates?limit=3`, undefined, { signal }),
    staleTime: 60_000,
    retry: false,
  });
  const notSame = useMutation({
    mutationFn: (hit: Hit) => decidePair(entity, id, hit.record.id, 'not_same'),
    onSuccess: (_out, hit) => {
      // Gone at once; the check leaves the pair out from now on.
      qc.setQueryData<CheckAnswer>(duplicatesKey(entity, id, version), (a) => a && { ...a, candidates: a.candidates.filter((c) => (c.contact ?? c.company)?.id !== hit.record.id) });
      void qc.invalidateQueries({ queryKey: duplicatesKey(entity, hit.record.id) });
      void qc.invalidateQueries({ queryKey: ['candidates'] });
    },
  });
  const merged = (merge: Merge | null) => {
    setMerging(null);
    if (!merge) return;
    for (const key of [['duplicates'], ['candidates'], [entity === 'contact' ? 'contacts' : 'companies'], ['timeline']]) void qc.invalidateQueries({ queryKey: key });
    void qc.invalidateQueries({ queryKey: entity === 'contact' ? keys.contact(merge.survivorId) : keys.company(merge.survivorId) });
    notifications.show({ color: 'green', title: 'Merged', message: 'The two records are now one.' });
    if (merge.survivorId !== id) navigate(recordPath(entity, merge.survivorId));
  };

  const likely = hitsOf(q.data).filter((h) => h.probability >= minProbability);
  if (!likely.length) return null;
  const canDecide = !!role && role !== 'read_only';
  return (
    <Alert color="yellow" variant="light" title="Possible duplicates" role="note" mb="sm">
      <Stack gap={6}>
        <FormError error={notSame.error} />
        <CandidateList
          entity={entity}
          hits={likely}
          actions={(h) => (
            <>
              <ViewButton entity={entity} hit={h} />
              {canDecide && (
                <>
                  <Button size="compact-xs" onClick={() => setMerging(h)} aria-label={`Merge with ${sideName(h.record)}`}>
                    Merge
                  </Button>
                  <Button size="compact-xs" variant="light" color="gray" onClick={() => notSame.mutate(h)}
                    loading={notSame.isPending && notSame.variables?.record.id === h.record.id} aria-label={`Not the same as ${sideName(h.record)}`}>
                    Not the same
                  </Button>
                </>
              )}
            </>
          )}
        />
        <Anchor component={Link} to="/duplicates" size="xs">
          Review duplicates
        </Anchor>
      </Stack>
      {merging && <MergeDialog entity={entity} current={{ id, name }} hit={merging} onClose={merged} />}
    </Alert>
  );
}
