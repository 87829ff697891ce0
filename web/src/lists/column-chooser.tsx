// Which columns a list shows, and in what order: tick to show, arrows to move. A panel under the
// toolbar (like the filters) rather than a popover, so ticking several boxes keeps it open.
import { ActionIcon, Checkbox, Group, ScrollArea, Stack, Text } from '@mantine/core';

interface Props {
  all: readonly { id: string; label: string }[];
  visible: readonly string[];
  onChange: (visible: string[]) => void;
}

export function ColumnChooser({ all, visible, onChange }: Props) {
  const shown = visible.filter((id) => all.some((c) => c.id === id));
  const hidden = all.filter((c) => !shown.includes(c.id));
  const label = (id: string) => all.find((c) => c.id === id)?.label ?? id;
  const move = (i: number, d: number) => {
    const next = [...shown];
    const [x] = next.splice(i, 1);
    next.splice(i + d, 0, x!);
    onChange(next);
  };
  return (
    <ScrollArea.Autosize mah={320}>
          <Stack gap={6} role="group" aria-label="Columns" w={320}>
            {/* One keyed list, so a ticked box moves rather than remounts (a remounted target reads as a click outside). */}
            {[
              <Text key="__shown" size="xs" c="dimmed">Shown</Text>,
              ...shown.map((id, i) => (
                <Group key={id} gap={4} wrap="nowrap" justify="space-between">
                  <Checkbox size="xs" label={label(id)} checked onChange={() => onChange(shown.filter((x) => x !== id))} disabled={shown.length === 1} />
                  <Group gap={0} wrap="nowrap">
                    <ActionIcon size="sm" variant="subtle" aria-label={`Move ${label(id)} left`} disabled={i === 0} onClick={() => move(i, -1)}>↑</ActionIcon>
                    <ActionIcon size="sm" variant="subtle" aria-label={`Move ${label(id)} right`} disabled={i === shown.length - 1} onClick={() => move(i, 1)}>↓</ActionIcon>
                  </Group>
                </Group>
              )),
              ...(hidden.length ? [<Text key="__hidden" size="xs" c="dimmed" mt="xs">Hidden</Text>] : []),
              ...hidden.map((c) => (
                <Group key={c.id} gap={4} wrap="nowrap">
                  <Checkbox size="xs" label={c.label} checked={false} onChange={() => onChange([...shown, c.id])} />
                </Group>
              )),
            ]}
          </Stack>
    </ScrollArea.Autosize>
  );
}
