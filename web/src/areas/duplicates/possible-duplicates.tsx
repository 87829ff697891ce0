// A hint for the contact page: "possible duplicates" of this contact with how likely each is
// (GET /contacts/{id}/duplicates), linking to them. Renders nothing when there are none or the
// check fails (it is a hint, never in the way).
import { Alert, Anchor, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { Link } from '../../router.tsx';
import type { ContactSide, Waterfall } from './types.ts';

interface Answer {
  model: 'trained' | 'default';
  candidates: { contact: ContactSide; probability: number; matchWeight: number; waterfall: Waterfall }[];
}

export function PossibleDuplicates({ contactId, minProbability = 0.5 }: { contactId: string; minProbability?: number }) {
  const q = useQuery({
    queryKey: ['contact-duplicates', contactId],
    queryFn: ({ signal }) => api<Answer>('GET', `/contacts/${contactId}/duplicates?limit=3`, undefined, { signal }),
    staleTime: 60_000,
    retry: false,
  });
  const likely = (q.data?.candidates ?? []).filter((c) => c.probability >= minProbability);
  if (!likely.length) return null;
  return (
    <Alert color="yellow" variant="light" title="Possible duplicates" role="note">
      <Stack gap={4}>
        {likely.map((c) => (
          <Group key={c.contact.id} gap="xs" wrap="nowrap">
            <Anchor component={Link} to={`/contacts/${c.contact.id}`} size="sm">
              {c.contact.displayName}
            </Anchor>
            <Text size="xs" c="dimmed" truncate>
              {Math.round(c.probability * 100)}% likely · {c.contact.emails[0]?.address ?? c.contact.phones[0]?.number ?? ''}
            </Text>
          </Group>
        ))}
        <Anchor component={Link} to="/duplicates" size="xs">
          Review duplicates
        </Anchor>
      </Stack>
    </Alert>
  );
}
