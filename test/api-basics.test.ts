// The parts of the contract every integrator touches first: health, the OpenAPI document and its
// docs page, and problem+json for requests the router or parser rejects.
import { expect, it } from 'vitest';
import { forEachDatabase } from './harness.ts';

forEachDatabase('API basics', (h) => {
  it('answers health without signing in', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: h.kind });
  });

  it('publishes an OpenAPI 3 document describing every route with its schemas', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/contacts', '/api/v1/contacts/{id}', '/api/v1/auth/login']));
    const create = doc.paths['/api/v1/contacts'].post;
    expect(create.requestBody.content['application/json'].schema.properties.emails).toBeDefined();
    expect(create.responses['201']).toBeDefined();
    expect(create.responses['422']).toBeDefined();
    const docs = await h.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('text/html');
  });

  it('answers problem+json for unknown routes, bad JSON and bad ids', async () => {
    const t = await h.tenant();
    const missing = await t.request('GET', '/api/v1/nothing-here', t.admin);
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    const badJson = await h.app.inject({ method: 'POST', url: '/api/v1/contacts', headers: { authorization: `Bearer ${t.admin}`, 'content-type': 'application/json' }, payload: '{"givenName":' });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.headers['content-type']).toContain('application/problem+json');
    expect(badJson.json().errors[0].field).toBe('body');
    const badId = await t.request('GET', '/api/v1/contacts/123', t.admin);
    expect(badId.statusCode).toBe(422);
    expect(badId.json().errors[0].field).toBe('id');
  });
});
