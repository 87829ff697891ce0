// Shared by the list and grid component tests (jsdom): the browser APIs jsdom lacks, a fake
// network answering like the API does, and rendering inside the app's providers.
import type { ReactElement, ReactNode } from 'react';
import { render } from '@testing-library/react';
import { Providers, makeQueryClient } from '../providers.tsx';
import { useSessionState } from '../auth/session.tsx';

/** jsdom does no layout: give every element a viewport-sized box so the virtualiser has a window. */
export function installDomStubs(height = 600) {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => height });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 1200 });
  Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get: () => height });
  Object.defineProperty(HTMLElement.prototype, 'offsetWidth', { configurable: true, get: () => 1200 });
  HTMLElement.prototype.scrollTo = function scrollTo(this: HTMLElement, opts?: ScrollToOptions | number) {
    const top = typeof opts === 'number' ? opts : opts?.top;
    if (top !== undefined) this.scrollTop = top;
    this.dispatchEvent(new Event('scroll'));
  };
  window.scrollTo = () => {};
  window.matchMedia ??= ((query: string) => ({
    matches: false, media: query, onchange: null,
    addListener: () => {}, removeListener: () => {}, addEventListener: () => {}, removeEventListener: () => {}, dispatchEvent: () => false,
  })) as typeof window.matchMedia;
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
}

export interface Call { method: string; url: URL; body: unknown }
type Handler = (call: Call) => { status?: number; body?: unknown } | undefined;

/** Replaces fetch: each request goes to the first handler that answers it; all are recorded. */
export function fakeApi(handlers: Handler[]) {
  const calls: Call[] = [];
  const fetchStub = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost');
    const call = { method: init?.method ?? 'GET', url, body: init?.body ? JSON.parse(String(init.body)) : undefined };
    calls.push(call);
    for (const h of handlers) {
      const answer = h(call);
      if (answer) {
        const status = answer.status ?? 200;
        const type = status >= 400 ? 'application/problem+json' : 'application/json';
        return new Response(status === 204 ? null : JSON.stringify(answer.body ?? {}), { status, headers: { 'content-type': type } });
      }
    }
    return new Response(JSON.stringify({ title: 'Not Found', status: 404, detail: `No route ${call.method} ${url.pathname}` }), { status: 404 });
  };
  globalThis.fetch = fetchStub as typeof fetch;
  return calls;
}

export const signedIn = (role = 'admin'): Handler => ({ url }) =>
  url.pathname === '/api/v1/auth/session'
    ? { body: { user: { id: '0190a000-0000-7000-8000-000000000001', email: 'ada@example.test', name: 'Ada Admin', role }, tenantId: '0190a000-0000-7000-8000-0000000000aa', teamIds: [], csrfToken: 'csrf' } }
    : undefined;

/** Like the app shell: pages render once the session answer says who is signed in. */
function SignedIn({ children }: { children: ReactNode }) {
  return useSessionState().status === 'signedIn' ? <>{children}</> : null;
}

export function renderApp(ui: ReactElement) {
  return render(<Providers client={makeQueryClient()}><SignedIn>{ui}</SignedIn></Providers>);
}
