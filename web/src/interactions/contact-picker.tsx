// Participants: search-as-you-type over contacts (GET /search?types=contact), chosen ones as pills.
import { useState } from 'react';
import { Combobox, Group, Loader, Pill, PillsInput, Text, useCombobox } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { api, qs } from '../api/client.ts';
import type { SearchHit } from '../api/types.ts';
import type { ParticipantChoice } from './draft.ts';

interface Props {
  label: string;
  value: ParticipantChoice[];
  onChange(v: ParticipantChoice[]): void;
  error?: string | undefined;
  description?: string;
}

export function ContactPicker({ label, value, onChange, error, description }: Props) {
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query.trim(), 180);
  const results = useQuery({
    queryKey: ['search', 'contact', debounced],
    queryFn: ({ signal }) => api<{ data: SearchHit[] }>('GET', `/search${qs({ q: debounced, types: 'contact', limit: 8 })}`, undefined, { signal }),
    enabled: debounced.length > 0,
    staleTime: 10_000,
  });
  const chosen = new Set(value.map((p) => p.contactId));
  const hits = (results.data?.data ?? []).filter((h): h is Extract<SearchHit, { type: 'contact' }> => h.type === 'contact' && !chosen.has(h.id));

  const add = (id: string) => {
    const hit = hits.find((h) => h.id === id);
    if (hit) onChange([...value, { contactId: hit.id, displayName: hit.displayName }]);
    setQuery('');
    combobox.closeDropdown();
  };
  const remove = (id: string) => onChange(value.filter((p) => p.contactId !== id));

  return (
    <Combobox store={combobox} onOptionSubmit={add}>
      <Combobox.DropdownTarget>
        <PillsInput label={label} error={error} description={description} onClick={() => combobox.openDropdown()} rightSection={results.isFetching ? <Loader size={16} /> : null}>
          <Pill.Group>
            {value.map((p) => (
              <Pill key={p.contactId} withRemoveButton onRemove={() => remove(p.contactId)} removeButtonProps={{ 'aria-label': `Remove ${p.displayName}`, 'aria-hidden': false, tabIndex: 0 }}>
                {p.displayName}
              </Pill>
            ))}
            <Combobox.EventsTarget>
              <PillsInput.Field
                aria-label={`${label}: search contacts`}
                value={query}
                placeholder={value.length ? 'Add another' : 'Type a name, email or phone'}
                onFocus={() => combobox.openDropdown()}
                onBlur={() => combobox.closeDropdown()}
                onChange={(e) => {
                  setQuery(e.currentTarget.value);
                  combobox.openDropdown();
                  combobox.updateSelectedOptionIndex();
                }}
                onKeyDown={(e) => {
                  if (e.key === 'Backspace' && query.length === 0 && value.length) {
                    e.preventDefault();
                    remove(value[value.length - 1]!.contactId);
                  }
                }}
              />
            </Combobox.EventsTarget>
          </Pill.Group>
        </PillsInput>
      </Combobox.DropdownTarget>
      <Combobox.Dropdown hidden={debounced.length === 0}>
        <Combobox.Options>
          {hits.map((h) => (
            <Combobox.Option value={h.id} key={h.id}>
              <Group gap={6} wrap="nowrap">
                <Text size="sm">{h.displayName}</Text>
                {h.subtitle && (
                  <Text size="xs" c="dimmed" truncate>
                    {h.subtitle}
                  </Text>
                )}
              </Group>
            </Combobox.Option>
          ))}
          {debounced && !results.isFetching && hits.length === 0 && <Combobox.Empty>No contacts match</Combobox.Empty>}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}
