import { afterAll, beforeAll, expect, it, vi } from 'vitest';

// The environment is read once per process and never changes, so the settings under test are
// in place before anything reads it: this file runs in its own process (vitest's forks pool).
vi.hoisted(() => {
  process.env.NEXTAUTH_URL = 'https://billing.example.com';
  process.env.METERLINE_PUBLIC_METRICS = 'on';
});

const { randomKey, userFactory } = await import('@/lib/seed/factories');
const { sessionCookie, startRouteServer } = await import('./route-server');

let server: Awaited<ReturnType<typeof startRouteServer>>;
let adminCookie: string;
beforeAll(async () => {
  server = await startRouteServer();
  adminCookie = await sessionCookie((await userFactory({ role: 'admin' })).id);
});
afterAll(() => server.close());

it('accepts the origin NEXTAUTH_URL names, behind a proxy that rewrites the host', async () => {
  const body = { email: `${randomKey('csrf')}@example.test`, password: 'long-enough-password', role: 'admin' };
  const res = await fetch(`${server.url}/api/v1/users`, {
    method: 'POST',
    headers: { cookie: adminCookie, 'content-type': 'application/json', origin: 'https://billing.example.com' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(201);
});

it('serves /api/metrics to anyone with METERLINE_PUBLIC_METRICS=on', async () => {
  const res = await fetch(`${server.url}/api/metrics`);
  expect(res.status).toBe(200);
  expect(await res.text()).toMatch(/^meterline_consumer_lag_seconds /m);
});
