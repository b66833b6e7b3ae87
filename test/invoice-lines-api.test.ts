import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listLineEvents } from '@/lib/invoices/list-line-events';
import { loadInvoiceLine } from '@/lib/invoices/load-invoice-line';
import { readLineUsage } from '@/lib/invoices/read-line-usage';
import { apiKeyFactory, customerFactory, meterFactory, planFactory, randomKey, subscriptionFactory, userFactory } from '@/lib/seed/factories';
import { finalizeAt, ingestAt, testPrefix } from './invoice-helpers';
import { sessionCookie, startRouteServer, type TestServer } from './route-server';

// One customer in Kathmandu (+05:45) on a graduated, region-filtered charge: 10 at 1.00, then 0.50.
// January 2026 local is [2025-12-31T18:15Z, 2026-01-31T18:15Z); its EU usage is 3 + 2 on Jan 1
// (local midnight and 23:59), 4 on Jan 2 (its first minute), 5 on Jan 31 (its last minute):
// 14 units, 10 × 1.00 + 4 × 0.50 = 12.00. A US event and February's first minute do not count.

let server: TestServer;
let admin: Record<string, string>;
let member: Record<string, string>;
let stranger: Record<string, string>;
let invoice: { id: string; lines: { position: number; kind: string; quantity: string | null; amount: string; detail: { breakdown?: Record<string, string | null>[] } }[]; subtotal: string; total: string };
let usagePosition: number;

const adminKey = { kind: 'api-key', keyId: 'test', scope: 'admin' } as const;

const call = (path: string, as: Record<string, string>) => fetch(server.url + path, { headers: as });

beforeAll(async () => {
  server = await startRouteServer();
  admin = { authorization: `Bearer ${(await apiKeyFactory('admin')).key}` };
  const type = randomKey('tok');
  const meter = await meterFactory({ eventType: type, aggregation: 'SUM', valueProperty: '$.value', groupBy: { region: '$.region' } });
  const plan = await planFactory({
    content: {
      charges: [
        {
          type: 'usage',
          key: 'tokens',
          name: 'EU tokens',
          meter: meter.slug,
          filter: { region: 'eu' },
          model: 'graduated',
          tiers: [
            { upTo: '10', unitPrice: '1.00' },
            { upTo: null, unitPrice: '0.50' },
          ],
        },
      ],
    },
  });
  const [customer, other] = await Promise.all([customerFactory({ timeZone: 'Asia/Kathmandu' }), customerFactory()]);
  await subscriptionFactory({ customerId: customer.id, plan: plan.key, startsAt: '2025-12-31T18:15:00Z', anchorDay: 1 });
  const subject = customer.subjects[0].key;
  const at = (time: string, value: number, region = 'eu') => ({ subject, type, time, data: { value, region } });
  await ingestAt(
    '2026-02-01T00:00:00Z',
    [at('2025-12-31T18:15:00Z', 3), at('2026-01-01T18:14:00Z', 2), at('2026-01-01T18:15:00Z', 4), at('2026-01-31T18:14:30Z', 5), at('2026-01-10T06:15:00Z', 100, 'us'), at('2026-01-31T18:15:00Z', 7)],
    [customer.id],
  );
  await finalizeAt('2026-02-02T00:00:00Z', [customer.id], testPrefix());
  member = { cookie: await sessionCookie((await userFactory({ customerId: customer.id })).id) };
  stranger = { cookie: await sessionCookie((await userFactory({ customerId: other.id })).id) };
  const list = await (await call(`/api/v1/invoices?customer=${customer.id}`, admin)).json();
  expect(list.data).toHaveLength(1);
  invoice = await (await call(`/api/v1/invoices/${list.data[0].id}`, admin)).json();
  usagePosition = invoice.lines.find((l) => l.kind === 'usage')!.position;
}, 60_000);
afterAll(() => server.close());

describe('explain this line', () => {
  it('gives every local day of the period, zero days included, summing to the line quantity', async () => {
    expect(invoice.lines.find((l) => l.kind === 'usage')).toMatchObject({ quantity: '14', amount: '12.00' });
    const res = await call(`/api/v1/invoices/${invoice.id}/lines/${usagePosition}/usage`, member);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ from: '2025-12-31T18:15:00.000Z', to: '2026-01-31T18:15:00.000Z', additive: true, total: '14', lateSinceRated: '0' });
    expect(body.invoice).toMatchObject({ timeZone: 'Asia/Kathmandu' });
    expect(body.days).toHaveLength(31);
    expect(body.days[0]).toEqual({ start: '2025-12-31T18:15:00.000Z', end: '2026-01-01T18:15:00.000Z', quantity: '5' });
    expect(body.days[1]).toEqual({ start: '2026-01-01T18:15:00.000Z', end: '2026-01-02T18:15:00.000Z', quantity: '4' });
    expect(body.days[30]).toEqual({ start: '2026-01-30T18:15:00.000Z', end: '2026-01-31T18:15:00.000Z', quantity: '5' });
    const nonZero = body.days.filter((d: { quantity: string }) => d.quantity !== '0');
    expect(nonZero).toHaveLength(3);
  });

  it('lists the raw events behind one day, a page at a time, filtered like the charge', async () => {
    const day = `from=${encodeURIComponent('2025-12-31T18:15:00.000Z')}&to=${encodeURIComponent('2026-01-01T18:15:00.000Z')}`;
    const base = `/api/v1/invoices/${invoice.id}/lines/${usagePosition}/events?${day}`;
    const first = await (await call(`${base}&limit=1`, member)).json();
    expect(first.data.map((e: { time: string; value: unknown }) => [e.time, e.value])).toEqual([['2025-12-31T18:15:00.000000Z', 3]]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await (await call(`${base}&limit=1&cursor=${first.nextCursor}`, member)).json();
    expect(second.data.map((e: { time: string; value: unknown }) => [e.time, e.value])).toEqual([['2026-01-01T18:14:00.000000Z', 2]]);
    expect(second.nextCursor).toBeNull();
    // The whole span: the four EU events, not the US one nor February's.
    const all = await (await call(`/api/v1/invoices/${invoice.id}/lines/${usagePosition}/events`, admin)).json();
    expect(all.data.map((e: { value: unknown }) => e.value)).toEqual([3, 2, 4, 5]);
  });

  it('reads the days and the events of a line loaded once, as the explain page does', async () => {
    const loaded = await loadInvoiceLine({ invoiceId: invoice.id, position: usagePosition, principal: adminKey });
    // A quantity of 10 where the days hold 14: the answer uses the line it was handed, not a fresh read.
    const usage = await readLineUsage({ loaded: { ...loaded, line: { ...loaded.line, quantity: '10' } } });
    expect([usage.total, usage.lateSinceRated, usage.days.length]).toEqual(['14', '4', 31]);
    const events = await listLineEvents({ loaded, from: new Date('2026-01-01T18:15:00Z'), to: new Date('2026-01-02T18:15:00Z'), limit: 10 });
    expect(events.data.map((e) => [e.time, e.value])).toEqual([['2026-01-01T18:15:00.000000Z', 4]]);
  });

  it('refuses other customers, lines that are not usage, and bad input', async () => {
    for (const path of [`/lines/${usagePosition}/usage`, `/lines/${usagePosition}/events`]) {
      const res = await call(`/api/v1/invoices/${invoice.id}${path}`, stranger);
      expect(res.status, path).toBe(404);
      expect(JSON.stringify(await res.json())).not.toContain('EU tokens');
    }
    expect((await call(`/api/v1/invoices/${invoice.id}/lines/99/usage`, admin)).status).toBe(404);
    for (const bad of [`/lines/abc/usage`, `/lines/-1/usage`, `/lines/${usagePosition}/events?from=yesterday`, `/lines/${usagePosition}/events?cursor=nope`, `/lines/${usagePosition}/events?colour=red`]) {
      const res = await call(`/api/v1/invoices/${invoice.id}${bad}`, admin);
      expect(res.status, bad).toBe(400);
      expect((await res.json()).error.code).toBe('validation_failed');
    }
  });
});

describe('invoice downloads', () => {
  it('CSV: a row per line and per tier row, exact decimals equal to the API', async () => {
    const res = await call(`/api/v1/invoices/${invoice.id}/export?format=csv`, member);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="T[0-9A-F]+-2026-000001\.csv"$/);
    const rows = (await res.text()).trimEnd().split('\r\n').map((r) => r.split(','));
    const col = (name: string) => rows[0].indexOf(name);
    const pick = (r: string[]) => [r[col('row')], r[col('quantity')], r[col('unit_price')], r[col('amount')]];
    const usage = invoice.lines.find((l) => l.kind === 'usage')!;
    const tiers = usage.detail.breakdown!;
    expect(rows.slice(1).map(pick)).toEqual([
      ['line', '14', '', '12.00'],
      ['tier', '10', tiers[0].unitPrice, tiers[0].subtotal],
      ['tier', '4', tiers[1].unitPrice, tiers[1].subtotal],
      ['subtotal', '', '', invoice.subtotal],
      ['total', '', '', '12.00'],
    ]);
    expect(Number(tiers[0].subtotal) + Number(tiers[1].subtotal)).toBe(12);
  });

  it('JSON: the API body as a file; a bad format is a 400', async () => {
    const res = await call(`/api/v1/invoices/${invoice.id}/export?format=json`, admin);
    expect(res.headers.get('content-disposition')).toMatch(/\.json"$/);
    expect(await res.json()).toEqual(invoice);
    expect((await call(`/api/v1/invoices/${invoice.id}/export?format=pdf`, admin)).status).toBe(400);
    expect((await call(`/api/v1/invoices/${invoice.id}/export?format=csv`, stranger)).status).toBe(404);
  });
});
