import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/prisma';
import { apiKeyFactory, customerFactory, randomKey, userFactory } from '@/lib/seed/factories';
import { verifyCredentials } from '@/lib/users/verify-credentials';
import { callServer, errorOf, sessionCookie, startRouteServer, type TestServer } from './route-server';

let server: TestServer;
let auth: Record<string, string>;
beforeAll(async () => {
  server = await startRouteServer();
  auth = { authorization: `Bearer ${(await apiKeyFactory('admin')).key}` };
  // Files share one database: an active admin of our own keeps the last-admin guard out of these tests.
  await userFactory({ role: 'admin' });
});
afterAll(() => server.close());

const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = auth) => callServer(server, method, path, body, headers);

function auditOf(userId: string) {
  return db().auditLog.findMany({ where: { entityType: 'user', entityId: userId }, orderBy: { id: 'asc' } });
}

const MISSING = '00000000-0000-0000-0000-000000000000';

describe('PATCH /api/v1/users/{id}', () => {
  it('moves a member to another customer, renames it, and audits before and after', async () => {
    const [a, b] = [await customerFactory(), await customerFactory()];
    const member = await userFactory({ customerId: a.id, name: 'Old Name' });
    const res = await call('PATCH', `/api/v1/users/${member.id}`, { customer: b.subjects[0].key, name: '  New Name ' });
    expect(res.status).toBe(200);
    const row = await res.json();
    expect(row).toMatchObject({ id: member.id, email: member.email, name: 'New Name', role: 'member', active: true, customer: { id: b.id, name: b.name } });
    expect(row.passwordHash).toBeUndefined();
    expect(row.sessionVersion).toBeUndefined();
    const audit = (await auditOf(member.id)).at(-1)!;
    expect(audit.action).toBe('user.update');
    expect(audit.actor).toMatch(/^api-key:/);
    expect(audit.before).toEqual({ name: 'Old Name', role: 'member', customerId: a.id, active: true });
    expect(audit.after).toEqual({ name: 'New Name', role: 'member', customerId: b.id, active: true, sessionsRevoked: true });
  });

  it('makes a member an admin (dropping its customer) and back, and clears a name with null', async () => {
    const c = await customerFactory();
    const member = await userFactory({ customerId: c.id, name: 'Pat' });
    const promoted = await call('PATCH', `/api/v1/users/${member.id}`, { role: 'admin', name: null });
    expect(promoted.status).toBe(200);
    expect(await promoted.json()).toMatchObject({ role: 'admin', customer: null, name: null });
    const demoted = await call('PATCH', `/api/v1/users/${member.id}`, { role: 'member', customer: c.id });
    expect(demoted.status).toBe(200);
    expect(await demoted.json()).toMatchObject({ role: 'member', customer: { id: c.id } });
    expect((await db().user.findUniqueOrThrow({ where: { id: member.id } })).sessionVersion).toBe(2);
  });

  it('deactivates and reactivates; a deactivated user cannot sign in', async () => {
    const c = await customerFactory();
    const member = await userFactory({ customerId: c.id });
    expect(await verifyCredentials({ email: member.email, password: member.password })).not.toBeNull();
    const off = await call('PATCH', `/api/v1/users/${member.id}`, { active: false });
    expect(off.status).toBe(200);
    expect((await off.json()).active).toBe(false);
    expect(await verifyCredentials({ email: member.email, password: member.password })).toBeNull();
    const on = await call('PATCH', `/api/v1/users/${member.id}`, { active: true });
    expect((await on.json()).active).toBe(true);
    expect(await verifyCredentials({ email: member.email, password: member.password })).toMatchObject({ userId: member.id, sessionVersion: 1 });
    expect((await auditOf(member.id)).map((a) => a.action)).toEqual(['user.create', 'user.update', 'user.update']);
  });

  it('records nothing when nothing changes', async () => {
    const member = await userFactory({ customerId: (await customerFactory()).id, name: 'Same' });
    const res = await call('PATCH', `/api/v1/users/${member.id}`, { name: 'Same', active: true });
    expect(res.status).toBe(200);
    expect((await auditOf(member.id)).map((a) => a.action)).toEqual(['user.create']);
  });

  it('finds a user by email as well as by id', async () => {
    const member = await userFactory({ customerId: (await customerFactory()).id });
    const res = await call('PATCH', `/api/v1/users/${encodeURIComponent(member.email.toUpperCase())}`, { name: 'By Mail' });
    expect(res.status).toBe(200);
    expect((await res.json()).id).toBe(member.id);
  });

  it.each([
    ['an empty body', {}, ''],
    ['an unknown field', { password: 'long-enough' }, ''],
    ['an unknown role', { role: 'owner' }, 'role'],
    ['a non-boolean active', { active: 'no' }, 'active'],
    ['an empty customer', { customer: '' }, 'customer'],
  ])('rejects %s with 400', async (_name, body, path) => {
    const member = await userFactory({ customerId: (await customerFactory()).id });
    const res = await call('PATCH', `/api/v1/users/${member.id}`, body);
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('validation_failed');
    expect(error.details!.map((d) => d.path)).toContain(path);
  });

  it('rejects malformed JSON with 400 malformed_json', async () => {
    const member = await userFactory({ customerId: (await customerFactory()).id });
    const res = await call('PATCH', `/api/v1/users/${member.id}`, '{"name":');
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('malformed_json');
  });

  it.each([
    ['an admin with a customer', 'admin', { customer: 'x' }, 'An admin has no customer.'],
    ['a member made of an admin without a customer', 'admin', { role: 'member' }, 'A member needs a customer.'],
    ['a member moved to an unknown customer', 'member', { customer: 'no-such-subject' }, 'No customer with id or subject key "no-such-subject".'],
  ] as const)('refuses %s with 400 on the customer field and changes nothing', async (_name, role, body, message) => {
    const c = await customerFactory();
    const user = await userFactory(role === 'member' ? { customerId: c.id } : { role: 'admin' });
    const res = await call('PATCH', `/api/v1/users/${user.id}`, body);
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error).toMatchObject({ code: 'validation_failed', message });
    expect(error.details!.map((d) => d.path)).toEqual(['customer']);
    expect(await db().user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ role, customerId: role === 'member' ? c.id : null, sessionVersion: 0 });
  });

  it.each([MISSING, 'not-an-id', 'nobody@example.test'])('answers 404 for an unknown user %s', async (id) => {
    const res = await call('PATCH', `/api/v1/users/${id}`, { name: 'x' });
    expect(res.status).toBe(404);
    expect(await errorOf(res)).toMatchObject({ code: 'not_found', message: 'No such user.' });
  });
});

describe('an admin cannot lock themselves out', () => {
  it.each([
    ['demote', 'PATCH', '', { role: 'member', customer: 'x' }],
    ['deactivate', 'PATCH', '', { active: false }],
    ['delete', 'DELETE', '', undefined],
  ] as const)('refuses to %s the signed-in admin with 409', async (verb, method, suffix, body) => {
    const admin = await userFactory({ role: 'admin' });
    const cookie = await sessionCookie(admin.id);
    const b = verb === 'demote' ? { ...body, customer: (await customerFactory()).subjects[0].key } : body;
    const res = await call(method, `/api/v1/users/${admin.id}${suffix}`, b, { cookie, origin: server.url });
    expect(res.status).toBe(409);
    expect(await errorOf(res)).toMatchObject({ code: 'conflict', message: `You cannot ${verb} your own account; ask another admin to do it.` });
    expect(await db().user.findUniqueOrThrow({ where: { id: admin.id } })).toMatchObject({ role: 'admin', active: true, sessionVersion: 0 });
    // The session still works: nothing happened.
    expect((await call('GET', '/api/v1/me', undefined, { cookie })).status).toBe(200);
  });

  it('lets an admin rename themselves, and another admin demote them', async () => {
    const [me, other] = [await userFactory({ role: 'admin' }), await userFactory({ role: 'admin' })];
    const cookie = await sessionCookie(me.id);
    expect((await call('PATCH', `/api/v1/users/${me.id}`, { name: 'Me' }, { cookie, origin: server.url })).status).toBe(200);
    const res = await call('PATCH', `/api/v1/users/${me.id}`, { active: false }, { cookie: await sessionCookie(other.id), origin: server.url });
    expect(res.status).toBe(200);
    const audit = (await auditOf(me.id)).at(-1)!;
    expect(audit.actor).toBe(`user:${other.email}`);
  });
});

describe('POST /api/v1/users/{id}/password', () => {
  it('sets a new password the user signs in with, and audits no secret', async () => {
    const member = await userFactory({ customerId: (await customerFactory()).id });
    const res = await call('POST', `/api/v1/users/${member.id}/password`, { password: 'brand-new-password' });
    expect(res.status).toBe(204);
    expect(await verifyCredentials({ email: member.email, password: member.password })).toBeNull();
    expect(await verifyCredentials({ email: member.email, password: 'brand-new-password' })).toMatchObject({ userId: member.id, sessionVersion: 1 });
    const audit = (await auditOf(member.id)).at(-1)!;
    expect(audit).toMatchObject({ action: 'user.reset_password', before: { sessionVersion: 0 }, after: { sessionVersion: 1 } });
    expect(JSON.stringify([audit.before, audit.after])).not.toContain('brand-new-password');
  });

  it.each([
    ['a short password', { password: 'short' }, 'password'],
    ['no password', {}, 'password'],
    ['a number', { password: 12345678 }, 'password'],
    ['an extra field', { password: 'long-enough', role: 'admin' }, ''],
  ])('rejects %s with 400, leaving the old password', async (_name, body, path) => {
    const member = await userFactory({ customerId: (await customerFactory()).id });
    const res = await call('POST', `/api/v1/users/${member.id}/password`, body);
    expect(res.status).toBe(400);
    expect((await errorOf(res)).details!.map((d) => d.path)).toContain(path);
    expect(await verifyCredentials({ email: member.email, password: member.password })).not.toBeNull();
  });

  it('answers 404 for an unknown user', async () => {
    const res = await call('POST', `/api/v1/users/${MISSING}/password`, { password: 'long-enough' });
    expect(res.status).toBe(404);
  });
});

describe('DELETE /api/v1/users/{id}', () => {
  it('deletes a user, audits what it was, and answers 404 the second time', async () => {
    const c = await customerFactory();
    const member = await userFactory({ customerId: c.id, name: 'Gone Soon' });
    const res = await call('DELETE', `/api/v1/users/${member.id}`);
    expect(res.status).toBe(204);
    expect(await db().user.findUnique({ where: { id: member.id } })).toBeNull();
    const audit = (await auditOf(member.id)).at(-1)!;
    expect(audit).toMatchObject({ action: 'user.delete', after: null });
    expect(audit.before).toEqual({ email: member.email, name: 'Gone Soon', role: 'member', customerId: c.id, active: true });
    expect((await call('DELETE', `/api/v1/users/${member.id}`)).status).toBe(404);
  });

  it('needs the admin scope', async () => {
    const member = await userFactory({ customerId: (await customerFactory()).id });
    const read = { authorization: `Bearer ${(await apiKeyFactory('read')).key}` };
    expect((await call('DELETE', `/api/v1/users/${member.id}`, undefined, read)).status).toBe(403);
    expect((await call('PATCH', `/api/v1/users/${member.id}`, { name: 'x' }, read)).status).toBe(403);
    expect((await call('POST', `/api/v1/users/${member.id}/password`, { password: 'long-enough' }, read)).status).toBe(403);
    const memberCookie = { cookie: await sessionCookie(member.id), origin: server.url };
    expect((await call('DELETE', `/api/v1/users/${member.id}`, undefined, memberCookie)).status).toBe(403);
    expect(await db().user.findUnique({ where: { id: member.id } })).not.toBeNull();
  });
});

describe('GET /api/v1/users', () => {
  it('lists whether each user is active', async () => {
    const member = await userFactory({ customerId: (await customerFactory()).id, email: `${randomKey('list')}@example.test` });
    await call('PATCH', `/api/v1/users/${member.id}`, { active: false });
    const { data } = await (await call('GET', '/api/v1/users')).json();
    expect(data.find((u: { id: string }) => u.id === member.id)).toMatchObject({ email: member.email, active: false });
  });
});
