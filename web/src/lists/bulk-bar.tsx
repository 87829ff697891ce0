// The bar over a list when rows are selected: add a tag, add a category, reassign the owner, or
// delete, each confirmed in a dialog that says how many rows it touches.
import { useState } from 'react';
import { Button, Group, Modal, NativeSelect, Paper, Stack, Text, TextInput } from '@mantine/core';
import type { Choice } from './catalog.ts';
import type { BulkAction, ListConfig, ListRow } from './resources.ts';
import { useBulkOps } from './bulk-ops.ts';

interface Props<T extends ListRow> {
  config: ListConfig<T>;
  rows: readonly T[];
  users: readonly Choice[];
  categories: readonly Choice[];
  onDone: () => void;
}

const uniq = (xs: string[]) => [...new Set(xs)];

export function BulkBar<T extends ListRow>({ config, rows, users, categories, onDone }: Props<T>) {
  const [action, setAction] = useState<BulkAction | null>(null);
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const ops = useBulkOps<T>(config.path, config.one, config.many);
  const n = rows.length;
  const what = `${n} ${n === 1 ? config.one : config.many}`;

  const open = (a: BulkAction) => {
    setValue('');
    setAction(a);
  };
  const run = async () => {
    if (!action) return;
    setBusy(true);
    // The dialog closes at once: the change already shows in the list and rolls back on failure.
    setAction(null);
    let ok = false;
    if (action === 'tag') {
      const tag = value.trim();
      ok = await ops.patchRows(rows, (r) => ({ tags: uniq([...(r.tags ?? []), tag]) }), `Tagged "${tag}" on`);
    } else if (action === 'categorise') {
      const cat = categories.find((c) => c.value === value);
      ok = await ops.patchRows(
        rows,
        (r) => ({ categoryIds: uniq([...(r.categories ?? []).map((c) => c.id), value]) }),
        `Added ${cat?.label ?? 'the category'} to`,
        (r) => ({ categories: [...(r.categories ?? []).filter((c) => c.id !== value), { id: value, path: cat?.label ?? '' }] }) as Partial<T>,
      );
    } else if (action === 'owner') {
      ok = await ops.patchRows(rows, () => ({ ownerId: value || null }), 'Reassigned');
    } else {
      ok = await ops.deleteRows(rows);
    }
    setBusy(false);
    if (ok) onDone();
  };

  const valid = action === 'tag' ? value.trim().length > 0 && value.trim().length <= 60 : action === 'categorise' ? value !== '' : true;
  const titles: Record<BulkAction, string> = {
    tag: `Add a tag to ${what}`, categorise: `Add a category to ${what}`, owner: `Reassign ${what}`, delete: `Delete ${what}?`,
  };

  return (
    <Paper withBorder p="xs" role="region" aria-label="Bulk actions">
      <Group gap="xs">
        <Text size="sm" fw={600}>{what} selected</Text>
        {config.bulk.includes('tag') && <Button size="xs" variant="light" onClick={() => open('tag')} disabled={busy}>Tag</Button>}
        {config.bulk.includes('categorise') && <Button size="xs" variant="light" onClick={() => open('categorise')} disabled={busy}>Categorise</Button>}
        {config.bulk.includes('owner') && <Button size="xs" variant="light" onClick={() => open('owner')} disabled={busy}>Reassign owner</Button>}
        {config.bulk.includes('delete') && <Button size="xs" variant="light" color="red" onClick={() => open('delete')} disabled={busy}>Delete</Button>}
        <Button size="xs" variant="subtle" onClick={onDone} disabled={busy}>Clear selection</Button>
      </Group>
      <Modal opened={action !== null} onClose={() => setAction(null)} title={action ? titles[action] : ''}>
        <Stack component="form" onSubmit={(e) => { e.preventDefault(); if (valid) void run(); }}>
          {action === 'tag' && <TextInput label="Tag" data-autofocus value={value} onChange={(e) => setValue(e.currentTarget.value)} maxLength={60} />}
          {action === 'categorise' && (categories.length ? (
            <NativeSelect label="Category" value={value} onChange={(e) => setValue(e.currentTarget.value)} data={[{ value: '', label: 'Choose…' }, ...categories]} />
          ) : (
            <Text size="sm" c="dimmed">There are no categories yet. An admin or a manager creates them (API: POST /api/v1/categories).</Text>
          ))}
          {action === 'owner' && (
            <NativeSelect label="New owner" value={value} onChange={(e) => setValue(e.currentTarget.value)} data={[{ value: '', label: 'Unassigned' }, ...users]} />
          )}
          {action === 'delete' && <Text size="sm">This deletes {what} with their links. It cannot be undone from here.</Text>}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setAction(null)}>Cancel</Button>
            <Button type="submit" color={action === 'delete' ? 'red' : undefined} disabled={!valid}>
              {action === 'delete' ? `Delete ${what}` : 'Apply'}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
