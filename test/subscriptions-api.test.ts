import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/prisma';
import { publishPlanVersion } from '@/lib/plans/publish-plan-version';
import { apiKeyFactory, customerFactory, planFactory, subscriptionFactory, userFactory } from '@/lib/seed/factories';
import { cancelSubscription } from '@/lib/subscriptions/cancel-subscription';
import { getSubscription } from '@/lib/subscriptions/get-subscription';
import { setSubscription } from '@/lib/subscriptions/set-subscription';
import { sessionCookie, startRouteServer, type TestServer } from './route-server';

let server: TestServer;
let admin: Record<string, string>;

beforeAll(async () => {
  server = await startRouteServer();
  admin = { authorization: `Bearer ${(await apiKeyFactory('admin')).key}`, 'content-type': 'application/json' };
});
afterAll(() => server.close());

const call = (path: string, init: RequestInit & { as?: Record<string, string> } = {}) => fetch(server.url + path, { ...init, headers: init.as ?? admin });
const put = (customerId: string, body: object) => call(`/api/v1/customers/${customerId}/subscription`, { method: 'PUT', body: JSON.stringify(body) });
const adminView = { kind: 'api-key', keyId: 'test', scope: 'admin' } as const;
const flat = (amount: string) => ({ charges: [{ type: 'flat', key: 'base', name: 'Base', amount }] });

/** A plan with published versions 1..n (each a new draft, then published without moving anyone). */
async function planWithVersions(n: number, currency = 'USD') {
  const plan = await planFactory({ currency, content: flat('10.00') });
  for (let v = 2; v <= n; v++) {
    expect((await call(`/api/v1/plans/${plan.key}/versions`, { method: 'POST' })).status).toBe(201);
    expect((await call(`/api/v1/plans/${plan.key}/versions/${v}`, { method: 'PUT', body: JSON.stringify(flat(`${v}0.00`)) })).status).toBe(200);
    await publishPlanVersion({ plan: plan.key, number: v, migrate: 'none', actor: 'test' });
  }
  return plan;
}

describe('subscriptions API', () => {
  it('subscribes from a past date with the local day as anchor, answers the current period, moves and cancels, all audited', async () => {
    const customer = await customerFactory({ timeZone: 'America/New_York' });
    const plan = await planWithVersions(2);
    // 2026-01-15 00:00 in New York (EST, UTC-5).
    const created = await put(customer.id, { plan: plan.key, version: 1, startsAt: '2026-01-15T05:00:00Z' });
    expect(created.status).toBe(201);
    const sub = await created.json();
    expect(sub).toMatchObject({ customerId: customer.id, status: 'active', plan: { key: plan.key, currency: 'USD' }, version: 1, anchorDay: 15, startsAt: '2026-01-15T05:00:00.000Z', cancelAt: null, scheduledChanges: [] });
    const { start, end } = sub.currentPeriod;
    // Whatever today is: a period [the 15th, the next 15th) at local midnight, holding now.
    const localDay = (iso: string) => new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', day: 'numeric', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' }).format(new Date(iso));
    expect([localDay(start), localDay(end)]).toEqual(['15, 00:00', '15, 00:00']);
    expect(new Date(start).getTime()).toBeLessThanOrEqual(Date.now());
    expect(new Date(end).getTime()).toBeGreaterThan(Date.now());

    // The exact period for a known "now", computed by hand: March 20 is in [Mar 15 00:00 EDT, Apr 15 00:00 EDT).
    const inMarch = await getSubscription({ customerId: customer.id, principal: adminView, now: new Date('2026-03-20T12:00:00Z') });
    expect(inMarch.currentPeriod).toEqual({ start: new Date('2026-03-15T04:00:00Z'), end: new Date('2026-04-15T04:00:00Z') });

    const again = await put(customer.id, { plan: plan.key, startsAt: '2026-02-01T00:00:00Z' });
    expect(again.status).toBe(409);
    expect((await again.json()).error.details[0].path).toBe('startsAt');

    // Moves and cancellation at a known "now", March 20, so every instant is written by hand:
    // that period is [Mar 15 00:00 EDT, Apr 15 00:00 EDT) = [2026-03-15T04:00Z, 2026-04-15T04:00Z).
    const march20 = new Date('2026-03-20T12:00:00Z');
    const next = await setSubscription({ customerId: customer.id, plan: plan.key, version: 2, actor: 'test', now: march20 });
    expect(next).toMatchObject({ created: false, subscription: { version: 1, scheduledChanges: [{ plan: plan.key, version: 2, effectiveAt: new Date('2026-04-15T04:00:00Z'), reason: 'change' }] } });

    // From the open period: the new version rules the whole period, and the pending move is superseded.
    const now = await setSubscription({ customerId: customer.id, plan: plan.key, version: 2, effective: 'current_period', actor: 'test', now: march20 });
    expect(now.subscription).toMatchObject({ version: 2, scheduledChanges: [] });
    const changes = await db().subscriptionChange.findMany({ where: { customerId: customer.id }, orderBy: { createdAt: 'asc' } });
    expect(changes.map((c) => [c.effectiveAt.toISOString(), c.canceledAt !== null])).toEqual([
      ['2026-04-15T04:00:00.000Z', true],
      ['2026-03-15T04:00:00.000Z', false],
    ]);

    const badAt = await call(`/api/v1/customers/${customer.id}/subscription`, { method: 'DELETE', body: JSON.stringify({ at: '2026-01-01T00:00:00Z' }) });
    expect(badAt.status).toBe(400);
    expect((await badAt.json()).error.details[0].path).toBe('at');
    const cancel = await cancelSubscription({ customerId: customer.id, actor: 'test', now: march20 });
    expect(cancel).toMatchObject({ status: 'active', cancelAt: new Date('2026-04-15T04:00:00Z') });
    const ended = await cancelSubscription({ customerId: customer.id, at: '2026-02-01T05:00:00Z', actor: 'test', now: march20 });
    expect(ended).toMatchObject({ status: 'ended', cancelAt: new Date('2026-02-01T05:00:00Z') });
    expect((await call(`/api/v1/customers/${customer.id}/subscription`)).status).toBe(404);

    // An ended subscription leaves room for a new one.
    expect((await put(customer.id, { plan: plan.key, anchorDay: 1 })).status).toBe(201);
    const audit = await db().auditLog.findMany({ where: { entityType: 'subscription', action: { startsWith: 'subscription.' }, entityId: { in: (await db().subscription.findMany({ where: { customerId: customer.id } })).map((s) => s.id) } }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['subscription.create', 'subscription.change', 'subscription.change', 'subscription.cancel', 'subscription.cancel', 'subscription.create']);
    // Over HTTP too, a move and a cancellation of the running subscription answer 200.
    expect((await put(customer.id, { plan: plan.key, version: 1 })).status).toBe(200);
    expect((await call(`/api/v1/customers/${customer.id}/subscription`, { method: 'DELETE' })).status).toBe(200);
  });

  it('refuses another currency, archived and draft versions, unknown plans and bad fields with the field’s path', async () => {
    const euro = await customerFactory({ currency: 'EUR' });
    const plan = await planWithVersions(2);
    const currency = await put(euro.id, { plan: plan.key });
    expect(currency.status).toBe(409);
    expect((await currency.json()).error.details[0]).toEqual({ path: 'plan', message: "the plan's currency (USD) must be the customer's (EUR)" });

    const customer = await customerFactory();
    expect((await call(`/api/v1/plans/${plan.key}/versions/1/archive`, { method: 'POST' })).status).toBe(200);
    const archived = await put(customer.id, { plan: plan.key, version: 1 });
    expect(archived.status).toBe(409);
    expect((await archived.json()).error.details[0]).toEqual({ path: 'version', message: 'version 1 is archived' });
    expect((await call(`/api/v1/plans/${plan.key}/versions`, { method: 'POST' })).status).toBe(201);
    const draft = await put(customer.id, { plan: plan.key, version: 3 });
    expect(draft.status).toBe(409);
    expect((await draft.json()).error.details[0].path).toBe('version');

    const cases: [object, string, number][] = [
      [{ plan: 'no-such-plan' }, 'plan', 400],
      [{ plan: plan.key, version: 99 }, 'version', 400],
      [{ plan: plan.key, anchorDay: 32 }, 'anchorDay', 400],
      [{ plan: plan.key, startsAt: 'yesterday' }, 'startsAt', 400],
      [{ plan: plan.key, effective: 'someday' }, 'effective', 400],
      [{}, 'plan', 400],
    ];
    for (const [body, path, status] of cases) {
      const res = await put(customer.id, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect((await res.json()).error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    // Without a version: the latest published one.
    const latest = await put(customer.id, { plan: plan.key });
    expect(latest.status).toBe(201);
    expect((await latest.json()).version).toBe(2);
    expect((await put('00000000-0000-0000-0000-000000000000', { plan: plan.key })).status).toBe(404);
    expect((await put('not-a-uuid', { plan: plan.key })).status).toBe(404);
  });

  it('lets a member read only its own customer’s subscription, and never write it', async () => {
    const plan = await planWithVersions(1);
    const mine = await customerFactory();
    const theirs = await customerFactory();
    await subscriptionFactory({ customerId: mine.id, plan: plan.key });
    await subscriptionFactory({ customerId: theirs.id, plan: plan.key });
    const member = await userFactory({ customerId: mine.id });
    const cookie = { cookie: await sessionCookie(member.id) };
    expect((await call(`/api/v1/customers/${mine.id}/subscription`, { as: cookie })).status).toBe(200);
    const other = await call(`/api/v1/customers/${theirs.id}/subscription`, { as: cookie });
    expect(other.status).toBe(404);
    expect((await other.json()).error.message).toBe('No such customer.');
    const write = await call(`/api/v1/customers/${mine.id}/subscription`, { method: 'DELETE', as: { ...cookie, 'content-type': 'application/json', origin: server.url } });
    expect(write.status).toBe(403);
    const reader = { authorization: `Bearer ${(await apiKeyFactory('read')).key}` };
    expect((await call(`/api/v1/customers/${theirs.id}/subscription`, { as: reader })).status).toBe(200);
  });
});

describe('publishing a version', () => {
  it('moves subscribers of older versions at their own next period start (Kathmandu, anchor 31 in March), and leaves the rest', async () => {
    const plan = await planWithVersions(1);
    const other = await planWithVersions(1);
    const kathmandu = await customerFactory({ timeZone: 'Asia/Kathmandu' });
    const berlin = await customerFactory({ timeZone: 'Europe/Berlin' });
    const ending = await customerFactory();
    const elsewhere = await customerFactory();
    await subscriptionFactory({ customerId: kathmandu.id, plan: plan.key, startsAt: new Date('2026-01-01T00:00:00Z'), anchorDay: 31 });
    await subscriptionFactory({ customerId: berlin.id, plan: plan.key, startsAt: new Date('2026-01-01T00:00:00Z'), anchorDay: 1 });
    await subscriptionFactory({ customerId: ending.id, plan: plan.key, startsAt: new Date('2026-01-01T00:00:00Z'), anchorDay: 1 });
    await cancelSubscription({ customerId: ending.id, at: new Date('2026-03-25T00:00:00Z'), actor: 'test', now: new Date('2026-03-10T00:00:00Z') });
    await subscriptionFactory({ customerId: elsewhere.id, plan: other.key, startsAt: new Date('2026-01-01T00:00:00Z') });

    expect((await call(`/api/v1/plans/${plan.key}/versions`, { method: 'POST' })).status).toBe(201);
    const now = new Date('2026-03-20T12:00:00Z');
    const published = await publishPlanVersion({ plan: plan.key, number: 2, actor: 'test', now });
    // Kathmandu (+05:45), anchor 31: the period holding Mar 20 is [Feb 28 00:00, Mar 31 00:00) local,
    // so the move is at 2026-03-30T18:15Z. Berlin, anchor 1: Apr 1 00:00 CEST = 2026-03-31T22:00Z.
    // The subscription ending Mar 25 has no next period to move; the other plan's subscriber is not touched.
    expect(published.migration.scheduled.map((m) => [m.customerId, m.effectiveAt.toISOString()]).sort()).toEqual(
      [
        [kathmandu.id, '2026-03-30T18:15:00.000Z'],
        [berlin.id, '2026-03-31T22:00:00.000Z'],
      ].sort(),
    );
    const before = await getSubscription({ customerId: kathmandu.id, principal: adminView, now });
    expect(before).toMatchObject({ version: 1, scheduledChanges: [{ version: 2, effectiveAt: new Date('2026-03-30T18:15:00Z'), reason: 'publish' }] });
    const after = await getSubscription({ customerId: kathmandu.id, principal: adminView, now: new Date('2026-03-30T18:15:00Z') });
    expect(after).toMatchObject({ version: 2, scheduledChanges: [], currentPeriod: { start: new Date('2026-03-30T18:15:00Z'), end: new Date('2026-04-29T18:15:00Z') } });
  });

  it('with migrate "none" leaves every subscriber on its version, over HTTP', async () => {
    const plan = await planWithVersions(1);
    const customer = await customerFactory();
    // Starting in the future, its first period is fixed whatever today is: [2099-06-10, 2099-07-10) UTC.
    await subscriptionFactory({ customerId: customer.id, plan: plan.key, startsAt: '2099-06-10T00:00:00Z' });
    await call(`/api/v1/plans/${plan.key}/versions`, { method: 'POST' });
    const res = await call(`/api/v1/plans/${plan.key}/versions/2/publish`, { method: 'POST', body: JSON.stringify({ migrate: 'none' }) });
    expect(await res.json()).toMatchObject({ status: 'published', migration: { mode: 'none', scheduled: [] } });
    expect(await (await call(`/api/v1/customers/${customer.id}/subscription`)).json()).toMatchObject({ version: 1, scheduledChanges: [] });
    expect((await (await call(`/api/v1/plans/${plan.key}`)).json()).versions.map((v: { number: number; subscribers: number }) => [v.number, v.subscribers])).toEqual([
      [2, 0],
      [1, 1],
    ]);
    // The default moves it at its next period start.
    await call(`/api/v1/plans/${plan.key}/versions`, { method: 'POST' });
    const moved = await (await call(`/api/v1/plans/${plan.key}/versions/3/publish`, { method: 'POST' })).json();
    const sub = await (await call(`/api/v1/customers/${customer.id}/subscription`)).json();
    expect(moved.migration.scheduled).toEqual([{ customerId: customer.id, effectiveAt: '2099-07-10T00:00:00.000Z' }]);
    expect(sub.scheduledChanges).toEqual([{ plan: plan.key, version: 3, effectiveAt: '2099-07-10T00:00:00.000Z', reason: 'publish' }]);
  });
});
