// GET /companies/:id and the company list are presented by PostgreSQL (companyJsonSql): they must
// answer exactly what presentCompany gives for the same rows (and the list exactly what
// listCompanies plus selectFields gives, cursor included), for every role, with field selection,
// custom fields, addresses, null and empty values, a stale record, filters of every kind prepared
// once per shape, sorts and keyset cursors.
import { expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { forEachDatabase } from '../../test/harness.ts';
import { inTenant, readInTenant, type Ctx } from '../platform/context.ts';
import { listQuerySchema, parseListParams, selectFields } from '../platform/list.ts';
import { etagOf } from '../platform/records.ts';
import { roles, type Principal, type Role } from '../platform/policy/index.ts';
import { companiesByIds } from './data.ts';
import { presentCompany } from './presenter.ts';
import { getCompany, listCompanies } from './service.ts';
import { companies } from './tables.ts';

forEachDatabase('companies presented by the database', (h) => {
  it('answers gets and lists exactly as presentCompany and listCompanies do, for every role', async () => {
    const t = await h.tenant();
    const post = async (url: string, body: unknown, token = t.admin) => {
      const res = await t.request('POST', url, token, body);
      expect(res.statusCode, res.body).toBeLessThan(300);
      return res.json();
    };
    for (const [key, type, options] of [['segment', 'select', ['smb', 'enterprise']], ['headcountLocal', 'number'], ['founded', 'date'], ['listed', 'boolean'], ['markets', 'multiselect', ['EU', 'US', 'APAC']], ['memo', 'text']] as const) {
      await post('/api/v1/custom-fields', { entity: 'company', key, label: key, type, ...(options ? { options } : {}) });
    }
    const team = await t.team('North');
    const users = {} as Record<Role, { id: string; token: string; teamIds: string[] }>;
    for (const role of roles) {
      const teamIds = role === 'admin' ? [] : [team];
      users[role] = role === 'admin' ? { id: t.adminId, token: t.admin, teamIds } : { ...(await t.user(role, { teamIds })), teamIds };
    }
    const loner = await t.user('rep'); // in no team: sees its own and what is shared with it

    const rich = await post('/api/v1/companies', {
      name: 'Acme Holdings', website: 'https://www.acme.example/about', industry: 'Finance', size: 1200, description: 'Line one\n"quoted" \\ ünïcödé ✓',
      ownerId: users.rep.id, teamId: team,
      phones: [{ number: '+44 20 7946 0018', type: 'main', primary: true }, { number: '020 7946 0019' }],
      addresses: [{ type: 'hq', line1: '1 Main St', city: 'Austin', region: 'Texas', postalCode: '78701', country: 'USA', primary: true }, { city: 'London', country: 'United Kingdom', postalCode: 'sw1a1aa' }],
      tags: ['key', 'board'], sourceIdentifiers: [{ system: 'crm', externalId: 'C-1' }, { system: 'erp', externalId: '9' }],
      customFields: { segment: 'enterprise', headcountLocal: 12.5, founded: '1999-12-31', listed: true, markets: ['EU', 'US'], memo: 'ok' },
    });
    const plain = await post('/api/v1/companies', { name: 'Zed Ltd' });
    const other = await post('/api/v1/companies', { name: 'Bolt & Co', domain: 'BOLT.example', size: 0, addresses: [{ country: 'Narnia' }], phones: [{ number: '12345' }], customFields: { listed: false } });
    const shared = await post('/api/v1/companies', { name: 'Shared Inc', industry: 'Retail' });
    await post('/api/v1/shares', { entity: 'company', recordId: shared.id, userId: loner.id, access: 'read' });
    expect((await t.request('POST', `/api/v1/companies/${plain.id}/confirm`, t.admin)).statusCode).toBe(200);
    // A company not confirmed for years carries the stale issue, read with the row.
    await inTenant(t.ctx, (tx) => tx.update(companies).set({ createdAt: new Date('2019-03-04T05:06:07.891Z') }).where(and(eq(companies.tenantId, t.id), eq(companies.id, other.id))));
    const ids = [rich.id, plain.id, other.id, shared.id] as string[];

    const rows = await readInTenant(t.ctx, (q) => companiesByIds(q, t.id, ids));
    const expected = new Map(rows.map((r) => [r.id, JSON.parse(JSON.stringify(presentCompany(r)))]));
    expect(expected.get(other.id).qualityIssues.map((i: { code: string }) => i.code)).toContain('stale');
    expect(expected.get(plain.id).confirmedAt).toEqual(expect.any(String));
    expect(expected.get(rich.id).addresses[0].region).toBe('US-TX');

    const sees: Record<string, string[]> = {
      admin: ids, controller: ids, service: ids,
      manager: [rich.id], rep: [rich.id], read_only: [rich.id], loner: [shared.id],
    };
    const callers = [...roles.map((role) => ({ name: role as string, ...users[role], role })), { name: 'loner', ...loner, teamIds: [], role: 'rep' as Role }];
    for (const who of callers) {
      const principal: Principal = { userId: who.id, role: who.role, teamIds: who.teamIds };
      const ctx: Ctx = { ...t.ctx, principal };
      for (const id of ids) {
        const got = await t.request('GET', `/api/v1/companies/${id}`, who.token);
        if (!sees[who.name]!.includes(id)) {
          expect(got.statusCode, `${who.name} ${id}`).toBe(404);
          await expect(getCompany(ctx, id)).rejects.toMatchObject({ status: 404 });
          continue;
        }
        expect(got.statusCode, got.body).toBe(200);
        expect(got.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(got.headers.etag).toBe(etagOf(expected.get(id).version));
        expect(got.json()).toStrictEqual(expected.get(id));
        expect(JSON.parse(JSON.stringify(await getCompany(ctx, id)))).toStrictEqual(expected.get(id));
      }
      // Every page of a list, as listCompanies (presented in Node) answers it, cursor included.
      const lists = ['limit=2', 'limit=1&sort=-createdAt', 'sort=updatedAt', 'fields=name,domain,customFields,nope,id,qualityIssues,name', 'limit=1&fields=addresses'];
      for (const query of lists) {
        let cursor: string | null = null;
        const seen: string[] = [];
        do {
          const qs: string = query + (cursor ? `&cursor=${cursor}` : '');
          const res = await t.request('GET', `/api/v1/companies?${qs}`, who.token);
          expect(res.statusCode, res.body).toBe(200);
          const params = parseListParams(listQuerySchema.parse(Object.fromEntries(new URLSearchParams(qs))), 'name');
          const js = await listCompanies(ctx, params);
          expect(res.json(), `${who.name} ${qs}`).toStrictEqual(JSON.parse(JSON.stringify({ ...js, data: js.data.map((c) => selectFields(c, params.fields)) })));
          seen.push(...res.json().data.map((c: { id: string }) => c.id));
          cursor = res.json().nextCursor;
        } while (cursor);
        expect(seen.sort(), `${who.name} ${query}`).toEqual([...sees[who.name]!].sort());
      }
    }

    // Filters of every kind, each shape prepared once and run with other values.
    const admin: Ctx = { ...t.ctx, principal: { userId: t.adminId, role: 'admin', teamIds: [] } };
    const filters: Array<[string, string[]]> = [
      ['filter[name][eq]=Acme Holdings', [rich.id]], ['filter[name][eq]=Zed Ltd', [plain.id]], ['filter[name][eq]=Nobody', []],
      ['filter[name][contains]=co', [other.id]], ['filter[domain][eq]=bolt.example', [other.id]], ['filter[domain][eq]=acme.example', [rich.id]],
      ['filter[domain][isNull]=true', [plain.id, shared.id]], ['filter[size][gte]=1', [rich.id]], ['filter[size][lt]=1', [other.id]],
      ['filter[country][eq]=US', [rich.id]], ['filter[city][eq]=Austin', [rich.id]], ['filter[region][eq]=US-TX', [rich.id]],
      ['filter[tags][contains]=board', [rich.id]], ['filter[ownerId][eq]=' + users.rep.id, [rich.id]], ['filter[teamId][isNull]=true', [plain.id, other.id, shared.id]],
      ['filter[customFields.segment][eq]=enterprise', [rich.id]], ['filter[customFields.listed][eq]=false', [other.id]],
      ['filter[id][in]=' + `${rich.id},${plain.id}`, [rich.id, plain.id]], ['filter[id][in]=' + shared.id, [shared.id]],
      ['filter[stale][eq]=true', [other.id]], ['filter[qualityIssue][eq]=stale', [other.id]], ['filter[confirmedAt][isNull]=false', [plain.id]],
      ['match=any&filter[industry][eq]=Retail&filter[size][eq]=0', [shared.id, other.id]],
      ['filter[industry][ne]=Retail&sort=-name&fields=name', [rich.id, plain.id, other.id]], // ne keeps nulls
    ];
    for (const [qs, want] of filters) {
      const res = await t.request('GET', `/api/v1/companies?${qs}`, t.admin);
      expect(res.statusCode, res.body).toBe(200);
      const params = parseListParams(listQuerySchema.parse(Object.fromEntries(new URLSearchParams(qs))), 'name');
      const js = await listCompanies(admin, params);
      expect(res.json(), qs).toStrictEqual(JSON.parse(JSON.stringify({ ...js, data: js.data.map((c) => selectFields(c, params.fields)) })));
      expect(res.json().data.map((c: { id: string }) => c.id).sort(), qs).toEqual([...want].sort());
    }
    // Errors are the list's: a bad filter names its field, a bad cursor too.
    const bad = await t.request('GET', '/api/v1/companies?filter[nope][eq]=1', t.admin);
    expect(bad.statusCode).toBe(422);
    expect(JSON.stringify(bad.json())).toContain('filter[nope]');
    expect((await t.request('GET', '/api/v1/companies?cursor=xyz', t.admin)).statusCode).toBe(422);
  });
});
