// The hint in a create form: as the person types (debounced), the draft goes to the real-time check
// (POST /matching/check or /matching/check-company; nothing is written) and likely duplicates show
// with View (a new tab, so the form stays) and Not the same. Saving is never blocked: "not the same"
// only hides the candidate here, and the form records the decision once the new record exists
// (notSameAfterCreate), so its page does not offer the pair again.
import { Alert, Button, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { CandidateList, hitsOf, percentOf, type CheckAnswer, ViewButton } from './candidate-list.tsx';
import { decidePair } from './possible-duplicates.tsx';
import { sideName, type Entity } from './types.ts';

export const DRAFT_CHECK_DELAY = 400;

export function DraftDuplicates({ entity, draft, ready, dismissed, onNotSame }: {
  entity: Entity;
  /** The draft as the create body would send it. */
  draft: object;
  /** Enough is typed for a check to mean something. */
  ready: boolean;
  dismissed: readonly string[];
  onNotSame(id: string): void;
}) {
  const current = JSON.stringify(draft);
  const [body] = useDebouncedValue(current, DRAFT_CHECK_DELAY);
  const q = useQuery({
    queryKey: ['draft-check', entity, body],
    queryFn: ({ signal }) => api<CheckAnswer>('POST', `/matching/${entity === 'contact' ? 'check' : 'check-company'}?limit=3`, JSON.parse(body) as object, { signal }),
    // Once the typing pauses; the last answer stays up meanwhile.
    enabled: ready && body === current,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    retry: false,
  });
  const hits = ready ? hitsOf(q.data).filter((h) => !dismissed.includes(h.record.id)) : [];
  const top = hits[0];
  if (!top) return null;
  return (
    <Alert color="yellow" variant="light" role="status" aria-live="polite"
      title={`This looks like ${sideName(top.record)}, ${percentOf(top.probability)}%`}>
      <Stack gap={6}>
        <Text size="xs">Check before saving; you can still create it.</Text>
        <CandidateList
          entity={entity}
          hits={hits}
          newTab
          actions={(h) => (
            <>
              <ViewButton entity={entity} hit={h} newTab />
              <Button size="compact-xs" variant="light" color="gray" onClick={() => onNotSame(h.record.id)} aria-label={`Not the same as ${sideName(h.record)}`}>
                Not the same
              </Button>
            </>
          )}
        />
      </Stack>
    </Alert>
  );
}

/** After a create: the "not the same" said in the form, recorded against the new record (best effort: it is a hint). */
export async function notSameAfterCreate(entity: Entity, createdId: string, dismissed: readonly string[]): Promise<void> {
  await Promise.allSettled(dismissed.map((other) => decidePair(entity, createdId, other, 'not_same')));
}
