// Which rows are ticked, by id. Survives new pages arriving; cleared when the view changes.
import { useCallback, useMemo, useState } from 'react';

export function useSelection(rowIds: readonly string[]) {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const toggle = useCallback((id: string) => {
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);
  const toggleAll = useCallback(() => {
    setSelected((s) => (rowIds.length > 0 && rowIds.every((id) => s.has(id)) ? new Set() : new Set(rowIds)));
  }, [rowIds]);
  const clear = useCallback(() => setSelected(new Set()), []);
  const ids = useMemo(() => [...selected], [selected]);
  return { selected, ids, toggle, toggleAll, clear, set: setSelected };
}
