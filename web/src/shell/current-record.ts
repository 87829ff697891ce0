// The record on screen (set by the record pages), so "l" and the palette can act on it.
import { useEffect } from 'react';

export interface CurrentRecord {
  type: 'contact' | 'company';
  id: string;
  name: string;
}

let current: CurrentRecord | null = null;

export const getCurrentRecord = () => current;

export function useCurrentRecord(rec: CurrentRecord | null) {
  const { type, id, name } = rec ?? {};
  useEffect(() => {
    if (!type || !id || name === undefined) return;
    const mine = { type, id, name };
    current = mine;
    return () => {
      if (current === mine) current = null;
    };
  }, [type, id, name]);
}
