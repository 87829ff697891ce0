// Enrichment from a provider: a local webhook (no outside calls) answers; values are stored with
// provenance beside typed ones, survive later edits, and sensitive fields never leave.
import { createServer, type Server } from 'node:http';
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachDatabase } from '../../test/harness.ts';
import { enrichRecord } from './enrich-service.ts';
import { webhookProvider } from './provider.ts';

const SECRET = 'a-shared-secret-of-some-length';
const received: Array<{ body: Record<string, unknown>; signature: string | undefined }> = [];
let reply: (body: Record<string, unknown>) => { status: number; json: unknown } = () => ({ status: 200, json: { values: [] } });
let server: Server;
let url = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => { raw += c; });
    req.on('end', () => {
      const body = JSON.parse(raw) as Record<string, unknown>;
      received.push({ body, signature: req.headers['x-rapport-signature'] as string | undefined });
      const answer = reply(body);
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.json));
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/enrich`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

forEachDatabase('enrichment provider', (h) => {
  it('stores provider values with provenance, never over typed values, and keeps them across edits', async () => {
    const t = await h.tenant();
    const c = (await t.request('POST', '/api/v1/contacts', t.admin, {
      givenName: 'Ada', familyName: 'Lovelace', jobTitle: 'Analyst', emails: [{ address: 'ada@analytical.test' }],
      birthDate: '1815-12-10', netWorth: { amount: 5e6, currency: 'GBP' },
    })).json();
    reply = () => ({ status: 200, json: { values: [{ field: 'jobTitle', value: 'Countess', confidence: 0.8 }, { field: 'linkedinUrl', value: 'https://example.test/ada', confidence: 0.9 }] } });
    const out = await enrichRecord(t.ctx, 'contact', c.id, webhookProvider({ url, secret: SECRET }));
    expect(out.enrichment.jobTitle).toMatchObject({ value: 'Countess', source: 'provider', from: 'webhook', confidence: 0.8 });

    const sent = received.at(-1)!;
    expect(sent.body).toMatchObject({ entity: 'contact', id: c.id, record: { givenName: 'Ada', jobTitle: 'Analyst' } });
    expect(JSON.stringify(sent.body)).not.toMatch(/birthDate|netWorth|1815|5000000/);
    expect(sent.signature).toBe(`sha256=${createHmac('sha256', SECRET).update(JSON.stringify(sent.body)).digest('hex')}`);

    const got = (await t.request('GET', `/api/v1/contacts/${c.id}`, t.admin)).json();
    expect(got.jobTitle).toBe('Analyst');
    expect(got.enrichment.linkedinUrl.value).toBe('https://example.test/ada');
    expect(got.version).toBe(2);
    const edited = (await t.request('PATCH', `/api/v1/contacts/${c.id}`, t.admin, { familyName: 'King' })).json();
    expect(edited.enrichment.jobTitle.value).toBe('Countess');
    expect(edited.enrichment.companyName).toMatchObject({ value: 'Analytical', source: 'derived' });
    const history = (await t.request('GET', `/api/v1/contacts/${c.id}/history`, t.admin)).json();
    expect(JSON.stringify(history)).toContain('Countess');
  });

  it('answers 502 on a bad provider reply, changing nothing, and 409 when none is configured', async () => {
    const t = await h.tenant();
    const c = (await t.request('POST', '/api/v1/contacts', t.admin, { givenName: 'Bob' })).json();
    reply = () => ({ status: 200, json: { values: [{ field: 'shoeSize', value: '44', confidence: 1 }] } });
    await expect(enrichRecord(t.ctx, 'contact', c.id, webhookProvider({ url }))).rejects.toMatchObject({ status: 502 });
    reply = () => ({ status: 500, json: {} });
    await expect(enrichRecord(t.ctx, 'contact', c.id, webhookProvider({ url }))).rejects.toMatchObject({ status: 502, code: 'enrichment_failed' });
    expect((await t.request('GET', `/api/v1/contacts/${c.id}`, t.admin)).json().version).toBe(1);
    const res = await t.request('POST', `/api/v1/contacts/${c.id}/enrich`, t.admin);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('enrichment_not_configured');
  });
});
