// Keyboard shortcuts: one table (the help overlay lists it) and one keydown listener that also
// understands two-key sequences such as "g c". Single keys are ignored while typing in a field.
import { useEffect, useRef } from 'react';

export interface Shortcut {
  keys: string;
  label: string;
  /** Fires even while typing (Ctrl/Cmd-K). */
  global?: boolean;
}

export const shortcuts: Shortcut[] = [
  { keys: 'mod+k', label: 'Open the command palette (search, quick actions)', global: true },
  { keys: '/', label: 'Search contacts and companies' },
  { keys: 'l', label: 'Log an interaction (with the contact on screen)' },
  { keys: 'n', label: 'New contact' },
  { keys: 'g c', label: 'Go to contacts' },
  { keys: 'g o', label: 'Go to companies' },
  { keys: 'g i', label: 'Go to interactions' },
  { keys: 'g t', label: 'Go to my tasks' },
  { keys: 'd', label: 'Switch dark / light mode' },
  { keys: '?', label: 'Show these shortcuts' },
];

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** "mod+k" -> "Ctrl K" or "⌘ K", "g c" -> "g then c". */
export function describeKeys(keys: string): string[] {
  return keys.split(' ').map((k) => k.replace('mod+', isMac ? '⌘ ' : 'Ctrl ').replace(/\b([a-z])$/, (c) => c.toUpperCase()));
}

function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.getAttribute('role') === 'combobox';
}

/** A modal is open: single-key shortcuts stay quiet so they cannot act behind it. */
const dialogOpen = () => document.querySelector('[role="dialog"][aria-modal="true"], .mantine-Modal-content') !== null;

/** Calls handlers[keys] for the shortcuts above. */
export function useShortcuts(handlers: Record<string, () => void>) {
  const pending = useRef<{ key: string; at: number } | null>(null);
  const latest = useRef(handlers);
  latest.current = handlers;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const h = latest.current;
      if ((e.metaKey || e.ctrlKey) && !e.altKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        h['mod+k']?.();
        return;
      }
      if (e.metaKey || e.ctrlKey || e.altKey || e.defaultPrevented || typing(e.target) || dialogOpen()) return;
      const prev = pending.current;
      pending.current = null;
      if (prev && Date.now() - prev.at < 1200) {
        const seq = `${prev.key} ${e.key.toLowerCase()}`;
        if (h[seq]) {
          e.preventDefault();
          h[seq]();
          return;
        }
      }
      if (e.key === 'g') {
        pending.current = { key: 'g', at: Date.now() };
        return;
      }
      const single = h[e.key === '?' ? '?' : e.key.toLowerCase()];
      if (single && (e.key === '?' || !e.shiftKey)) {
        e.preventDefault();
        single();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
