// useLogInteraction().open({contactId}) from anywhere (palette, record page, list row): one modal
// for the whole app. The form itself loads lazily; an unsaved draft reopens after a reload.
import { createContext, lazy, Suspense, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { Modal } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { InteractionKind } from '../api/types.ts';
import { loadDraft, markDraftClosed } from './draft.ts';
import { Loading } from '../ui/states.tsx';
import { useSession } from '../auth/session.tsx';

const LogInteractionForm = lazy(() => import('./log-form.tsx').then((m) => ({ default: m.LogInteractionForm })));

export interface LogPreset {
  contactId?: string;
  /** Shown on the participant chip straight away (else fetched). */
  contactName?: string;
  companyId?: string;
  kind?: InteractionKind;
}

interface LogApi {
  open(preset?: LogPreset): void;
  close(): void;
}

const LogContext = createContext<LogApi | null>(null);

export function LogInteractionProvider({ children }: { children: ReactNode }) {
  // A draft left open when the page was reloaded comes back by itself.
  const owner = useSession().user.id;
  const [state, setState] = useState<{ opened: boolean; preset: LogPreset; nonce: number }>(() => ({
    opened: loadDraft(owner)?.open ?? false,
    preset: {},
    nonce: 0,
  }));
  const phone = useMediaQuery('(max-width: 48em)');

  const open = useCallback((preset: LogPreset = {}) => setState((s) => ({ opened: true, preset, nonce: s.nonce + 1 })), []);
  const close = useCallback(() => {
    markDraftClosed(owner);
    setState((s) => ({ ...s, opened: false }));
  }, [owner]);
  const api = useMemo(() => ({ open, close }), [open, close]);

  return (
    <LogContext.Provider value={api}>
      {children}
      <Modal opened={state.opened} onClose={close} title="Log an interaction" size="lg" fullScreen={!!phone} closeOnClickOutside={false}>
        {state.opened && (
          <Suspense fallback={<Loading />}>
            <LogInteractionForm key={state.nonce} preset={state.preset} onDone={close} />
          </Suspense>
        )}
      </Modal>
    </LogContext.Provider>
  );
}

/** Opens the log-interaction form: `useLogInteraction().open({ contactId, kind: 'phone_call' })`. */
export function useLogInteraction(): LogApi {
  const ctx = useContext(LogContext);
  if (!ctx) throw new Error('useLogInteraction outside LogInteractionProvider');
  return ctx;
}
