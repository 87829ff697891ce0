// Builds a list's filters: field, operator, value rows combined with "all" (and) or "any" (or).
// Edits stay a draft until Apply, so a half-typed value does not fire a query per keystroke.
import { useEffect, useState } from 'react';
import { ActionIcon, Button, Group, MultiSelect, NativeSelect, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { operatorLabel, operatorsFor, type Filter, type Operator } from '../grid/query.ts';
import type { FieldInfo } from './catalog.ts';

interface Props {
  fields: readonly FieldInfo[];
  filters: readonly Filter[];
  match: 'all' | 'any';
  onApply: (filters: Filter[], match: 'all' | 'any') => void;
}

export function FilterBuilder({ fields, filters, match, onApply }: Props) {
  const [draft, setDraft] = useState<Filter[]>(() => [...filters]);
  const [draftMatch, setDraftMatch] = useState(match);
  // A picked saved view replaces the draft.
  useEffect(() => {
    setDraft([...filters]);
    setDraftMatch(match);
  }, [filters, match]);

  const info = (field: string) => fields.find((f) => f.field === field);
  const update = (i: number, patch: Partial<Filter>) => setDraft((d) => d.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  const setField = (i: number, field: string) => {
    const ops = operatorsFor(info(field)?.type ?? 'text');
    update(i, { field, op: ops[0]!, value: '' });
  };
  const add = () => {
    const first = fields[0];
    if (first) setDraft((d) => [...d, { field: first.field, op: operatorsFor(first.type)[0]!, value: '' }]);
  };

  return (
    <Stack gap="xs" component="form" aria-label="Filters" onSubmit={(e) => { e.preventDefault(); onApply(draft, draftMatch); }}>
      {draft.length > 1 && (
        <Group gap="xs">
          <Text size="sm">Show rows matching</Text>
          <SegmentedControl size="xs" value={draftMatch} onChange={(v) => setDraftMatch(v as 'all' | 'any')}
            data={[{ value: 'all', label: 'all filters (and)' }, { value: 'any', label: 'any filter (or)' }]} aria-label="Combine filters" />
        </Group>
      )}
      {draft.length === 0 && <Text size="sm" c="dimmed">No filters: every row you may see.</Text>}
      {draft.map((f, i) => {
        const fi = info(f.field);
        const ops = operatorsFor(fi?.type ?? 'text');
        return (
          <Group key={i} gap="xs" wrap="nowrap" align="flex-end">
            <NativeSelect aria-label={`Filter ${i + 1} field`} value={f.field} onChange={(e) => setField(i, e.currentTarget.value)}
              data={fields.map((x) => ({ value: x.field, label: x.label }))} w={200} />
            <NativeSelect aria-label={`Filter ${i + 1} operator`} value={f.op} onChange={(e) => update(i, { op: e.currentTarget.value as Operator, value: e.currentTarget.value === 'isNull' ? 'true' : f.value })}
              data={ops.map((o) => ({ value: o, label: operatorLabel(o, fi?.type ?? 'text') }))} w={190} />
            <ValueInput index={i} filter={f} info={fi} onChange={(value) => update(i, { value })} />
            <ActionIcon variant="subtle" color="gray" aria-label={`Remove filter ${i + 1}`} onClick={() => setDraft((d) => d.filter((_, j) => j !== i))} mb={4}>
              ✕
            </ActionIcon>
          </Group>
        );
      })}
      <Group gap="xs">
        <Button size="xs" variant="default" onClick={add} disabled={fields.length === 0}>Add filter</Button>
        <Button size="xs" type="submit">Apply filters</Button>
        {filters.length > 0 && <Button size="xs" variant="subtle" onClick={() => { setDraft([]); onApply([], draftMatch); }}>Clear</Button>}
      </Group>
    </Stack>
  );
}

function ValueInput({ index, filter, info, onChange }: { index: number; filter: Filter; info: FieldInfo | undefined; onChange: (v: string) => void }) {
  const label = `Filter ${index + 1} value`;
  if (filter.op === 'isNull') {
    return <NativeSelect aria-label={label} value={filter.value || 'true'} onChange={(e) => onChange(e.currentTarget.value)} data={[{ value: 'true', label: 'yes' }, { value: 'false', label: 'no (has a value)' }]} w={200} />;
  }
  if (info?.choices && filter.op === 'in') {
    return (
      <MultiSelect aria-label={label} w={260} searchable data={info.choices}
        value={filter.value ? filter.value.split(',') : []} onChange={(v) => onChange(v.join(','))} />
    );
  }
  if (info?.choices && filter.op !== 'contains') {
    return <NativeSelect aria-label={label} value={filter.value} onChange={(e) => onChange(e.currentTarget.value)} data={[{ value: '', label: 'Choose…' }, ...info.choices]} w={200} />;
  }
  if (info?.type === 'boolean') {
    return <NativeSelect aria-label={label} value={filter.value} onChange={(e) => onChange(e.currentTarget.value)} data={[{ value: '', label: 'Choose…' }, { value: 'true', label: 'yes' }, { value: 'false', label: 'no' }]} w={200} />;
  }
  const type = info?.type === 'date' || info?.type === 'timestamp' ? 'date' : info?.type === 'number' || info?.type === 'age' ? 'number' : 'text';
  return (
    <TextInput aria-label={label} type={type} value={filter.value} onChange={(e) => onChange(e.currentTarget.value)} w={200}
      placeholder={filter.op === 'in' ? 'comma, separated' : info?.type === 'age' ? 'years' : 'value'} />
  );
}
