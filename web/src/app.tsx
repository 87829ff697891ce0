// The route table: /login, the list pages (web/src/lists, built separately), record pages and tasks.
// Heavy areas load lazily so the first screen stays small.
import { lazy, Suspense, useEffect, type ComponentType } from 'react';
import { Center, Loader } from '@mantine/core';
import { matchRoute, navigate, useLocation } from './router.tsx';
import { useSessionState } from './auth/session.tsx';
import { SignInPage } from './auth/sign-in-page.tsx';
import { Shell } from './shell/shell.tsx';
import { LogInteractionProvider } from './interactions/index.ts';
import { NotFound } from './ui/states.tsx';
import { areaRoutes } from './areas/index.ts';

const lists = () => import('./lists/index.ts');
const ContactsListPage = lazy(() => lists().then((m) => ({ default: m.ContactsListPage })));
const CompaniesListPage = lazy(() => lists().then((m) => ({ default: m.CompaniesListPage })));
const InteractionsListPage = lazy(() => lists().then((m) => ({ default: m.InteractionsListPage })));
const ContactPage = lazy(() => import('./records/contact-page.tsx').then((m) => ({ default: m.ContactPage })));
const CompanyPage = lazy(() => import('./records/company-page.tsx').then((m) => ({ default: m.CompanyPage })));
const TasksPage = lazy(() => import('./tasks/tasks-page.tsx').then((m) => ({ default: m.TasksPage })));

type Page = ComponentType<{ params: Record<string, string> }>;
const routes: [string, Page][] = [
  ['/contacts', () => <ContactsListPage />],
  ['/contacts/:id', ({ params }) => <ContactPage id={params.id!} />],
  ['/companies', () => <CompaniesListPage />],
  ['/companies/:id', ({ params }) => <CompanyPage id={params.id!} />],
  ['/interactions', () => <InteractionsListPage />],
  ['/tasks', () => <TasksPage />],
  ...areaRoutes,
];

export const pageLoader = (
  <Center py="xl">
    <Loader aria-label="Loading" />
  </Center>
);

const safeNext = (next: string | null) => (next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/contacts');

function Routes() {
  const { pathname, search } = useLocation();
  useEffect(() => {
    if (pathname === '/') navigate('/contacts', { replace: true });
    // Back where the user was before signing in (only app paths, never another origin).
    if (pathname === '/login') navigate(safeNext(search.get('next')), { replace: true });
  }, [pathname, search]);
  for (const [pattern, Component] of routes) {
    const params = matchRoute(pattern, pathname);
    if (params) {
      return (
        <Suspense key={pattern} fallback={pageLoader}>
          <Component params={params} />
        </Suspense>
      );
    }
  }
  return pathname === '/' || pathname === '/login' ? pageLoader : <NotFound />;
}

export function App() {
  const { status } = useSessionState();
  const { pathname, href } = useLocation();
  useEffect(() => {
    if (status === 'signedOut' && pathname !== '/login') navigate(pathname === '/' ? '/login' : `/login?next=${encodeURIComponent(href)}`, { replace: true });
  }, [status, pathname, href]);
  if (status === 'loading') return <Center h="100dvh">{pageLoader}</Center>;
  if (status === 'signedOut') return <SignInPage />;
  return (
    <LogInteractionProvider>
      <Shell>
        <Routes />
      </Shell>
    </LogInteractionProvider>
  );
}
