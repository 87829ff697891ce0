// Ctrl/Cmd-K: one box that finds contacts and companies (typo-tolerant GET /search) and runs quick
// actions: "log a call with anna", "new contact", "go to tasks". Arrow keys move, Enter runs.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Badge, Flex, Loader, Modal, ScrollArea, Stack, Text, TextInput, UnstyledButton, useMantineColorScheme } from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { api, qs } from '../api/client.ts';
import { kindLabels, type InteractionKind, type SearchHit } from '../api/types.ts';
import { useSession } from '../auth/session.tsx';
import { useLogInteraction } from '../interactions/index.ts';
import { navigate } from '../router.tsx';
import { getCurrentRecord } from './current-record.ts';

interface Item {
  id: string;
  label: string;
  hint?: string | null;
  group: 'Contacts' | 'Companies' | 'Actions';
  run(): void;
}

interface Props {
  opened: boolean;
  initial: string;
  onClose(): void;
  onHelp(): void;
  onNewContact(): void;
}

const kindWords: [RegExp, InteractionKind][] = [
  [/^(call|phone|phone call|ring)$/, 'phone_call'],
  [/^(meeting|meet|in person)$/, 'in_person'],
  [/^(video|video call|zoom)$/, 'video_call'],
  [/^(email|mail)$/, 'email'],
  [/^(sms|text)$/, 'sms'],
  [/^(letter)$/, 'postal_mail'],
];

/** "log a call with anna" / "call anna" / "meeting with bob" -> { kind, who }. */
export function parseQuickLog(q: string): { kind: InteractionKind; who: string } | null {
  const m = /^(?:log\s+(?:an?\s+)?)?(phone call|video call|in person|[a-z]+)\s+(?:with\s+)?(.+)$/i.exec(q.trim());
  if (!m) return null;
  const word = m[1]!.toLowerCase();
  const kind = kindWords.find(([re]) => re.test(word))?.[1];
  if (!kind) return null;
  // "log ..." is always an action; a bare "call" + name too, but not a search for the word "email".
  return { kind, who: m[2]!.trim() };
}

const article = (kind: InteractionKind) => (/^[aeiou]/i.test(kindLabels[kind]) ? 'an' : 'a');

export function CommandPalette({ opened, initial, onClose, onHelp, onNewContact }: Props) {
  const [query, setQuery] = useState(initial);
  const [active, setActive] = useState(0);
  const phone = useMediaQuery('(max-width: 48em)');
  const log = useLogInteraction();
  const { signOut } = useSession();
  const { toggleColorScheme } = useMantineColorScheme();
  const listRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (opened) {
      setQuery(initial);
      setActive(0);
    }
  }, [opened, initial]);

  const quick = parseQuickLog(query);
  const searchText = (quick?.who ?? query).trim();
  // Short: the target is results within 150 ms of the last keystroke, and superseded requests are
  // aborted (TanStack passes the signal), so typing fast costs the server little.
  const [debounced] = useDebouncedValue(searchText, 60);
  const results = useQuery({
    queryKey: ['search', 'all', debounced],
    queryFn: ({ signal }) => api<{ data: SearchHit[] }>('GET', `/search${qs({ q: debounced, limit: 10 })}`, undefined, { signal }),
    enabled: opened && debounced.length > 0,
    staleTime: 10_000,
  });

  const items = useMemo<Item[]>(() => {
    const close = (fn: () => void) => () => {
      onClose();
      fn();
    };
    const hits = debounced === searchText ? results.data?.data ?? [] : [];
    const out: Item[] = [];
    if (quick) {
      for (const h of hits) {
        if (h.type !== 'contact') continue;
        out.push({ id: `log-${h.id}`, group: 'Actions', label: `Log ${article(quick.kind)} ${kindLabels[quick.kind].toLowerCase()} with ${h.displayName}`, hint: h.subtitle, run: close(() => log.open({ contactId: h.id, contactName: h.displayName, kind: quick.kind })) });
      }
    }
    for (const h of hits) {
      if (h.type === 'contact') out.push({ id: `c-${h.id}`, group: 'Contacts', label: h.displayName, hint: h.subtitle, run: close(() => navigate(`/contacts/${h.id}`)) });
      else out.push({ id: `o-${h.id}`, group: 'Companies', label: h.name, hint: h.subtitle, run: close(() => navigate(`/companies/${h.id}`)) });
    }
    const current = getCurrentRecord();
    const firstContact = hits.find((h) => h.type === 'contact');
    const commands: Item[] = [
      ...(current?.type === 'contact' ? [{ id: 'log-current', group: 'Actions' as const, label: `Log a call with ${current.name}`, run: close(() => log.open({ contactId: current.id, contactName: current.name })) }] : []),
      ...(!quick && firstContact?.type === 'contact' && firstContact.id !== current?.id ? [{ id: 'log-first', group: 'Actions' as const, label: `Log a call with ${firstContact.displayName}`, run: close(() => log.open({ contactId: firstContact.id, contactName: firstContact.displayName })) }] : []),
      { id: 'log', group: 'Actions', label: 'Log an interaction', run: close(() => log.open()) },
      { id: 'new-contact', group: 'Actions', label: 'New contact', run: close(onNewContact) },
      { id: 'go-contacts', group: 'Actions', label: 'Go to contacts', run: close(() => navigate('/contacts')) },
      { id: 'go-companies', group: 'Actions', label: 'Go to companies', run: close(() => navigate('/companies')) },
      { id: 'go-interactions', group: 'Actions', label: 'Go to interactions', run: close(() => navigate('/interactions')) },
      { id: 'go-tasks', group: 'Actions', label: 'Go to my tasks', run: close(() => navigate('/tasks')) },
      { id: 'theme', group: 'Actions', label: 'Switch dark / light mode', run: close(toggleColorScheme) },
      { id: 'help', group: 'Actions', label: 'Keyboard shortcuts', run: close(onHelp) },
      { id: 'sign-out', group: 'Actions', label: 'Sign out', run: close(() => void signOut()) },
    ];
    const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const matching = commands.filter((c) => c.id.startsWith('log-') || words.every((w) => c.label.toLowerCase().includes(w)));
    return quick ? out : [...out, ...(query.trim() ? matching.filter((c) => c.id !== 'log-first' || hits.length) : matching)];
  }, [results.data, debounced, searchText, quick, query, log, onClose, onNewContact, onHelp, toggleColorScheme, signOut]);

  useEffect(() => setActive(0), [items.length, query]);
  useEffect(() => {
    listRef.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((a) => Math.min(a + 1, items.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      items[active]?.run();
    }
  };

  const activeId = items[active] ? `palette-${items[active].id}` : undefined;
  let lastGroup = '';
  return (
    <Modal opened={opened} onClose={onClose} withCloseButton={!!phone} title={phone ? 'Search' : undefined} size="lg" yOffset="10vh" fullScreen={!!phone} padding="sm" aria-label="Command palette" transitionProps={{ duration: 0 }}>
      <TextInput
        data-autofocus
        autoFocus
        aria-label="Search or type a command"
        placeholder="Search contacts and companies, or type “log a call with …”"
        value={query}
        onChange={(e) => setQuery(e.currentTarget.value)}
        onKeyDown={onKeyDown}
        role="combobox"
        aria-expanded
        aria-controls="palette-list"
        aria-activedescendant={activeId}
        aria-autocomplete="list"
        rightSection={results.isFetching ? <Loader size={16} /> : null}
        size="md"
      />
      <ScrollArea.Autosize mah={phone ? 'calc(100dvh - 140px)' : 420} mt="xs" viewportRef={listRef} scrollbars="y">
        <Stack gap={0} id="palette-list" role="listbox" aria-label="Results">
          {items.map((item, i) => {
            const header = item.group !== lastGroup ? item.group : null;
            lastGroup = item.group;
            return (
              <div key={item.id}>
                {header && (
                  <Text size="xs" c="dimmed" fw={600} tt="uppercase" px="xs" pt="sm" pb={4} role="presentation">
                    {header}
                  </Text>
                )}
                <UnstyledButton
                  id={`palette-${item.id}`}
                  role="option"
                  aria-selected={i === active}
                  data-index={i}
                  tabIndex={-1}
                  onMouseEnter={() => setActive(i)}
                  onClick={item.run}
                  w="100%"
                  px="xs"
                  py={8}
                  style={{ borderRadius: 'var(--mantine-radius-sm)', background: i === active ? 'var(--mantine-color-default-hover)' : undefined }}
                >
                  <Flex direction={{ base: 'column', sm: 'row' }} justify="space-between" gap={{ base: 0, sm: 'xs' }} style={{ minWidth: 0 }}>
                    <Text size="sm" truncate>
                      {item.label}
                    </Text>
                    {item.hint && (
                      <Text size="xs" c="dimmed" truncate style={{ flexShrink: 1, minWidth: 0 }} maw={{ sm: '50%' }}>
                        {item.hint}
                      </Text>
                    )}
                  </Flex>
                </UnstyledButton>
              </div>
            );
          })}
          {debounced && !results.isFetching && items.length === 0 && (
            <Text c="dimmed" size="sm" p="md" ta="center">
              Nothing matches “{query}”
            </Text>
          )}
          {results.isError && (
            <Badge color="red" variant="light" m="xs">
              Search failed: {results.error instanceof Error ? results.error.message : 'error'}
            </Badge>
          )}
        </Stack>
      </ScrollArea.Autosize>
    </Modal>
  );
}
