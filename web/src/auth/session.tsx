// Who is signed in. SessionProvider asks GET /auth/session once, keeps the CSRF token for the API
// client, and installs the 401 handler that opens the re-sign-in modal over the current page (the
// page stays mounted, so half-filled forms keep their state and the failed request is retried).
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, setCsrfToken, setUnauthorizedHandler } from '../api/client.ts';
import { ReauthModal } from './reauth-modal.tsx';

export type Role = 'admin' | 'manager' | 'rep' | 'controller' | 'service' | 'read_only';

export interface SessionUser {
  id: string;
  email: string;
  /** The user's name as the API gives it (`name`), under the name list views expect. */
  displayName?: string;
  name: string;
  role: Role;
  teamIds: string[];
}

export interface Session {
  user: SessionUser;
  tenant: { id: string; slug: string | null };
}

interface SessionAnswer {
  user: { id: string; email: string; name: string; role: Role };
  tenantId: string;
  teamIds: string[];
  csrfToken: string | null;
}

interface LoginAnswer {
  token: string;
  csrfToken: string;
  expiresAt: string;
  user: { id: string; email: string; name: string; role: Role };
}

export interface Credentials {
  tenant: string;
  email: string;
  password: string;
}

const TENANT_KEY = 'rapport.tenant';
const EMAIL_KEY = 'rapport.email';

export const rememberedLogin = () => ({
  tenant: localStorage.getItem(TENANT_KEY) ?? '',
  email: localStorage.getItem(EMAIL_KEY) ?? '',
});

interface SessionState {
  status: 'loading' | 'signedOut' | 'signedIn';
  session: Session | null;
  signIn(c: Credentials): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

function toSession(s: SessionAnswer): Session {
  return {
    user: { ...s.user, displayName: s.user.name, teamIds: s.teamIds },
    tenant: { id: s.tenantId, slug: localStorage.getItem(TENANT_KEY) },
  };
}

/** Signs in and loads the full session (team ids come only from GET /auth/session). */
async function loginAndLoad(c: Credentials): Promise<Session> {
  const out = await api<LoginAnswer>('POST', '/auth/login', c, { noReauth: true });
  setCsrfToken(out.csrfToken);
  localStorage.setItem(TENANT_KEY, c.tenant);
  localStorage.setItem(EMAIL_KEY, c.email);
  return toSession(await api<SessionAnswer>('GET', '/auth/session', undefined, { noReauth: true }));
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<SessionState['status']>('loading');
  const [session, setSession] = useState<Session | null>(null);
  const [reauthOpen, setReauthOpen] = useState(false);
  const queryClient = useQueryClient();
  const waiters = useRef<{ resolve: () => void; reject: (e: Error) => void }[]>([]);

  useEffect(() => {
    let live = true;
    api<SessionAnswer>('GET', '/auth/session', undefined, { noReauth: true })
      .then((s) => {
        if (!live) return;
        setCsrfToken(s.csrfToken);
        setSession(toSession(s));
        setStatus('signedIn');
      })
      .catch(() => live && setStatus('signedOut'));
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    if (status !== 'signedIn') {
      setUnauthorizedHandler(null);
      return;
    }
    setUnauthorizedHandler(
      () =>
        new Promise<void>((resolve, reject) => {
          waiters.current.push({ resolve, reject });
          setReauthOpen(true);
        }),
    );
    return () => setUnauthorizedHandler(null);
  }, [status]);

  const signIn = useCallback(async (c: Credentials) => {
    const s = await loginAndLoad(c);
    setSession(s);
    setStatus('signedIn');
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api('POST', '/auth/logout', undefined, { noReauth: true });
    } catch {
      // an expired session is signed out already
    }
    setCsrfToken(null);
    // Nothing the last user loaded stays in memory for the next one.
    queryClient.clear();
    setSession(null);
    setStatus('signedOut');
  }, [queryClient]);

  const reauth = useCallback(
    async (c: Credentials) => {
      const s = await loginAndLoad(c);
      if (session && (s.user.id !== session.user.id || s.tenant.id !== session.tenant.id)) {
        // Another account: nothing on this page belongs to it.
        window.location.reload();
        return;
      }
      setSession(s);
      setReauthOpen(false);
      for (const w of waiters.current.splice(0)) w.resolve();
    },
    [session],
  );

  const cancelReauth = useCallback(() => {
    setReauthOpen(false);
    for (const w of waiters.current.splice(0)) w.reject(new Error('Sign-in cancelled'));
  }, []);

  const value = useMemo(() => ({ status, session, signIn, signOut }), [status, session, signIn, signOut]);
  return (
    <SessionContext.Provider value={value}>
      {children}
      {session && <ReauthModal opened={reauthOpen} tenant={session.tenant.slug ?? ''} email={session.user.email} onSignIn={reauth} onCancel={cancelReauth} />}
    </SessionContext.Provider>
  );
}

export function useSessionState(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSessionState outside SessionProvider');
  return s;
}

/** The signed-in user and tenant; only call below the signed-in app shell. */
export function useSession(): Session & { signOut(): Promise<void> } {
  const s = useSessionState();
  if (!s.session) throw new Error('useSession: nobody is signed in');
  return { ...s.session, signOut: s.signOut };
}
