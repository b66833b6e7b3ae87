import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeApiKey } from '@/lib/api-keys/revoke-api-key';
import { db } from '@/lib/db/prisma';
import { apiKeyFactory, customerFactory, userFactory } from '@/lib/seed/factories';
import { sessionCookie, startRouteServer, type TestServer } from './route-server';

let server: TestServer;
beforeAll(async () => {
  server = await startRouteServer();
});
afterAll(() => server.close());

function get(path: string, headers: Record<string, string> = {}) {
  return fetch(server.url + path, { headers });
}

describe('authentication wrapper', () => {
  it('answers 401 in the JSON error shape without credentials', async () => {
    const res = await get('/api/v1/customers');
    expect(res.status).toBe(401);
    const body = await res.json();
    expect(body.error.code).toBe('unauthenticated');
    expect(typeof body.error.message).toBe('string');
  });

  it.each([
    ['an unknown key', 'Bearer mlk_not-a-real-key'],
    ['a malformed header', 'Basic abc'],
    ['an empty bearer', 'Bearer '],
  ])('answers 401 for %s', async (_name, authorization) => {
    const res = await get('/api/v1/me', { authorization });
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('unauthenticated');
  });

  it.each([
    ['ingest', '/api/v1/me', 403],
    ['ingest', '/api/v1/customers', 403],
    ['read', '/api/v1/me', 200],
    ['read', '/api/v1/customers', 403],
    ['admin', '/api/v1/customers', 200],
    ['admin', '/api/v1/me', 200],
  ] as const)('a %s key on %s gets %i', async (scope, path, status) => {
    const key = await apiKeyFactory(scope);
    const res = await get(path, { authorization: `Bearer ${key.key}` });
    expect(res.status).toBe(status);
    if (status === 403) expect((await res.json()).error.code).toBe('forbidden');
  });

  it('stores only a hash of the secret and records when a key was last used', async () => {
    const key = await apiKeyFactory('read');
    const row = await db().apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(row.secretHash).toBe(createHash('sha256').update(key.key).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(key.key);
    expect(row.lastUsedAt).toBeNull();
    expect((await get('/api/v1/me', { authorization: `Bearer ${key.key}` })).status).toBe(200);
    const used = await db().apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(used.lastUsedAt).toBeInstanceOf(Date);
  });

  it('refuses a revoked key on the very next request', async () => {
    const key = await apiKeyFactory('admin');
    expect((await get('/api/v1/me', { authorization: `Bearer ${key.key}` })).status).toBe(200);
    await revokeApiKey({ id: key.id, actor: 'test' });
    expect((await get('/api/v1/me', { authorization: `Bearer ${key.key}` })).status).toBe(401);
  });

  it('accepts a session cookie and reads role and customer fresh from the database', async () => {
    const admin = await userFactory({ role: 'admin' });
    const cookie = await sessionCookie(admin.id);
    const me = await (await get('/api/v1/me', { cookie })).json();
    expect(me).toMatchObject({ kind: 'user', userId: admin.id, role: 'admin', customerId: null });
    expect((await get('/api/v1/customers', { cookie })).status).toBe(200);
    await db().user.delete({ where: { id: admin.id } });
    expect((await get('/api/v1/me', { cookie })).status).toBe(401);
  });

  it('refuses a tampered session cookie', async () => {
    const admin = await userFactory({ role: 'admin' });
    const cookie = await sessionCookie(admin.id);
    const tampered = cookie.slice(0, -4) + (cookie.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect((await get('/api/v1/me', { cookie: tampered })).status).toBe(401);
  });
});

describe('tenancy', () => {
  it('shows a member its own customer and nobody else’s, whatever id it asks for', async () => {
    const mine = await customerFactory();
    const theirs = await customerFactory();
    const member = await userFactory({ role: 'member', customerId: mine.id });
    const cookie = await sessionCookie(member.id);

    const own = await get(`/api/v1/customers/${mine.id}`, { cookie });
    expect(own.status).toBe(200);
    expect((await own.json()).id).toBe(mine.id);

    for (const id of [theirs.id, '00000000-0000-0000-0000-000000000000', 'not-a-uuid', "'; DROP TABLE customers; --"]) {
      const res = await get(`/api/v1/customers/${encodeURIComponent(id)}`, { cookie });
      expect(res.status).toBe(404);
      const text = await res.text();
      expect(text).not.toContain(theirs.name);
    }
    expect((await get('/api/v1/customers', { cookie })).status).toBe(403);
  });

  it('gives a read key the customer without its members’ emails', async () => {
    const c = await customerFactory();
    await userFactory({ role: 'member', customerId: c.id });
    const key = await apiKeyFactory('read');
    const res = await get(`/api/v1/customers/${c.id}`, { authorization: `Bearer ${key.key}` });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.subjects).toHaveLength(1);
    expect(body.users).toBeUndefined();
    expect(JSON.stringify(body)).not.toContain('@example.test');
  });

  it('lets an admin read any customer', async () => {
    const c = await customerFactory();
    const admin = await userFactory({ role: 'admin' });
    const res = await get(`/api/v1/customers/${c.id}`, { cookie: await sessionCookie(admin.id) });
    expect(res.status).toBe(200);
    expect((await res.json()).subjects.map((s: { key: string }) => s.key)).toEqual(c.subjects.map((s) => s.key));
  });
});
