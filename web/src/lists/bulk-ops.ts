// Bulk changes to the selected rows: tag, categorise, reassign owner (one PATCH /x/bulk per 1,000
// rows, all or nothing, with each row's version so a row changed meanwhile is refused) and delete
// (DELETE per row, a few at a time). Changes show at once in the loaded pages and are rolled back,
// with the API's reason, when the server refuses them.
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { api, ApiError } from '../api/client.ts';
import type { ListData } from '../grid/use-list.ts';
import type { ListRow } from './resources.ts';

type Patch = Record<string, unknown>;
type Snapshot = Array<[readonly unknown[], unknown]>;

const CHUNK = 1000;
const DELETE_PARALLEL = 4;

const prefix = (path: string) => ['list', path] as const;

function snapshot(qc: QueryClient, path: string): Snapshot {
  return qc.getQueriesData({ queryKey: prefix(path) });
}
function restore(qc: QueryClient, snap: Snapshot) {
  for (const [key, data] of snap) qc.setQueryData(key, data);
}
function mapRows<T extends ListRow>(qc: QueryClient, path: string, fn: (row: T) => T | null) {
  qc.setQueriesData<ListData<T>>({ queryKey: prefix(path) }, (old) =>
    old && { ...old, pages: old.pages.map((p) => ({ ...p, data: p.data.flatMap((r) => fn(r) ?? []) })) });
}

export function reasonOf(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 412) return 'a row was changed by someone else meanwhile; reload and try again';
    return err.problem.detail ?? err.message;
  }
  return err instanceof Error ? err.message : 'unknown error';
}

interface BulkAnswer<T> { updated: number; failed: number; results: { id: string; status: number; record?: T }[] }

export function useBulkOps<T extends ListRow>(path: string, one: string, many: string) {
  const qc = useQueryClient();
  const count = (n: number) => `${n} ${n === 1 ? one : many}`;

  /**
   * Sends patchOf(row) for every selected row, showing viewOf(row) (what the row will look like;
   * the patch itself by default) at once; all or nothing per chunk.
   */
  async function patchRows(rows: readonly T[], patchOf: (row: T) => Patch, verb: string, viewOf: (row: T) => Partial<T> = patchOf as (row: T) => Partial<T>): Promise<boolean> {
    const snap = snapshot(qc, path);
    const byId = new Map(rows.map((r) => [r.id, patchOf(r)]));
    const views = new Map(rows.map((r) => [r.id, viewOf(r)]));
    mapRows<T>(qc, path, (r) => (views.has(r.id) ? { ...r, ...views.get(r.id) } : r));
    // Chunks the server has committed: they stay changed whatever happens to later ones.
    const saved = new Map<string, T>();
    try {
      for (let i = 0; i < rows.length; i += CHUNK) {
        const items = rows.slice(i, i + CHUNK).map((r) => ({ id: r.id, ...(r.version ? { version: r.version } : {}), patch: byId.get(r.id)! }));
        const answer = await api<BulkAnswer<T>>('PATCH', `${path}/bulk`, { mode: 'atomic', items });
        // The server's records carry the new versions (and whatever it normalised).
        for (const r of answer.results) if (r.record) saved.set(r.id, r.record);
        mapRows<T>(qc, path, (r) => (saved.has(r.id) ? { ...r, ...saved.get(r.id) } : r));
      }
      notifications.show({ color: 'green', message: `${verb} ${count(rows.length)}` });
      return true;
    } catch (err) {
      restore(qc, snap);
      mapRows<T>(qc, path, (r) => (saved.has(r.id) ? { ...r, ...saved.get(r.id) } : r));
      const title = saved.size ? `${count(saved.size)} changed; the other ${rows.length - saved.size} were not` : 'Nothing was changed';
      notifications.show({ color: 'red', title, message: reasonOf(err), autoClose: 10_000 });
      return false;
    }
  }

  async function deleteRows(rows: readonly T[]): Promise<boolean> {
    const snap = snapshot(qc, path);
    const ids = new Set(rows.map((r) => r.id));
    mapRows<T>(qc, path, (r) => (ids.has(r.id) ? null : r));
    const failed: { id: string; reason: string }[] = [];
    const queue = [...rows];
    const worker = async () => {
      for (let r = queue.shift(); r; r = queue.shift()) {
        try {
          await api('DELETE', `${path}/${r.id}`);
        } catch (err) {
          failed.push({ id: r.id, reason: reasonOf(err) });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(DELETE_PARALLEL, rows.length) }, worker));
    if (failed.length === 0) {
      notifications.show({ color: 'green', message: `Deleted ${count(rows.length)}` });
      return true;
    }
    // Put back the rows that are still there; the rest stay gone.
    const kept = new Set(failed.map((f) => f.id));
    restore(qc, snap);
    mapRows<T>(qc, path, (r) => (ids.has(r.id) && !kept.has(r.id) ? null : r));
    notifications.show({
      color: 'red', autoClose: 10_000,
      title: `${failed.length} of ${count(rows.length)} not deleted`,
      message: failed[0]!.reason,
    });
    return false;
  }

  return { patchRows, deleteRows };
}
