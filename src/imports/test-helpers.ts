// Shared by the import and export tests: upload a file, run an import's job to the end, read CSV,
// read a whole list through the API.
import { parse } from 'csv-parse/sync';
import { expect } from 'vitest';
import type { Harness, TestTenant } from '../../test/harness.ts';
import { createWorker } from '../platform/jobs/worker.ts';
import { importJobs } from './jobs.ts';

export async function upload(t: TestTenant, body: string | Buffer, query: string, token = t.admin, type = 'text/csv') {
  const res = await t.request('POST', `/api/v1/imports?${query}`, token, body, { 'content-type': type });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { import: { id: string; headers: string[]; mapping: Record<string, string>; encoding: string; delimiter: string | null; format: string; counts: { rows: number } }; sample: string[][] };
}

/** Queues the import's job and runs it on a worker of its own until it is done. */
export async function runImportJob(h: Harness, t: TestTenant, importId: string, what: 'run' | 'dry-run' | 'undo', token = t.admin, batchRows?: number) {
  const res = await t.request('POST', `/api/v1/imports/${importId}/${what}`, token, batchRows ? { batchRows } : undefined);
  expect(res.statusCode, res.body).toBe(202);
  const job = res.json() as { id: string };
  const worker = createWorker(h.database, importJobs);
  expect(await worker.runOnce(job.id)).toBe(true);
  const done = await t.request('GET', `/api/v1/jobs/${job.id}`, token);
  expect(done.json().status, done.body).toBe('succeeded');
  return done.json() as { id: string; result: Record<string, number>; progress: { done: number; total: number | null } };
}

export async function getImport(t: TestTenant, id: string, token = t.admin) {
  return (await t.request('GET', `/api/v1/imports/${id}`, token)).json();
}

export const readCsv = (text: string) => parse(text.replace(/^\ufeff/, ''), { columns: true, relax_column_count: true }) as Array<Record<string, string>>;

export async function exportCsv(t: TestTenant, query = '', token = t.admin, resource = 'contacts') {
  const res = await t.request('GET', `/api/v1/exports/${resource}.csv?${query}`, token);
  expect(res.statusCode, res.body).toBe(200);
  return res.body;
}

/** Every record the list API returns for a querystring, following its cursors (`pageSize` rows a page). */
export async function listAll<T>(t: TestTenant, resource: string, query: string, token: string, pageSize = 50): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  do {
    const res = await t.request('GET', `/api/v1/${resource}?${query}&limit=${pageSize}${cursor ? `&cursor=${cursor}` : ''}`, token);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { data: T[]; nextCursor: string | null };
    out.push(...body.data);
    cursor = body.nextCursor;
  } while (cursor);
  return out;
}
