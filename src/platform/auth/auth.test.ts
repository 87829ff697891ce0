import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { forEachDatabase } from '../../../test/harness.ts';
import { buildApp } from '../../app.ts';
import { configFrom } from '../../config.ts';
import { updateUser } from '../../users/service.ts';
import { rowsOf } from '../../db/sql.ts';

const PASSWORD = 'correct horse battery';

forEachDatabase('authentication', (h) => {
  const login = (tenant: string, email: string, password: string) =>
    h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { tenant, email, password } });

  it('signs in with a token and an httpOnly SameSite=Lax cookie', async () => {
    const t = await h.tenant();
    const res = await login(t.slug, `admin@${t.slug}.test`, PASSWORD);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.token).toMatch(/^rps_/);
    expect(body.user).toMatchObject({ email: `admin@${t.slug}.test`, role: 'admin' });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toContain('rapport_session=');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    const me = await t.request('GET', '/api/v1/auth/session', body.token);
    expect(me.json().user.email).toBe(`admin@${t.slug}.test`);
  });

  it('answers the same for unknown tenant, unknown user and wrong password', async () => {
    const t = await h.tenant();
    const answers = await Promise.all([
      login(t.slug, `admin@${t.slug}.test`, 'wrong password'),
      login(t.slug, `nobody@${t.slug}.test`, PASSWORD),
      login('no-such-tenant', `admin@${t.slug}.test`, PASSWORD),
    ]);
    for (const a of answers) expect(a.statusCode).toBe(401);
    const shapes = answers.map((a) => {
      const { requestId: _r, ...rest } = a.json();
      return rest;
    });
    expect(shapes[1]).toEqual(shapes[0]);
    expect(shapes[2]).toEqual(shapes[0]);
    const failed = await h.database.withTenant(t.id, (tx) => rowsOf<{ n: number }>(tx, sql`select count(*)::int as n from audit_log where action = 'login.failed'`));
    expect(failed[0]!.n).toBe(2);
  });

  it('refuses a deactivated user', async () => {
    const t = await h.tenant();
    const rep = await t.user('rep');
    await updateUser(t.ctx, rep.id, { active: false });
    expect((await login(t.slug, rep.email, PASSWORD)).statusCode).toBe(401);
    expect((await t.request('GET', '/api/v1/auth/session', rep.token)).statusCode).toBe(401);
  });

  it('needs a CSRF token for cookie-authenticated writes but not for bearer tokens', async () => {
    const t = await h.tenant();
    const res = await login(t.slug, `admin@${t.slug}.test`, PASSWORD);
    const { token, csrfToken } = res.json();
    const cookies = { rapport_session: token };
    const read = await h.app.inject({ method: 'GET', url: '/api/v1/contacts', cookies });
    expect(read.statusCode).toBe(200);
    const payload = { givenName: 'Cookie', familyName: 'Monster' };
    const noCsrf = await h.app.inject({ method: 'POST', url: '/api/v1/contacts', cookies, payload });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().code).toBe('csrf_failed');
    const wrong = await h.app.inject({ method: 'POST', url: '/api/v1/contacts', cookies, payload, headers: { 'x-csrf-token': 'nope' } });
    expect(wrong.statusCode).toBe(403);
    const ok = await h.app.inject({ method: 'POST', url: '/api/v1/contacts', cookies, payload, headers: { 'x-csrf-token': csrfToken } });
    expect(ok.statusCode).toBe(201);
    expect((await t.request('POST', '/api/v1/contacts', token, payload)).statusCode).toBe(201);
  });

  it('revokes a session on logout and rejects expired sessions', async () => {
    const t = await h.tenant();
    const a = (await login(t.slug, `admin@${t.slug}.test`, PASSWORD)).json().token as string;
    expect((await t.request('POST', '/api/v1/auth/logout', a)).statusCode).toBe(204);
    expect((await t.request('GET', '/api/v1/auth/session', a)).statusCode).toBe(401);

    const b = (await login(t.slug, `admin@${t.slug}.test`, PASSWORD)).json().token as string;
    await h.database.withTenant(t.id, (tx) => tx.execute(sql`update sessions set expires_at = now() - interval '1 minute' where revoked_at is null`));
    const expired = await t.request('GET', '/api/v1/auth/session', b);
    expect(expired.statusCode).toBe(401);
    expect(expired.headers['content-type']).toContain('application/problem+json');
  });

  it('issues API tokens stored only as hashes, usable as bearer tokens until revoked', async () => {
    const t = await h.tenant();
    const created = await t.request('POST', '/api/v1/auth/tokens', t.admin, { name: 'warehouse sync' });
    expect(created.statusCode).toBe(201);
    const { id, token } = created.json();
    expect(token).toMatch(/^rpa_/);
    const secret = token.slice(-43);
    const stored = await h.database.withTenant(t.id, (tx) => rowsOf<{ secret_hash: string }>(tx, sql`select secret_hash from api_tokens where id = ${id}`));
    expect(stored[0]!.secret_hash).not.toContain(secret);
    expect((await t.request('GET', '/api/v1/contacts', token)).statusCode).toBe(200);
    const listed = (await t.request('GET', '/api/v1/auth/tokens', t.admin)).json();
    expect(listed.data.map((x: { id: string }) => x.id)).toContain(id);
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect((await t.request('DELETE', `/api/v1/auth/tokens/${id}`, t.admin)).statusCode).toBe(204);
    expect((await t.request('GET', '/api/v1/contacts', token)).statusCode).toBe(401);
  });

  it('rejects malformed and tampered tokens', async () => {
    const t = await h.tenant();
    expect((await t.request('GET', '/api/v1/contacts', 'garbage')).statusCode).toBe(401);
    const tampered = t.admin.slice(0, -1) + (t.admin.endsWith('A') ? 'B' : 'A');
    expect((await t.request('GET', '/api/v1/contacts', tampered)).statusCode).toBe(401);
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/contacts' })).statusCode).toBe(401);
  });

  it('rate-limits login attempts', async () => {
    const t = await h.tenant();
    const app = await buildApp({ database: h.database, config: configFrom({ LOGIN_RATE_LIMIT: '3' }) });
    try {
      const attempt = () => app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { tenant: t.slug, email: `admin@${t.slug}.test`, password: 'guess' } });
      for (let i = 0; i < 3; i++) expect((await attempt()).statusCode).toBe(401);
      const limited = await attempt();
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['content-type']).toContain('application/problem+json');
    } finally {
      await app.close();
    }
  });
});
