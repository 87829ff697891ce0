// Server test setup: fails a test file in which two queries overlapped on one node-postgres client
// (a transaction's connection given to Promise.all, say). node-postgres 8 queues them, warning once
// per process and only from the third at once; node-postgres 9 will refuse them. Checked on every
// call, so every file is covered and two at once count.
import pg from 'pg';
import { afterAll, expect } from 'vitest';

const overlaps: string[] = [];
const clientProto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown; _queryQueue?: unknown[]; _activeQuery?: unknown; pipeline?: boolean };
const original = clientProto.query;
clientProto.query = function query(this: typeof clientProto, ...args: unknown[]) {
  if ((this._activeQuery || (this._queryQueue?.length ?? 0) > 0) && !this.pipeline) overlaps.push(new Error('a query was sent while this client was still busy').stack ?? '');
  return original.apply(this, args);
};

afterAll(() => {
  expect(overlaps, 'queries overlapped on one node-postgres client').toEqual([]);
});
