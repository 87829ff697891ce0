// What the shell offers to pages: the command palette, the shortcuts help and the new-contact form.
import { createContext, useContext } from 'react';

export interface ShellControls {
  openPalette(initial?: string): void;
  openHelp(): void;
  openNewContact(): void;
}

export const ShellContext = createContext<ShellControls | null>(null);

export function useShell(): ShellControls {
  const s = useContext(ShellContext);
  if (!s) throw new Error('useShell outside the app shell');
  return s;
}
