// The signed-in frame: header (search, log, theme, user), side navigation on wide screens, a bottom
// bar on phones, and the shell-wide dialogs (palette, shortcuts help, new contact).
import { lazy, Suspense, useCallback, useMemo, useState, type ReactNode } from 'react';
import { ActionIcon, AppShell, Avatar, Badge, Burger, Button, Group, Kbd, Menu, NavLink, Stack, Text, UnstyledButton, useComputedColorScheme, useMantineColorScheme, VisuallyHidden } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { useSession } from '../auth/session.tsx';
import { useLogInteraction } from '../interactions/index.ts';
import { Link, navigate, useLocation } from '../router.tsx';
import { Icon, type IconName } from '../ui/icons.tsx';
import { getCurrentRecord } from './current-record.ts';
import { CommandPalette } from './command-palette.tsx';
import { HelpOverlay } from './help-overlay.tsx';
import { ShellContext } from './shell-context.tsx';
import { isMac, useShortcuts } from './shortcuts.ts';
import { areaNavFor } from '../areas/index.ts';

const NewContactModal = lazy(() => import('../records/new-contact.tsx').then((m) => ({ default: m.NewContactModal })));
const NewCompanyModal = lazy(() => import('../records/new-company.tsx').then((m) => ({ default: m.NewCompanyModal })));

export const navItems: { to: string; label: string; icon: IconName }[] = [
  { to: '/contacts', label: 'Contacts', icon: 'contacts' },
  { to: '/companies', label: 'Companies', icon: 'companies' },
  { to: '/interactions', label: 'Interactions', icon: 'interactions' },
  { to: '/tasks', label: 'My tasks', icon: 'tasks' },
];

const roleLabels: Record<string, string> = { admin: 'Admin', manager: 'Manager', rep: 'Rep', controller: 'Controller', service: 'Service', read_only: 'Read only' };

function ThemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');
  const next = scheme === 'dark' ? 'light' : 'dark';
  return (
    <ActionIcon variant="default" size="lg" onClick={() => setColorScheme(next)} aria-label={`Switch to ${next} mode`} title={`Switch to ${next} mode (D)`}>
      <Icon name={scheme === 'dark' ? 'sun' : 'moon'} />
    </ActionIcon>
  );
}

function UserMenu({ onHelp }: { onHelp(): void }) {
  const { user, tenant, signOut } = useSession();
  const initials = user.name.split(/\s+/).map((w) => w[0]).slice(0, 2).join('').toUpperCase();
  return (
    <Menu position="bottom-end" width={240}>
      <Menu.Target>
        <UnstyledButton aria-label={`Account: ${user.name}, ${roleLabels[user.role] ?? user.role}`} style={{ borderRadius: 999 }}>
          <Group gap={6} wrap="nowrap">
            <Avatar size={32} color="indigo" variant="filled" radius="xl">
              {initials || '?'}
            </Avatar>
            <Stack gap={0} visibleFrom="md" style={{ lineHeight: 1.1 }}>
              <Text size="sm" truncate maw={160}>
                {user.name}
              </Text>
              <Text size="xs" c="dimmed">
                {roleLabels[user.role] ?? user.role}
              </Text>
            </Stack>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="sm" fw={600} c="var(--mantine-color-text)">{user.name}</Text>
          <Text size="xs">{user.email}</Text>
          <Group gap={4} mt={4}>
            <Badge size="xs" variant="light">{roleLabels[user.role] ?? user.role}</Badge>
            {tenant.slug && <Badge size="xs" variant="outline">{tenant.slug}</Badge>}
          </Group>
        </Menu.Label>
        <Menu.Divider />
        <Menu.Item onClick={onHelp}>Keyboard shortcuts</Menu.Item>
        <Menu.Item color="red" onClick={() => void signOut()}>
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

function BottomNav({ onSearch, onLog }: { onSearch(): void; onLog(): void }) {
  const { pathname } = useLocation();
  const item = (to: string, label: string, icon: IconName) => {
    const active = pathname.startsWith(to);
    return (
      <Link key={to} to={to} aria-current={active ? 'page' : undefined} className="rapport-bottom-link" data-active={active || undefined}>
        <Icon name={icon} size={22} />
        <span>{label}</span>
      </Link>
    );
  };
  return (
    <nav aria-label="Quick navigation" className="rapport-bottom-nav">
      {item('/contacts', 'Contacts', 'contacts')}
      {item('/companies', 'Companies', 'companies')}
      <button type="button" className="rapport-bottom-link rapport-bottom-log" onClick={onLog} aria-label="Log an interaction">
        <Icon name="plus" size={26} />
        <span>Log</span>
      </button>
      {item('/tasks', 'Tasks', 'tasks')}
      <button type="button" className="rapport-bottom-link" onClick={onSearch} aria-label="Search">
        <Icon name="search" size={22} />
        <span>Search</span>
      </button>
    </nav>
  );
}

export function Shell({ children }: { children: ReactNode }) {
  const [navOpen, nav] = useDisclosure(false);
  const [palette, setPalette] = useState<{ open: boolean; initial: string }>({ open: false, initial: '' });
  const [helpOpen, help] = useDisclosure(false);
  const [newContactOpen, newContact] = useDisclosure(false);
  const [newCompanyOpen, newCompany] = useDisclosure(false);
  const { pathname } = useLocation();
  const phone = useMediaQuery('(max-width: 48em)') ?? false;
  const log = useLogInteraction();
  const { toggleColorScheme } = useMantineColorScheme();
  const { user } = useSession();

  const openPalette = useCallback((initial = '') => setPalette({ open: true, initial }), []);
  const logHere = useCallback(() => {
    const rec = getCurrentRecord();
    log.open(rec?.type === 'contact' ? { contactId: rec.id, contactName: rec.name } : rec?.type === 'company' ? { companyId: rec.id } : {});
  }, [log]);
  const controls = useMemo(() => ({ openPalette, openHelp: help.open, openNewContact: newContact.open }), [openPalette, help.open, newContact.open]);

  useShortcuts({
    'mod+k': () => openPalette(),
    '/': () => openPalette(),
    '?': help.open,
    l: logHere,
    n: newContact.open,
    d: toggleColorScheme,
    'g c': () => navigate('/contacts'),
    'g o': () => navigate('/companies'),
    'g i': () => navigate('/interactions'),
    'g t': () => navigate('/tasks'),
  });

  return (
    <ShellContext.Provider value={controls}>
      <AppShell
        header={{ height: 56 }}
        navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !navOpen } }}
        footer={{ height: 64, collapsed: !phone }}
        padding={{ base: 'sm', sm: 'md' }}
      >
        <AppShell.Header>
          <Group h="100%" px="sm" justify="space-between" wrap="nowrap" gap="xs">
            <Group gap="xs" wrap="nowrap">
              <Burger opened={navOpen} onClick={nav.toggle} hiddenFrom="sm" size="sm" aria-label={navOpen ? 'Close navigation' : 'Open navigation'} />
              <Link to="/contacts" style={{ textDecoration: 'none', color: 'inherit' }}>
                <Text fw={700} size="lg">
                  Rapport
                </Text>
              </Link>
            </Group>
            <Button variant="default" onClick={() => openPalette()} leftSection={<Icon name="search" size={16} />} visibleFrom="sm" w={{ sm: 220, md: 320 }} justify="space-between" rightSection={<Kbd size="xs">{isMac ? '⌘' : 'Ctrl'} K</Kbd>} styles={{ label: { flex: 1 } }}>
              <Text size="sm" c="dimmed">Search or run a command</Text>
            </Button>
            <Group gap="xs" wrap="nowrap">
              <ActionIcon variant="default" size="lg" hiddenFrom="sm" onClick={() => openPalette()} aria-label="Search">
                <Icon name="search" />
              </ActionIcon>
              <Button onClick={logHere} leftSection={<Icon name="plus" size={16} />} visibleFrom="sm">
                Log interaction
              </Button>
              <ActionIcon variant="default" size="lg" onClick={help.open} aria-label="Keyboard shortcuts" visibleFrom="sm">
                <Icon name="keyboard" />
              </ActionIcon>
              <ThemeToggle />
              <UserMenu onHelp={help.open} />
            </Group>
          </Group>
        </AppShell.Header>
        <AppShell.Navbar p="xs" aria-label="Main navigation">
          <VisuallyHidden>
            <h2>Navigation</h2>
          </VisuallyHidden>
          {[...navItems, ...areaNavFor(user.role)].map((item) => (
            <NavLink
              key={item.to}
              component={Link}
              to={item.to}
              label={item.label}
              leftSection={<Icon name={item.icon} />}
              active={pathname.startsWith(item.to)}
              aria-current={pathname.startsWith(item.to) ? 'page' : undefined}
              onClick={nav.close}
            />
          ))}
          <NavLink label="New contact" leftSection={<Icon name="plus" />} onClick={() => { nav.close(); newContact.open(); }} component="button" />
          {user.role !== 'read_only' && user.role !== 'service' && (
            <NavLink label="New company" leftSection={<Icon name="plus" />} onClick={() => { nav.close(); newCompany.open(); }} component="button" />
          )}
        </AppShell.Navbar>
        <AppShell.Main>{children}</AppShell.Main>
        <AppShell.Footer hiddenFrom="sm" p={0}>
          <BottomNav onSearch={() => openPalette()} onLog={logHere} />
        </AppShell.Footer>
      </AppShell>
      <CommandPalette opened={palette.open} initial={palette.initial} onClose={() => setPalette({ open: false, initial: '' })} onHelp={help.open} onNewContact={newContact.open} />
      <HelpOverlay opened={helpOpen} onClose={help.close} />
      {newContactOpen && (
        <Suspense fallback={null}>
          <NewContactModal onClose={newContact.close} />
        </Suspense>
      )}
      {newCompanyOpen && (
        <Suspense fallback={null}>
          <NewCompanyModal onClose={newCompany.close} />
        </Suspense>
      )}
    </ShellContext.Provider>
  );
}
