// "?": the keyboard shortcuts, from the one table in shortcuts.ts.
import { Group, Kbd, Modal, Table, Text } from '@mantine/core';
import { describeKeys, shortcuts } from './shortcuts.ts';

export function HelpOverlay({ opened, onClose }: { opened: boolean; onClose(): void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts" size="md">
      <Table verticalSpacing={6}>
        <Table.Tbody>
          {shortcuts.map((s) => (
            <Table.Tr key={s.keys}>
              <Table.Td w={130}>
                <Group gap={4} wrap="nowrap">
                  {describeKeys(s.keys).map((k, i) => (
                    <span key={k + i}>
                      {i > 0 && <Text span size="xs" c="dimmed" mr={4}>then</Text>}
                      <Kbd>{k}</Kbd>
                    </span>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{s.label}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed" mt="sm">
        Single-key shortcuts work when no text field has focus. Esc closes any dialog.
      </Text>
    </Modal>
  );
}
