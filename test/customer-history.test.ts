import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors/app-error';
import { getCustomerHistory } from '@/lib/overview/get-customer-history';
import type { Principal } from '@/lib/principals/principal';
import { apiKeyFactory, customerFactory, subscriptionFactory, userFactory } from '@/lib/seed/factories';
import { callsPlanFactory, finalizeAt, testPrefix } from './invoice-helpers';
import { drain, insertEvents } from './rollup-helpers';
import { sessionCookie, startRouteServer, type TestServer } from './route-server';

// Three closed months (UTC, anchor 1) of a plan with a 10.00 base fee and calls at 0.50:
// 4 calls, then 10, then 6; one more call for the second month arrives after its invoice, so the
// third month's invoice carries a 0.50 adjustment for it.
//   month 1: 10.00 + 2.00 = 12.00
//   month 2: 10.00 + 5.00 = 15.00   +3.00 (+25%)
//   month 3: 10.00 + 3.00 + 0.50 (late usage of month 2) = 13.50   -1.50 (-10%)
let server: TestServer;
const ids = { customer: '', other: '' };
let admin: Principal;
let member: Principal;
let memberUserId = '';
const prefix = testPrefix();
const now = new Date();
const month = (k: number, day = 1, hour = 0) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + k, day, hour));

beforeAll(async () => {
  server = await startRouteServer();
  const { type, plan } = await callsPlanFactory({ base: '10.00', unitPrice: '0.50' });
  const [c, other] = await Promise.all([customerFactory(), customerFactory()]);
  [ids.customer, ids.other] = [c.id, other.id];
  await subscriptionFactory({ customerId: c.id, plan: plan.key, startsAt: month(-3).toISOString(), anchorDay: 1 });
  const subject = c.subjects[0].key;
  const callsIn = (k: number, n: number) => Array.from({ length: n }, (_, i) => ({ customerId: c.id, subject, type, time: month(k, 2 + i, 12).toISOString(), data: {} }));
  await insertEvents([...callsIn(-3, 4), ...callsIn(-2, 10), ...callsIn(-1, 6)]);
  await drain([c.id]);
  await finalizeAt(month(-1, 1, 2).toISOString(), [c.id], prefix);
  await insertEvents(callsIn(-2, 1).map((e) => ({ ...e, time: month(-2, 20, 12).toISOString() })));
  await drain([c.id]);
  await finalizeAt(month(0, 1, 2).toISOString(), [c.id], prefix);
  const key = await apiKeyFactory('admin');
  admin = { kind: 'api-key', keyId: key.id, scope: 'admin' };
  const user = await userFactory({ customerId: other.id });
  memberUserId = user.id;
  member = { kind: 'user', userId: user.id, email: user.email, name: null, role: 'member', customerId: other.id };
}, 60_000);
afterAll(() => server.close());

describe('customer history', () => {
  it('lists past periods from the invoices, oldest first, with usage, adjustments and the change', async () => {
    const history = await getCustomerHistory({ customerId: ids.customer, principal: admin });
    expect(history.voided).toBe(0);
    expect(history.periods.map((p) => [p.period.start, p.total, p.adjustments, p.usage.map((u) => [u.key, u.quantity, u.amount]), p.change])).toEqual([
      [month(-3).toISOString(), '12.00', '0.00', [['calls', '4', '2.00']], null],
      [month(-2).toISOString(), '15.00', '0.00', [['calls', '10', '5.00']], { amount: '3.00', percent: '25' }],
      [month(-1).toISOString(), '13.50', '0.50', [['calls', '6', '3.00']], { amount: '-1.50', percent: '-10' }],
    ]);
  });

  it('leaves void invoices out and compares with the period before that is left', async () => {
    const first = (await getCustomerHistory({ customerId: ids.customer, principal: admin })).periods[0];
    const res = await fetch(`${server.url}/api/v1/invoices/${first.invoiceId}/void`, {
      method: 'POST',
      headers: { authorization: `Bearer ${(await apiKeyFactory('admin')).key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'test: billed twice' }),
    });
    expect(res.status).toBe(200);
    const history = await getCustomerHistory({ customerId: ids.customer, principal: admin });
    expect(history.voided).toBe(1);
    expect(history.periods.map((p) => [p.total, p.change])).toEqual([
      ['15.00', null],
      ['13.50', { amount: '-1.50', percent: '-10' }],
    ]);
  });

  it("is another customer's member's 404", async () => {
    await expect(getCustomerHistory({ customerId: ids.customer, principal: member })).rejects.toMatchObject({ code: 'not_found' });
    await expect(getCustomerHistory({ customerId: ids.customer, principal: member })).rejects.toBeInstanceOf(AppError);
    expect((await getCustomerHistory({ customerId: ids.other, principal: member })).periods).toEqual([]);
  });

  it('answers the same over GET /api/v1/customers/{id}/history, and 404 to another customer’s member', async () => {
    const reader = { authorization: `Bearer ${(await apiKeyFactory('read')).key}` };
    const res = await fetch(`${server.url}/api/v1/customers/${ids.customer}/history`, { headers: reader });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(await getCustomerHistory({ customerId: ids.customer, principal: admin }))));
    const cookie = { cookie: await sessionCookie(memberUserId) };
    expect((await fetch(`${server.url}/api/v1/customers/${ids.customer}/history`, { headers: cookie })).status).toBe(404);
    expect((await fetch(`${server.url}/api/v1/customers/${ids.other}/history`, { headers: cookie })).status).toBe(200);
    expect((await fetch(`${server.url}/api/v1/customers/not-a-uuid/history`, { headers: reader })).status).toBe(404);
  });
});
