import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/prisma';
import { apiKeyFactory, customerFactory, planFactory, randomKey, userFactory } from '@/lib/seed/factories';
import { cloudEvent, postEvents } from './ingest-helpers';
import { sessionCookie, startRouteServer, type TestServer } from './route-server';

let server: TestServer;
let adminCookie: string;
beforeAll(async () => {
  server = await startRouteServer();
  adminCookie = await sessionCookie((await userFactory({ role: 'admin' })).id);
});
afterAll(() => server.close());

const EVIL = 'https://evil.example';

function send(path: string, init: { method?: string; headers: Record<string, string>; body?: string }) {
  return fetch(server.url + path, { method: init.method ?? 'POST', headers: init.headers, body: init.body });
}

async function errorCode(res: Response): Promise<string> {
  return ((await res.json()) as { error: { code: string } }).error.code;
}

describe('cross-site request forgery', () => {
  // What an HTML form on another site can send with the victim's cookie: a simple content type.
  const newAdmin = () => ({ email: `${randomKey('csrf')}@example.test`, password: 'long-enough-password', role: 'admin' });
  const userExists = async (email: string) => (await db().user.count({ where: { email } })) > 0;

  it.each([
    ['text/plain from another origin', { 'content-type': 'text/plain', origin: EVIL }, 403, 'forbidden'],
    ['a form post from another origin', { 'content-type': 'application/x-www-form-urlencoded', origin: EVIL }, 403, 'forbidden'],
    ['JSON from another origin', { 'content-type': 'application/json', origin: EVIL }, 403, 'forbidden'],
    ['JSON marked cross-site by the browser', { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site', origin: EVIL }, 403, 'forbidden'],
    ['JSON from a sibling site', { 'content-type': 'application/json', 'sec-fetch-site': 'same-site', origin: 'https://other.meterline.example' }, 403, 'forbidden'],
    ['JSON with an opaque origin (sandboxed frame)', { 'content-type': 'application/json', origin: 'null' }, 403, 'forbidden'],
    ['JSON naming no origin at all', { 'content-type': 'application/json' }, 403, 'forbidden'],
    ['text/plain from the same origin', { 'content-type': 'text/plain', origin: 'SELF' }, 415, 'unsupported_media_type'],
    ['a same-origin form post', { 'content-type': 'multipart/form-data; boundary=x', 'sec-fetch-site': 'same-origin' }, 415, 'unsupported_media_type'],
    ['no content type from the same origin', { origin: 'SELF' }, 415, 'unsupported_media_type'],
  ])('refuses a cookie-signed user creation sent as %s', async (_name, headers, status, code) => {
    const body = newAdmin();
    const resolved = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v === 'SELF' ? server.url : v]));
    const res = await send('/api/v1/users', { headers: { cookie: adminCookie, ...resolved }, body: JSON.stringify(body) });
    expect(res.status).toBe(status);
    expect(await errorCode(res)).toBe(code);
    expect(await userExists(body.email)).toBe(false);
  });

  it('names the rule in its message', async () => {
    const res = await send('/api/v1/users', { headers: { cookie: adminCookie, 'content-type': 'text/plain', origin: EVIL }, body: JSON.stringify(newAdmin()) });
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/same origin/);
  });

  it.each([
    ['an Origin equal to the Host', (url: string) => ({ origin: url })],
    ['Sec-Fetch-Site: same-origin', () => ({ 'sec-fetch-site': 'same-origin' })],
    ['Sec-Fetch-Site: none (typed by the user)', () => ({ 'sec-fetch-site': 'none' })],
    ['an Origin equal to the proxy’s X-Forwarded-Host', () => ({ origin: 'https://meter.example.org', 'x-forwarded-host': 'meter.example.org' })],
  ])('accepts a same-origin JSON user creation with %s', async (_name, origin) => {
    const body = newAdmin();
    const res = await send('/api/v1/users', { headers: { cookie: adminCookie, 'content-type': 'application/json; charset=utf-8', ...origin(server.url) }, body: JSON.stringify(body) });
    expect(res.status).toBe(201);
    expect(await userExists(body.email)).toBe(true);
  });

  it('accepts a same-origin CloudEvents batch (a +json type) from a signed-in admin', async () => {
    const res = await send('/api/v1/events', {
      headers: { cookie: adminCookie, origin: server.url, 'content-type': 'application/cloudevents-batch+json' },
      body: JSON.stringify([cloudEvent(randomKey('s'))]),
    });
    expect(res.status).toBe(200);
  });

  it.each([
    ['api-keys', '/api/v1/api-keys', () => ({ name: randomKey('csrf-key'), scope: 'admin' }), async (b: { name: string }) => db().apiKey.count({ where: { name: b.name } })],
    ['customers', '/api/v1/customers', () => ({ name: randomKey('csrf-customer'), subjects: [randomKey('s')] }), async (b: { name: string }) => db().customer.count({ where: { name: b.name } })],
    ['meters', '/api/v1/meters', () => ({ slug: randomKey('csrf_meter').replace(/-/g, '_'), name: 'x', eventType: randomKey('t'), aggregation: 'COUNT' }), async (b: { slug: string }) => db().meter.count({ where: { slug: b.slug } })],
  ] as const)('creates no %s for a forged text/plain request, and does for a same-origin JSON one', async (_name, path, make, count) => {
    const forged = make();
    const res = await send(path, { headers: { cookie: adminCookie, 'content-type': 'text/plain', origin: EVIL }, body: JSON.stringify(forged) });
    expect(res.status).toBe(403);
    expect(await count(forged as never)).toBe(0);

    const genuine = make();
    const ok = await send(path, { headers: { cookie: adminCookie, 'content-type': 'application/json', origin: server.url }, body: JSON.stringify(genuine) });
    expect(ok.status).toBe(201);
    expect(await count(genuine as never)).toBe(1);
  });

  it('refuses a forged revocation and accepts a same-origin one without a body', async () => {
    const key = await apiKeyFactory('read');
    const forged = await send(`/api/v1/api-keys/${key.id}`, { method: 'DELETE', headers: { cookie: adminCookie, origin: EVIL } });
    expect(forged.status).toBe(403);
    expect((await db().apiKey.findUniqueOrThrow({ where: { id: key.id } })).revokedAt).toBeNull();

    const own = await send(`/api/v1/api-keys/${key.id}`, { method: 'DELETE', headers: { cookie: adminCookie, origin: server.url } });
    expect(own.status).toBe(200);
    expect((await db().apiKey.findUniqueOrThrow({ where: { id: key.id } })).revokedAt).toBeInstanceOf(Date);
  });

  it('takes a same-origin POST without a body (a new plan draft), and refuses a form-typed empty one', async () => {
    const plan = await planFactory({ currency: 'USD' });
    const formTyped = await send(`/api/v1/plans/${plan.key}/versions`, { headers: { cookie: adminCookie, origin: server.url, 'content-type': 'text/plain' } });
    expect(formTyped.status).toBe(415);
    const own = await send(`/api/v1/plans/${plan.key}/versions`, { headers: { cookie: adminCookie, origin: server.url } });
    expect(own.status).toBe(201);
  });

  it('leaves API-key requests alone: no Origin rule, any content type', async () => {
    const key = await apiKeyFactory('admin');
    const name = randomKey('key-customer');
    const res = await send('/api/v1/customers', {
      headers: { authorization: `Bearer ${key.key}`, 'content-type': 'text/plain', origin: EVIL },
      body: JSON.stringify({ name, subjects: [randomKey('s')] }),
    });
    expect(res.status).toBe(201);
    expect(await db().customer.count({ where: { name } })).toBe(1);
  });

  it('lets a cookie read from anywhere: a browser hides cross-origin answers', async () => {
    const res = await send('/api/v1/me', { method: 'GET', headers: { cookie: adminCookie, origin: EVIL } });
    expect(res.status).toBe(200);
  });
});

describe('security headers on API answers', () => {
  it.each([
    ['an authentication error', '/api/v1/me', {}, 401],
    ['a public route', '/api/health', {}, 200],
    ['a signed-in read', '/api/v1/me', { cookie: 'SESSION' }, 200],
    ['a not-found error', '/api/v1/customers/00000000-0000-0000-0000-000000000000', { cookie: 'SESSION' }, 404],
  ])('sets them on %s', async (_name, path, headers, status) => {
    const resolved = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v === 'SESSION' ? adminCookie : v]));
    const res = await fetch(server.url + path, { headers: resolved });
    expect(res.status).toBe(status);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it('sets them on event ingest, the production server’s fast path', async () => {
    const key = await apiKeyFactory('ingest');
    for (const body of [[cloudEvent(randomKey('s'))], '[{"id":']) {
      const res = await postEvents(server.url, key.key, body);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
  });
});

describe('metrics access', () => {
  const scrape = (headers: Record<string, string> = {}) => fetch(`${server.url}/api/metrics`, { headers });

  it.each([
    ['nobody', 401, async () => ({})],
    ['an ingest key', 403, async () => ({ authorization: `Bearer ${(await apiKeyFactory('ingest')).key}` })],
    ['a read key', 200, async () => ({ authorization: `Bearer ${(await apiKeyFactory('read')).key}` })],
    ['an admin key', 200, async () => ({ authorization: `Bearer ${(await apiKeyFactory('admin')).key}` })],
    ['a member', 403, async () => ({ cookie: await sessionCookie((await userFactory({ role: 'member', customerId: (await customerFactory()).id })).id) })],
    ['a signed-in admin', 200, async () => ({ cookie: adminCookie })],
  ] as const)('answers %s with %i', async (_name, status, headers) => {
    const res = await scrape(await headers());
    expect(res.status).toBe(status);
    const text = await res.text();
    if (status === 200) expect(text).toMatch(/^meterline_consumer_pending_events \d+$/m);
    else expect(text).not.toContain('meterline_');
  });
});
