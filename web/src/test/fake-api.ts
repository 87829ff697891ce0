// A stand-in for the server at the network boundary: fetch answers from a route table with the
// status, headers and problem+json bodies the real API sends, and records every request.
import { vi } from 'vitest';

export interface Call {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface Reply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Handler = (call: Call) => Reply | Promise<Reply>;

export function problem(status: number, detail: string, extra: Record<string, unknown> = {}): Reply {
  const titles: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 412: 'Precondition Failed', 422: 'Unprocessable Content' };
  return {
    status,
    headers: { 'content-type': 'application/problem+json' },
    body: { type: 'about:blank', title: titles[status] ?? 'Error', status, detail, instance: '/api/v1/x', requestId: 'req-123', ...extra },
  };
}

/** Installs fetch; routes are "METHOD /path" (query string ignored) or "METHOD /path?query". */
export function fakeApi(routes: Record<string, Handler | Reply>) {
  const calls: Call[] = [];
  const fetchStub = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://localhost');
    const method = (init.method ?? 'GET').toUpperCase();
    const path = url.pathname.replace(/^\/api\/v1/, '');
    const headers = Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
    const call: Call = { method, path: path + url.search, headers, body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined };
    calls.push(call);
    const route = routes[`${method} ${path}${url.search}`] ?? routes[`${method} ${path}`];
    if (!route) return new Response(JSON.stringify(problem(404, `No route ${method} ${path}`).body), { status: 404, headers: { 'content-type': 'application/problem+json' } });
    const reply = typeof route === 'function' ? await route(call) : route;
    const status = reply.status ?? 200;
    return new Response(status === 204 || reply.body === undefined ? null : JSON.stringify(reply.body), {
      status,
      headers: { 'content-type': 'application/json', ...reply.headers },
    });
  });
  vi.stubGlobal('fetch', fetchStub);
  return { calls, fetch: fetchStub };
}

export const adminUser = { id: '01900000-0000-7000-8000-000000000001', email: 'admin@demo.test', name: 'Avery Admin', role: 'admin' };
export const sessionBody = { user: adminUser, tenantId: '01900000-0000-7000-8000-0000000000aa', teamIds: [], csrfToken: 'csrf-1' };
export const loginBody = { token: 'tok', csrfToken: 'csrf-2', expiresAt: '2030-01-01T00:00:00.000Z', user: adminUser };
