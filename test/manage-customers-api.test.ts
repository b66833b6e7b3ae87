import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pool } from '@/lib/db/pool';
import { db } from '@/lib/db/prisma';
import { apiKeyFactory, customerFactory, randomKey, userFactory } from '@/lib/seed/factories';
import { cloudEvent, postEvents } from './ingest-helpers';
import { callServer, errorOf, sessionCookie, startRouteServer, type TestServer } from './route-server';

let server: TestServer;
let auth: Record<string, string>;
let ingestKey: string;
beforeAll(async () => {
  server = await startRouteServer();
  auth = { authorization: `Bearer ${(await apiKeyFactory('admin')).key}` };
  ingestKey = (await apiKeyFactory('ingest')).key;
});
afterAll(() => server.close());

const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = auth) => callServer(server, method, path, body, headers);

function lastAudit(customerId: string) {
  return db().auditLog.findFirstOrThrow({ where: { entityType: 'customer', entityId: customerId }, orderBy: { id: 'desc' } });
}

async function eventsOf(subject: string) {
  const { rows } = await pool().query<{ customer_id: string; event_id: string }>('SELECT customer_id, event_id FROM events WHERE subject = $1 ORDER BY event_id', [subject]);
  return rows;
}

async function unattributedOf(subject: string) {
  const { rows } = await pool().query<{ event_id: string }>('SELECT event_id FROM unattributed_events WHERE subject = $1 ORDER BY event_id', [subject]);
  return rows.map((r) => r.event_id);
}

const MISSING = '00000000-0000-0000-0000-000000000000';

describe('PATCH /api/v1/customers/{id}', () => {
  it('changes name, currency and time zone, and audits before and after', async () => {
    const c = await customerFactory({ name: 'Before Ltd', currency: 'USD', timeZone: 'UTC' });
    const res = await call('PATCH', `/api/v1/customers/${c.id}`, { name: ' After GmbH ', currency: 'eur', timeZone: 'Asia/Kathmandu' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: c.id, name: 'After GmbH', currency: 'EUR', timeZone: 'Asia/Kathmandu', subjects: [{ key: c.subjects[0].key }] });
    const audit = await lastAudit(c.id);
    expect(audit.action).toBe('customer.update');
    expect(audit.actor).toMatch(/^api-key:/);
    expect(audit.before).toEqual({ name: 'Before Ltd', currency: 'USD', timeZone: 'UTC', invoiceGraceMinutes: null });
    expect(audit.after).toEqual({ name: 'After GmbH', currency: 'EUR', timeZone: 'Asia/Kathmandu', invoiceGraceMinutes: null });
  });

  it('sets a customer’s own invoice grace period, GET shows it, null returns to the default; each change audited', async () => {
    const c = await customerFactory();
    expect(await (await call('GET', `/api/v1/customers/${c.id}`)).json()).toMatchObject({ invoiceGraceMinutes: null });

    const set = await call('PATCH', `/api/v1/customers/${c.id}`, { invoiceGraceMinutes: 120 });
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({ id: c.id, invoiceGraceMinutes: 120, name: c.name });
    expect(await (await call('GET', `/api/v1/customers/${c.id}`)).json()).toMatchObject({ invoiceGraceMinutes: 120 });
    let audit = await lastAudit(c.id);
    expect([audit.action, audit.before, audit.after]).toEqual([
      'customer.update',
      { name: c.name, currency: 'USD', timeZone: 'UTC', invoiceGraceMinutes: null },
      { name: c.name, currency: 'USD', timeZone: 'UTC', invoiceGraceMinutes: 120 },
    ]);

    // Zero is a real value (finalize at the period's end), not "unset".
    expect(await (await call('PATCH', `/api/v1/customers/${c.id}`, { invoiceGraceMinutes: 0 })).json()).toMatchObject({ invoiceGraceMinutes: 0 });
    // The longest month, 31 days, is the most it may wait.
    expect(await (await call('PATCH', `/api/v1/customers/${c.id}`, { invoiceGraceMinutes: 44_640 })).json()).toMatchObject({ invoiceGraceMinutes: 44_640 });

    const cleared = await call('PATCH', `/api/v1/customers/${c.id}`, { invoiceGraceMinutes: null });
    expect(cleared.status).toBe(200);
    expect(await (await call('GET', `/api/v1/customers/${c.id}`)).json()).toMatchObject({ invoiceGraceMinutes: null });
    audit = await lastAudit(c.id);
    expect([audit.before, audit.after]).toEqual([
      { name: c.name, currency: 'USD', timeZone: 'UTC', invoiceGraceMinutes: 44_640 },
      { name: c.name, currency: 'USD', timeZone: 'UTC', invoiceGraceMinutes: null },
    ]);
  });

  it('leaves the grace period alone when a change does not name it', async () => {
    const c = await customerFactory();
    await call('PATCH', `/api/v1/customers/${c.id}`, { invoiceGraceMinutes: 30 });
    expect(await (await call('PATCH', `/api/v1/customers/${c.id}`, { name: 'Renamed' })).json()).toMatchObject({ name: 'Renamed', invoiceGraceMinutes: 30 });
  });

  it.each([
    ['a negative grace period', -1, 'must be 0 or more minutes'],
    ['a grace period past 31 days', 44_641, 'must be at most 44640 minutes (31 days)'],
    ['a fractional grace period', 1.5, 'must be whole minutes'],
    ['a grace period as a string', '60', ''],
  ])('rejects %s with 400 naming invoiceGraceMinutes, and keeps the old value', async (_name, value, message) => {
    const c = await customerFactory();
    await call('PATCH', `/api/v1/customers/${c.id}`, { invoiceGraceMinutes: 90 });
    const res = await call('PATCH', `/api/v1/customers/${c.id}`, { invoiceGraceMinutes: value });
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('validation_failed');
    const detail = error.details!.find((d) => d.path === 'invoiceGraceMinutes');
    expect(detail?.message).toContain(message);
    expect((await db().customer.findUniqueOrThrow({ where: { id: c.id } })).invoiceGraceMinutes).toBe(90);
  });

  it('changes one field and leaves the others', async () => {
    const c = await customerFactory({ currency: 'JPY', timeZone: 'Asia/Tokyo' });
    const res = await call('PATCH', `/api/v1/customers/${c.id}`, { timeZone: 'Europe/Berlin' });
    expect(await res.json()).toMatchObject({ name: c.name, currency: 'JPY', timeZone: 'Europe/Berlin' });
  });

  it.each([
    ['an empty body', {}, ''],
    ['an unknown currency', { currency: 'XYZ1' }, 'currency'],
    ['a raw offset as time zone', { timeZone: '+05:30' }, 'timeZone'],
    ['an empty name', { name: '  ' }, 'name'],
    ['subjects, which have their own endpoints', { subjects: ['x'] }, ''],
    ['a number as name', { name: 42 }, 'name'],
  ])('rejects %s with 400 and changes nothing', async (_name, body, path) => {
    const c = await customerFactory();
    const res = await call('PATCH', `/api/v1/customers/${c.id}`, body);
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('validation_failed');
    expect(error.details!.map((d) => d.path)).toContain(path);
    expect(await db().customer.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ name: c.name, currency: 'USD', timeZone: 'UTC' });
  });

  it('rejects malformed JSON with 400 malformed_json', async () => {
    const c = await customerFactory();
    const res = await call('PATCH', `/api/v1/customers/${c.id}`, '{"name"');
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('malformed_json');
  });

  it.each([MISSING, 'not-an-id'])('answers 404 for an unknown customer %s', async (id) => {
    const res = await call('PATCH', `/api/v1/customers/${id}`, { name: 'x' });
    expect(res.status).toBe(404);
    expect(await errorOf(res)).toMatchObject({ code: 'not_found', message: 'No such customer.' });
  });

  it('needs the admin scope: a read key and the customer’s own member get 403', async () => {
    const c = await customerFactory();
    const member = await userFactory({ customerId: c.id });
    expect((await call('PATCH', `/api/v1/customers/${c.id}`, { name: 'x' }, { authorization: `Bearer ${(await apiKeyFactory('read')).key}` })).status).toBe(403);
    expect((await call('PATCH', `/api/v1/customers/${c.id}`, { name: 'x' }, { cookie: await sessionCookie(member.id), origin: server.url })).status).toBe(403);
    expect((await db().customer.findUniqueOrThrow({ where: { id: c.id } })).name).toBe(c.name);
  });
});

describe('DELETE /api/v1/customers/{id}/subjects/{key}', () => {
  it('keeps counted events with the customer and holds later ones as unattributed', async () => {
    const [kept, removed] = [randomKey('kept'), randomKey('removed')];
    const c = await customerFactory({ subjects: [kept, removed] });
    const before = cloudEvent(removed);
    expect((await (await postEvents(server.url, ingestKey, before)).json()).totals).toMatchObject({ accepted: 1, unattributed: 0 });

    const res = await call('DELETE', `/api/v1/customers/${c.id}/subjects/${removed}`);
    expect(res.status).toBe(204);
    expect((await db().subjectKey.findMany({ where: { customerId: c.id } })).map((s) => s.key)).toEqual([kept]);
    const audit = await lastAudit(c.id);
    expect(audit.action).toBe('customer.remove_subject');
    expect(audit.before).toEqual({ subjects: [kept, removed].sort() });
    expect(audit.after).toEqual({ subjects: [kept] });

    const after = cloudEvent(removed);
    expect((await (await postEvents(server.url, ingestKey, after)).json()).totals).toMatchObject({ accepted: 1, unattributed: 1 });
    expect(await eventsOf(removed)).toEqual([{ customer_id: c.id, event_id: before.id }]);
    expect(await unattributedOf(removed)).toEqual([after.id]);

    // Given to another customer, the key brings only the later events along.
    const other = await customerFactory();
    expect((await call('POST', `/api/v1/customers/${other.id}/subjects`, { subject: removed })).status).toBe(201);
    expect(await eventsOf(removed)).toEqual(
      [
        { customer_id: c.id, event_id: before.id },
        { customer_id: other.id, event_id: after.id },
      ].sort((a, b) => a.event_id.localeCompare(b.event_id)),
    );
  });

  it('refuses to remove a customer’s only key with 409', async () => {
    const c = await customerFactory();
    const key = c.subjects[0].key;
    const res = await call('DELETE', `/api/v1/customers/${c.id}/subjects/${key}`);
    expect(res.status).toBe(409);
    expect(await errorOf(res)).toMatchObject({ code: 'conflict', message: `"${key}" is the customer's only subject key; add another one first.` });
    expect(await db().subjectKey.count({ where: { key } })).toBe(1);
  });

  it('answers 404 for a key of another customer, an unknown key and an unknown customer', async () => {
    const mine = await customerFactory({ subjects: [randomKey('a'), randomKey('b')] });
    const theirs = await customerFactory();
    const theirKey = theirs.subjects[0].key;
    for (const path of [`${mine.id}/subjects/${theirKey}`, `${mine.id}/subjects/no-such-key`, `${MISSING}/subjects/${mine.subjects[0].key}`, `not-an-id/subjects/x`]) {
      const res = await call('DELETE', `/api/v1/customers/${path}`);
      expect(res.status, path).toBe(404);
      expect((await errorOf(res)).code).toBe('not_found');
    }
    expect(await db().subjectKey.findUniqueOrThrow({ where: { key: theirKey } })).toMatchObject({ customerId: theirs.id });
  });

  it('needs the admin scope', async () => {
    const c = await customerFactory({ subjects: [randomKey('a'), randomKey('b')] });
    const res = await call('DELETE', `/api/v1/customers/${c.id}/subjects/${c.subjects[0].key}`, undefined, { authorization: `Bearer ${(await apiKeyFactory('read')).key}` });
    expect(res.status).toBe(403);
    expect(await db().subjectKey.count({ where: { customerId: c.id } })).toBe(2);
  });
});
