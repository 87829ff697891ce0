// Everything the app runs inside, shared by main.tsx and the component tests.
import { useState, type ReactNode } from 'react';
import { createTheme, MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiError } from './api/client.ts';
import { SessionProvider } from './auth/session.tsx';

export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  // Badges carry names and values (owners, tags): keep their case as typed.
  components: { Badge: { styles: { label: { textTransform: 'none' } } } },
});

export function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // A 4xx will not change on retry; a network blip or 5xx might.
        retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
      },
      mutations: { retry: false },
    },
  });
}

/** `env="test"` turns off Mantine's transitions and portals for component tests. */
export function Providers({ children, client, env }: { children: ReactNode; client?: QueryClient; env?: 'default' | 'test' }) {
  const [queryClient] = useState(() => client ?? makeQueryClient());
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto" {...(env ? { env } : {})}>
      <Notifications position="top-right" zIndex={500} />
      <QueryClientProvider client={queryClient}>
        <SessionProvider>{children}</SessionProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
