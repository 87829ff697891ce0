// Enrichment from outside: the provider interface, and a webhook provider that POSTs a record's
// non-sensitive fields to a configured URL (signed with HMAC-SHA256 when a secret is set) and
// accepts values back. What comes back is stored beside the record with its provenance, like
// derived values: it never replaces what a person typed.
import { createHmac } from 'node:crypto';
import { z } from 'zod';

export const enrichableFields = ['companyName', 'country', 'timeZone', 'industry', 'jobTitle', 'website', 'linkedinUrl'] as const;
export type EnrichableField = (typeof enrichableFields)[number];

export interface EnrichmentRequest {
  entity: 'contact' | 'company';
  id: string;
  record: Record<string, unknown>;
}
export interface ProvidedValue {
  field: EnrichableField;
  value: string;
  confidence: number;
}

export interface EnrichmentProvider {
  /** Recorded as each value's origin ("webhook"). */
  readonly name: string;
  enrich(request: EnrichmentRequest): Promise<ProvidedValue[]>;
}

const answer = z.object({
  values: z.array(z.object({ field: z.enum(enrichableFields), value: z.string().trim().min(1).max(500), confidence: z.number().min(0).max(1) })).max(50),
});

export class ProviderError extends Error {
  override name = 'ProviderError';
}

export interface WebhookOptions {
  url: string;
  secret?: string | undefined;
  timeoutMs?: number;
}

/** POST {entity, id, record} as JSON; expects {values: [{field, value, confidence}]} back. */
export function webhookProvider(opts: WebhookOptions): EnrichmentProvider {
  return {
    name: 'webhook',
    async enrich(request) {
      const body = JSON.stringify(request);
      const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'Rapport enrichment' };
      if (opts.secret) headers['x-rapport-signature'] = `sha256=${createHmac('sha256', opts.secret).update(body).digest('hex')}`;
      let res: Response;
      try {
        res = await fetch(opts.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(opts.timeoutMs ?? 5000), redirect: 'error' });
      } catch (err) {
        throw new ProviderError(`the enrichment webhook did not answer: ${(err as Error).message}`);
      }
      if (!res.ok) throw new ProviderError(`the enrichment webhook answered ${res.status}`);
      const parsed = answer.safeParse(await res.json().catch(() => null));
      if (!parsed.success) throw new ProviderError(`the enrichment webhook answered an unexpected shape: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      return parsed.data.values;
    },
  };
}
