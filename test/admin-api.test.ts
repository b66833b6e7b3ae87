import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/prisma';
import { apiKeyFactory, customerFactory, randomKey } from '@/lib/seed/factories';
import { startRouteServer, type TestServer } from './route-server';

let server: TestServer;
let auth: Record<string, string>;
beforeAll(async () => {
  server = await startRouteServer();
  auth = { authorization: `Bearer ${(await apiKeyFactory('admin')).key}` };
});
afterAll(() => server.close());

function post(path: string, body: unknown, headers: Record<string, string> = auth) {
  return fetch(server.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('customers API', () => {
  it('creates a customer with its subject keys and audits who did it', async () => {
    const subject = randomKey('subject');
    const res = await post('/api/v1/customers', { name: 'Initech', subjects: [subject], currency: 'eur', timeZone: 'Asia/Kathmandu' });
    expect(res.status).toBe(201);
    const c = await res.json();
    expect(c).toMatchObject({ name: 'Initech', currency: 'EUR', timeZone: 'Asia/Kathmandu', subjects: [{ key: subject }] });
    const audit = await db().auditLog.findFirstOrThrow({ where: { entityType: 'customer', entityId: c.id } });
    expect(audit.action).toBe('customer.create');
    expect(audit.actor).toMatch(/^api-key:/);
    expect(audit.before).toBeNull();
    expect(audit.after).toMatchObject({ name: 'Initech', subjects: [subject] });
  });

  it.each([
    ['an unknown currency', { name: 'X', subjects: ['s'], currency: 'XYZ1' }, 'currency'],
    ['an unknown time zone', { name: 'X', subjects: ['s'], timeZone: 'Mars/Olympus' }, 'timeZone'],
    ['no subjects', { name: 'X', subjects: [] }, 'subjects'],
    ['a subject with spaces', { name: 'X', subjects: ['a b'] }, 'subjects.0'],
    ['an empty name', { name: ' ', subjects: ['s'] }, 'name'],
  ])('rejects %s with 400 and the field at fault', async (_name, body, field) => {
    const res = await post('/api/v1/customers', body);
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe('validation_failed');
    expect(error.details.map((d: { path: string }) => d.path)).toContain(field);
  });

  it('answers malformed JSON with 400 malformed_json', async () => {
    const res = await post('/api/v1/customers', '{"name": ');
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('malformed_json');
  });

  it('refuses a subject key another customer owns with 409 and creates nothing', async () => {
    const existing = await customerFactory();
    const before = await db().customer.count();
    const taken = existing.subjects[0].key;
    const res = await post('/api/v1/customers', { name: 'Dup', subjects: [randomKey(), taken] });
    expect(res.status).toBe(409);
    const { error } = await res.json();
    expect(error.code).toBe('conflict');
    expect(error.message).toBe(`"${taken}" already belongs to another customer.`);
    expect(error.details).toEqual({ taken: [taken] });
    expect(await db().customer.count({ where: { name: 'Dup' } })).toBe(0);
    expect(await db().customer.count()).toBeGreaterThanOrEqual(before);
  });
});

describe('users API', () => {
  it('creates a member of a customer named by subject key, with a hashed password', async () => {
    const c = await customerFactory();
    const email = `${randomKey('m')}@Example.test`;
    const res = await post('/api/v1/users', { email, password: 'long-enough', role: 'member', customer: c.subjects[0].key });
    expect(res.status).toBe(201);
    const user = await res.json();
    expect(user).toMatchObject({ email: email.toLowerCase(), role: 'member', customerId: c.id });
    expect(user.passwordHash).toBeUndefined();
    const row = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toMatch(/^scrypt\$/);
    expect(row.passwordHash).not.toContain('long-enough');
  });

  it.each([
    ['a member without a customer', { role: 'member' }],
    ['an admin with a customer', { role: 'admin', customer: 'x' }],
    ['a short password', { role: 'admin', password: 'short' }],
    ['an unknown customer', { role: 'member', customer: 'no-such-subject' }],
  ])('rejects %s with 400', async (_name, extra) => {
    const res = await post('/api/v1/users', { email: `${randomKey()}@example.test`, password: 'long-enough', ...extra });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('validation_failed');
  });

  it('refuses a second user with the same email, whatever its case', async () => {
    const email = `${randomKey('dup')}@example.test`;
    expect((await post('/api/v1/users', { email, password: 'long-enough', role: 'admin' })).status).toBe(201);
    const again = await post('/api/v1/users', { email: email.toUpperCase(), password: 'long-enough', role: 'admin' });
    expect(again.status).toBe(409);
  });
});

describe('API keys API', () => {
  it('shows the secret once, lists keys without secrets, and revokes by id', async () => {
    const created = await post('/api/v1/api-keys', { name: 'billing export', scope: 'read' });
    expect(created.status).toBe(201);
    const key = await created.json();
    expect(key.key).toMatch(/^mlk_/);

    const list = await (await fetch(`${server.url}/api/v1/api-keys`, { headers: auth })).json();
    const listed = list.data.find((k: { id: string }) => k.id === key.id);
    expect(listed).toMatchObject({ name: 'billing export', scope: 'read', revokedAt: null });
    expect(JSON.stringify(list)).not.toContain(key.key);
    expect(listed.secretHash).toBeUndefined();

    const revoked = await fetch(`${server.url}/api/v1/api-keys/${key.id}`, { method: 'DELETE', headers: auth });
    expect(revoked.status).toBe(200);
    expect((await revoked.json()).revokedAt).toBeTruthy();
    const audit = await db().auditLog.findMany({ where: { entityType: 'api_key', entityId: key.id }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['api_key.create', 'api_key.revoke']);
    expect(audit[1].before).toEqual({ revokedAt: null });

    const missing = await fetch(`${server.url}/api/v1/api-keys/not-an-id`, { method: 'DELETE', headers: auth });
    expect(missing.status).toBe(404);
  });

  it('rejects an unknown scope', async () => {
    const res = await post('/api/v1/api-keys', { name: 'x', scope: 'superuser' });
    expect(res.status).toBe(400);
  });
});

describe('audit API', () => {
  it('lists recent changes newest first and validates its query', async () => {
    const c = await customerFactory({ actor: 'user:someone@example.test' });
    const res = await fetch(`${server.url}/api/v1/audit?entityType=customer&entityId=${c.id}`, { headers: auth });
    const { data } = await res.json();
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({ actor: 'user:someone@example.test', action: 'customer.create' });
    expect((await fetch(`${server.url}/api/v1/audit?limit=0`, { headers: auth })).status).toBe(400);
  });
});
