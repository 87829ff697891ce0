// The imports API as the page uses it: shapes (src/imports/routes.ts importOut), the raw-body
// upload, and a small CSV reader for the dry-run error report (row, original cells, reason).
import { ApiError, API_BASE, api, qs, type Problem } from '../../api/client.ts';
import type { Job } from '../shared/jobs.tsx';

export type ImportResource = 'contacts' | 'companies' | 'interactions';

export interface ImportCounts {
  rows: number;
  created: number;
  updated: number;
  failed: number;
  unchanged?: number;
}

export interface QualityIssue {
  code: string;
  field: string;
  message: string;
}

/** A record as the dry run would store it (a contact or company as the API presents it). */
export interface PreviewRow {
  id: string;
  displayName?: string;
  name?: string;
  emails?: { address: string }[];
  phones?: { number: string }[];
  qualityIssues?: QualityIssue[];
  [k: string]: unknown;
}

/** A row that would create a contact looking like a stored one (contactId) or another row of the file (rowNo). */
export interface RowDuplicates {
  rowNo: number;
  candidates: { contactId: string | null; rowNo: number | null; displayName: string; probability: number }[];
}

export interface DryRun {
  counts: ImportCounts;
  preview: PreviewRow[];
  /** Contacts imports only: the real-time duplicate check over every row the file would create. */
  duplicates?: { count: number; checked: number; rows: RowDuplicates[] };
  at: string;
}

export interface Import {
  id: string;
  resource: ImportResource;
  format: 'csv' | 'vcard';
  sourceSystem: string;
  fileName: string;
  size: number;
  encoding: string;
  delimiter: string | null;
  headers: string[];
  mapping: Record<string, string>;
  status: string;
  counts: ImportCounts | null;
  dryRun: DryRun | null;
  job: Job | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface UploadAnswer {
  import: Import;
  sample: string[][];
  savedMapping: Record<string, string> | null;
  targets: string[];
}

// What GET /imports/{id} does not repeat (the upload answer has them): used after a reload.
export const defaultTargets: Record<ImportResource, string[]> = {
  contacts: ['rapportId', 'externalId', 'sourceIdentifiers', 'prefix', 'givenName', 'middleName', 'familyName', 'suffix', 'fullName', 'jobTitle', 'lifecycleStage', 'tier', 'email', 'otherEmails', 'phone', 'mobilePhone', 'homePhone', 'otherPhones', 'street', 'street2', 'city', 'region', 'postalCode', 'country', 'birthDate', 'companyName', 'tags', 'ownerId', 'teamId', 'ignore'],
  companies: ['rapportId', 'externalId', 'sourceIdentifiers', 'name', 'domain', 'website', 'industry', 'size', 'description', 'phone', 'otherPhones', 'street', 'street2', 'city', 'region', 'postalCode', 'country', 'tags', 'ownerId', 'teamId', 'ignore'],
  interactions: ['rapportId', 'externalId', 'kind', 'direction', 'occurredAt', 'timeZone', 'duration', 'durationSeconds', 'subject', 'notes', 'outcome', 'outcomeText', 'contactExternalId', 'contactId', 'contactEmail', 'companyExternalId', 'companyId', 'companyName', 'owner', 'campaign', 'currency', 'ignore'],
};

const isVcard = (f: File) => /\.(vcf|vcard)$/i.test(f.name) || /vcard|directory/.test(f.type);

/**
 * POST /imports with the file as the raw body. The shared client sends JSON only, so this one
 * request is made here; the CSRF token comes from the session answer (the cookie carries the rest).
 */
export async function uploadFile(file: File, resource: ImportResource, source: string): Promise<UploadAnswer> {
  const session = await api<{ csrfToken: string | null }>('GET', '/auth/session');
  const res = await fetch(`${API_BASE}/imports${qs({ resource, source, fileName: file.name, ...(isVcard(file) ? { format: 'vcard' } : {}) })}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { accept: 'application/json', 'content-type': isVcard(file) ? 'text/vcard' : 'text/csv', ...(session.csrfToken ? { 'x-csrf-token': session.csrfToken } : {}) },
    body: file,
  });
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // a proxy's error page
  }
  if (!res.ok) throw new ApiError(res.status, (parsed as Problem) ?? { title: res.statusText, status: res.status, detail: text.slice(0, 200) });
  return parsed as UploadAnswer;
}

/** RFC 4180 CSV to rows of cells (quotes, doubled quotes, CR LF); drops a leading BOM. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const s = text.replace(/^\ufeff/, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += c;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

export interface RowProblem {
  row: string;
  cells: string[];
  error: string;
}

/** The failed rows of a phase, read from the error report CSV. */
export async function rowProblems(id: string, phase: 'dry' | 'run', signal?: AbortSignal): Promise<{ headers: string[]; rows: RowProblem[] }> {
  const res = await fetch(`${API_BASE}/imports/${id}/errors.csv?phase=${phase}`, { credentials: 'same-origin', ...(signal ? { signal } : {}) });
  if (!res.ok) throw new ApiError(res.status, { title: res.statusText, status: res.status });
  const [head = [], ...rest] = parseCsv(await res.text());
  return { headers: head.slice(1, -1), rows: rest.map((r) => ({ row: r[0] ?? '', cells: r.slice(1, -1), error: r[r.length - 1] ?? '' })) };
}
