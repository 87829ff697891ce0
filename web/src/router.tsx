// A tiny client-side router on history.pushState: the current location as a React store, navigate(),
// <Link>, and matchRoute() for the app's route table (app.tsx). Enough for a handful of pages; no
// nested layouts or loaders.
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from 'react';

const listeners = new Set<() => void>();
const notify = () => {
  for (const l of listeners) l();
};
if (typeof window !== 'undefined') window.addEventListener('popstate', notify);

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

const currentHref = () => window.location.pathname + window.location.search;

/** Goes to an app path ("/contacts/123?tab=x"); replace=true rewrites the history entry instead. */
export function navigate(path: string, opts: { replace?: boolean } = {}) {
  if (path === currentHref()) return;
  if (opts.replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  notify();
  if (!opts.replace) window.scrollTo?.(0, 0);
}

/** The current path and query string; re-renders on every navigation. */
export function useLocation(): { pathname: string; search: URLSearchParams; href: string } {
  const href = useSyncExternalStore(subscribe, currentHref, () => '/');
  const url = new URL(href, 'http://x');
  return { pathname: url.pathname, search: url.searchParams, href };
}

/** Matches "/contacts/:id" against a pathname; answers the params or null. */
export function matchRoute(pattern: string, pathname: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const a = pathname.split('/').filter(Boolean);
  if (p.length !== a.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const seg = p[i]!;
    const val = a[i]!;
    if (seg.startsWith(':')) params[seg.slice(1)] = decodeURIComponent(val);
    else if (seg !== val) return null;
  }
  return params;
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string; replace?: boolean; children?: ReactNode };

/** An <a> that navigates in-app on a plain click and behaves as a normal link otherwise (new tab). */
export function Link({ to, replace, onClick, children, ...rest }: LinkProps) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    if (rest.target && rest.target !== '_self') return;
    e.preventDefault();
    navigate(to, replace ? { replace } : {});
  };
  return (
    <a href={to} onClick={handle} {...rest}>
      {children}
    </a>
  );
}
