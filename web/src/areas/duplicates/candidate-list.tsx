// The candidates of a duplicate check as a list: each record's name (a link to it), how likely it is
// the same, a line of what identifies it, the waterfall behind a toggle, and the actions the caller
// passes (View / Merge / Not the same on a record's page; View / Not the same in a create form).
// Buttons wrap under the name on a phone-width screen.
import { useState, type ReactNode } from 'react';
import { Anchor, Badge, Button, Collapse, Group, Paper, Stack, Text } from '@mantine/core';
import { Link } from '../../router.tsx';
import { sideName, type Entity, type Side, type Waterfall } from './types.ts';
import { WaterfallChart } from './waterfall.tsx';

export interface Hit { record: Side; probability: number; matchWeight: number; waterfall: Waterfall }

/** A check's answer (contacts carry `contact`, companies `company`). */
export interface CheckAnswer {
  model: 'trained' | 'default';
  candidates: Array<{ contact?: Side; company?: Side; probability: number; matchWeight: number; waterfall: Waterfall }>;
}

/** The check's answer for either kind, as one shape. */
export function hitsOf(answer: CheckAnswer | undefined): Hit[] {
  return (answer?.candidates ?? []).flatMap((c) => {
    const record = c.contact ?? c.company;
    return record ? [{ record, probability: c.probability, matchWeight: c.matchWeight, waterfall: c.waterfall }] : [];
  });
}

/** Whole percent, never "100%" short of certainty (0.996 reads 99%). */
export const percentOf = (p: number) => (p >= 1 ? 100 : Math.min(99, Math.round(p * 100)));

export const recordPath = (entity: Entity, id: string) => `/${entity === 'contact' ? 'contacts' : 'companies'}/${id}`;

function identifying(s: Side): string {
  if ('emails' in s) return s.emails[0]?.address ?? s.phones[0]?.number ?? s.company ?? '';
  return s.domain ?? s.phones[0]?.number ?? s.addresses[0]?.city ?? '';
}

export function CandidateList({ entity, hits, actions, newTab = false }: {
  entity: Entity;
  hits: Hit[];
  actions(hit: Hit): ReactNode;
  /** Links open in a new tab (a half-filled form stays where it is). */
  newTab?: boolean;
}) {
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Stack gap={6} role="list" aria-label="Possible duplicates">
      {hits.map((h) => {
        const name = sideName(h.record);
        const percent = percentOf(h.probability);
        const shown = open === h.record.id;
        return (
          <Paper key={h.record.id} role="listitem" aria-label={`${name}, ${percent}% likely the same`} withBorder p={6} radius="sm">
            <Group justify="space-between" gap={6} wrap="wrap">
              <Stack gap={0} style={{ minWidth: 0, flex: '1 1 12rem' }}>
                <Group gap={6} wrap="nowrap">
                  <Anchor component={Link} to={recordPath(entity, h.record.id)} size="sm" fw={600} truncate
                    {...(newTab ? { target: '_blank', rel: 'noopener' } : {})}>
                    {name}
                  </Anchor>
                  <Badge size="sm" variant="light" color={h.probability >= 0.95 ? 'red' : 'yellow'} style={{ flexShrink: 0 }}>
                    {percent}%
                  </Badge>
                </Group>
                <Text size="xs" c="dimmed" truncate>
                  {identifying(h.record)}
                </Text>
              </Stack>
              <Group gap={4} wrap="wrap">
                <Button size="compact-xs" variant="subtle" onClick={() => setOpen(shown ? null : h.record.id)} aria-expanded={shown}
                  aria-label={`${shown ? 'Hide' : 'Show'} why ${name} matches`}>
                  {shown ? 'Hide why' : 'Why?'}
                </Button>
                {actions(h)}
              </Group>
            </Group>
            <Collapse expanded={shown}>
              {shown && <WaterfallChart waterfall={h.waterfall} matchWeight={h.matchWeight} probability={h.probability} />}
            </Collapse>
          </Paper>
        );
      })}
    </Stack>
  );
}

/** View: the candidate's page (in a new tab from a form). */
export function ViewButton({ entity, hit, newTab = false }: { entity: Entity; hit: Hit; newTab?: boolean }) {
  return (
    <Button size="compact-xs" variant="default" component={Link} to={recordPath(entity, hit.record.id)} aria-label={`View ${sideName(hit.record)}`}
      {...(newTab ? { target: '_blank', rel: 'noopener' } : {})}>
      View
    </Button>
  );
}
