// Entry point: Mantine (theme, colour scheme kept in localStorage), notifications, TanStack Query
// and the session, around the route table in app.tsx.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './app.css';
import { Providers } from './providers.tsx';
import { App } from './app.tsx';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Providers>
      <App />
    </Providers>
  </StrictMode>,
);
