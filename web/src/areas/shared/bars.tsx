// Small inline bar charts from plain elements (no chart library): a horizontal bar per row, scaled
// to the largest value, with the number beside it as text so screen readers get it too.
import { Box, Group, Stack, Text } from '@mantine/core';

export interface BarItem {
  key: string;
  label: string;
  value: number;
  /** Shown instead of the raw value. */
  display?: string;
  color?: string;
}

/** A readable bar list; negative values draw leftwards from a centre line when `signed`. */
export function BarList({ items, signed = false, label }: { items: BarItem[]; signed?: boolean; label: string }) {
  const max = Math.max(1e-9, ...items.map((i) => Math.abs(i.value)));
  return (
    <Stack gap={6} role="list" aria-label={label}>
      {items.map((i) => {
        const pct = (Math.abs(i.value) / max) * (signed ? 50 : 100);
        const neg = i.value < 0;
        return (
          <Box key={i.key} role="listitem">
            <Group justify="space-between" gap="xs" wrap="nowrap">
              <Text size="sm" truncate>
                {i.label}
              </Text>
              <Text size="sm" ff="monospace" style={{ flexShrink: 0 }}>
                {i.display ?? i.value.toLocaleString()}
              </Text>
            </Group>
            <Box pos="relative" h={8} bg="var(--mantine-color-default-hover)" style={{ borderRadius: 4, overflow: 'hidden' }}>
              {signed && <Box pos="absolute" left="50%" top={0} bottom={0} w={1} bg="var(--mantine-color-dimmed)" />}
              <Box
                pos="absolute"
                top={0}
                bottom={0}
                data-testid="bar"
                style={{
                  borderRadius: 4,
                  width: `${pct}%`,
                  left: signed ? (neg ? `${50 - pct}%` : '50%') : 0,
                  background: `var(--mantine-color-${i.color ?? (neg ? 'red' : 'teal')}-6)`,
                }}
              />
            </Box>
          </Box>
        );
      })}
    </Stack>
  );
}

/** A share 0..1 as a percent, or a dash. */
export const pct = (share: number | null | undefined) => (share === null || share === undefined ? '—' : `${Math.round(share * 1000) / 10}%`);
