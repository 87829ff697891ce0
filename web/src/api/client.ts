// The one way the web app talks to the API (/api/v1). Sends the session cookie, adds X-CSRF-Token on
// writes, turns problem+json answers into ApiError, and on 401 waits for the re-sign-in modal
// (auth/reauth.tsx) and retries once, so a half-filled form survives an expired session.

export interface FieldError {
  field: string;
  message: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  requestId?: string;
  /** The API sends these as `errors`; both names are filled. */
  fieldErrors?: FieldError[];
  errors?: FieldError[];
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(status: number, problem: Problem) {
    super(problem.detail ?? problem.title ?? `Request failed (${status})`);
    this.name = 'ApiError';
    this.status = status;
    const fieldErrors = problem.fieldErrors ?? problem.errors ?? [];
    this.problem = { ...problem, fieldErrors, errors: fieldErrors };
  }

  /** The message the API gave for one field (exact name, e.g. `emails.0.address`), if any. */
  fieldError(field: string): string | undefined {
    return this.problem.fieldErrors?.find((e) => e.field === field)?.message;
  }
}

export const API_BASE = '/api/v1';

let csrfToken: string | null = null;
/** Set from the login answer or GET /auth/session; cookie-borne writes need it. */
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

type UnauthorizedHandler = () => Promise<void>;
let onUnauthorized: UnauthorizedHandler | null = null;
let pendingReauth: Promise<void> | null = null;
/** Installed by the session provider: resolves once the user has signed in again. */
export function setUnauthorizedHandler(handler: UnauthorizedHandler | null) {
  onUnauthorized = handler;
}

function reauthenticate(): Promise<void> {
  if (!onUnauthorized) return Promise.reject(new Error('not signed in'));
  // Several requests failing at once share one modal.
  pendingReauth ??= onUnauthorized().finally(() => {
    pendingReauth = null;
  });
  return pendingReauth;
}

const unsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface ApiInit {
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Do not open the re-sign-in modal on 401 (sign-in itself, the session probe). */
  noReauth?: boolean;
}

async function send(method: string, path: string, body: unknown, init: ApiInit): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (unsafe.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  return fetch(`${API_BASE}${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    ...(init.signal ? { signal: init.signal } : {}),
  });
}

async function problemOf(res: Response): Promise<Problem> {
  const text = await res.text();
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') return parsed as Problem;
  } catch {
    // not JSON (a proxy's error page): keep the status line
  }
  return { title: res.statusText || `HTTP ${res.status}`, status: res.status, detail: text.slice(0, 200) || undefined };
}

/** A request whose Response (headers such as ETag) the caller needs; throws ApiError when not ok. */
export async function apiResponse(method: string, path: string, body?: unknown, init: ApiInit = {}): Promise<Response> {
  let res = await send(method, path, body, init);
  if (res.status === 401 && !init.noReauth && onUnauthorized) {
    await reauthenticate();
    res = await send(method, path, body, init);
  }
  if (!res.ok) throw new ApiError(res.status, await problemOf(res));
  return res;
}

/** Calls the API under /api/v1 (e.g. api('GET', '/contacts?limit=50')) and returns the parsed body. */
export async function api<T>(method: string, path: string, body?: unknown, init: ApiInit = {}): Promise<T> {
  const res = await apiResponse(method, path, body, init);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Body plus ETag, for edit-in-place with If-Match. */
export async function apiWithEtag<T>(method: string, path: string, body?: unknown, init: ApiInit = {}): Promise<{ data: T; etag: string | null }> {
  const res = await apiResponse(method, path, body, init);
  return { data: (await res.json()) as T, etag: res.headers.get('etag') };
}

/** Builds a query string from defined values. */
export function qs(params: Record<string, string | number | boolean | undefined | null>): string {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') s.set(k, String(v));
  const out = s.toString();
  return out ? `?${out}` : '';
}
