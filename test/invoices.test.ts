import { describe, expect, it } from 'vitest';
import { updateCustomer } from '@/lib/customers/update-customer';
import { db } from '@/lib/db/prisma';
import { ingestEvents } from '@/lib/ingest/ingest-events';
import { getUpcomingInvoice } from '@/lib/invoices/get-upcoming-invoice';
import { createMeter } from '@/lib/meters/create-meter';
import { customerFactory, planFactory, randomKey, subscriptionFactory } from '@/lib/seed/factories';
import { finalizeAt, ingestAt, invoicesOf, linesOf, testPrefix } from './invoice-helpers';
import { query } from './rollup-helpers';

const admin = { kind: 'api-key', keyId: 'test', scope: 'admin' } as const;

/** A customer in `timeZone` subscribed from `startsAt` to a fresh plan, and a COUNT meter of calls it prices. */
async function subscribed(o: { timeZone: string; startsAt: string; anchorDay: number; content: (calls: string) => object }) {
  const type = randomKey('call');
  const calls = randomKey('calls');
  await createMeter({ slug: calls, eventType: type, aggregation: 'COUNT', groupBy: {}, actor: 'test' });
  const customer = await customerFactory({ timeZone: o.timeZone });
  const plan = await planFactory({ content: o.content(calls) });
  await subscriptionFactory({ customerId: customer.id, plan: plan.key, startsAt: o.startsAt, anchorDay: o.anchorDay });
  const call = (time: string) => ({ subject: customer.subjects[0].key, type, time });
  return { customer, calls, call };
}

const pick = (lines: { kind: string; charge_key: string; quantity: string | null; amount: string }[]) =>
  lines.map((l) => [l.kind, l.charge_key, l.quantity, l.amount]);

describe('invoices rated from the rollups', () => {
  it('bills every charge model, a flat fee and the minimum spend exactly; late usage becomes an adjustment on the next invoice', async () => {
    const tokensType = randomKey('tok');
    const tokens = randomKey('tokens');
    await createMeter({ slug: tokens, eventType: tokensType, aggregation: 'SUM', valueProperty: '$.tokens', groupBy: { model: '$.model' }, actor: 'test' });
    const { customer, calls, call } = await subscribed({
      timeZone: 'UTC',
      startsAt: '2026-01-01T00:00:00Z',
      anchorDay: 1,
      content: (calls) => ({
        charges: [
          { type: 'flat', key: 'base', name: 'Base fee', amount: '49.00', billing: 'in_advance' },
          { type: 'usage', key: 'large', name: 'Large tokens', meter: tokens, filter: { model: 'large' }, model: 'per_unit', unitPrice: '0.002', includedUnits: '1000' },
          { type: 'usage', key: 'small', name: 'Small tokens', meter: tokens, filter: { model: 'small' }, model: 'graduated', tiers: [{ upTo: '1000', unitPrice: '0.001' }, { upTo: null, unitPrice: '0.0005', flatPrice: '2' }] },
          { type: 'usage', key: 'calls-volume', name: 'Calls (volume)', meter: calls, model: 'volume', tiers: [{ upTo: '10', unitPrice: '1' }, { upTo: null, unitPrice: '0.5' }] },
          { type: 'usage', key: 'calls-package', name: 'Calls (package)', meter: calls, model: 'package', packageSize: '100', packagePrice: '5' },
        ],
        minimumSpend: '100.00',
      }),
    });
    const subject = customer.subjects[0].key;
    const tok = (time: string, model: string, n: string) => ({ subject, type: tokensType, time, data: { tokens: n, model } });
    await ingestAt(
      '2026-02-01T00:30:00Z',
      [
        tok('2026-01-05T10:00:00Z', 'large', '1000'),
        tok('2026-01-10T10:00:00Z', 'large', '1500'),
        tok('2026-01-31T23:59:59.999Z', 'large', '234'), // the last millisecond of January
        tok('2026-02-01T00:00:00.000Z', 'large', '50'), // the first of February: not on January's invoice
        tok('2026-01-12T10:00:00Z', 'small', '1200'),
        tok('2026-01-20T10:00:00Z', 'small', '300.5'),
        ...Array.from({ length: 12 }, (_, i) => call(`2026-01-${String(i + 2).padStart(2, '0')}T08:00:00Z`)),
      ],
      [customer.id],
    );
    const prefix = testPrefix();

    // Grace is 60 minutes: a minute before, nothing; at period end + 1 h, January's invoice.
    expect((await finalizeAt('2026-02-01T00:59:00Z', [customer.id], prefix)).finalized).toBe(0);
    expect(await finalizeAt('2026-02-01T01:00:00Z', [customer.id], prefix)).toMatchObject({ finalized: 1, numbers: [`${prefix}-2026-000001`] });
    // By hand: large (2734 - 1000 included) x 0.002 = 3.468 -> 3.47; small 1000 x 0.001 + 500.5 x 0.0005
    // + 2 flat = 3.25025 -> 3.25; 12 calls land in the open volume tier: 6.00; 1 package of 100: 5.00;
    // 49 + 3.47 + 3.25 + 6 + 5 = 66.72, so the minimum spend adds 33.28 to make 100.00.
    const january = pick(await linesOf(customer.id));
    expect(january).toEqual([
      ['flat', 'base', null, '49.00'],
      ['usage', 'large', '2734', '3.47'],
      ['usage', 'small', '1500.5', '3.25'],
      ['usage', 'calls-volume', '12', '6.00'],
      ['usage', 'calls-package', '12', '5.00'],
      ['minimum', '$minimum_spend', null, '33.28'],
    ]);
    const [jan] = await invoicesOf(customer.id);
    expect([jan.status, jan.subtotal, jan.total, jan.period_start.toISOString(), jan.period_end.toISOString()]).toEqual([
      'finalized',
      '100.00',
      '100.00',
      '2026-01-01T00:00:00.000Z',
      '2026-02-01T00:00:00.000Z',
    ]);

    // 1000 large tokens from January 25 arrive on February 10, within the late-arrival horizon.
    await ingestAt('2026-02-10T00:00:00Z', [tok('2026-01-25T10:00:00Z', 'large', '1000')], [customer.id]);
    expect(pick(await linesOf(customer.id))).toEqual(january); // the finalized invoice never changes

    // The live draft for February shows it as pending adjustments naming January's invoice: large
    // re-rated (3734 - 1000) x 0.002 = 5.468 -> 5.47, so +2.00 for +1000; the true-up falls from
    // 33.28 to 31.28, so -2.00. February itself: 49 + zeros (50 large tokens are included) + 51.00.
    const draft = await getUpcomingInvoice({ customerId: customer.id, principal: admin, now: new Date('2026-02-10T00:00:00Z') });
    expect(draft).toMatchObject({ status: 'draft', number: null, period: { start: '2026-02-01T00:00:00.000Z', end: '2026-03-01T00:00:00.000Z' }, total: '100.00' });
    expect(draft.lines.map((l) => [l.kind, l.chargeKey, l.quantity, l.amount, l.adjusts?.number ?? null])).toEqual([
      ['flat', 'base', null, '49.00', null],
      ['usage', 'large', '50', '0.00', null],
      ['usage', 'small', '0', '0.00', null],
      ['usage', 'calls-volume', '0', '0.00', null],
      ['usage', 'calls-package', '0', '0.00', null],
      ['minimum', '$minimum_spend', null, '51.00', null],
      ['adjustment', 'large', '1000', '2.00', jan.number],
      ['adjustment', '$minimum_spend', null, '-2.00', jan.number],
    ]);
    expect(draft.lines[6].adjusts).toMatchObject({ invoiceId: jan.id, periodStart: '2026-01-01T00:00:00.000Z', periodEnd: '2026-02-01T00:00:00.000Z' });

    // February's invoice carries them; March's draft has nothing left to adjust.
    expect((await finalizeAt('2026-03-01T01:00:00Z', [customer.id], prefix)).numbers).toEqual([`${prefix}-2026-000002`]);
    const lines = await linesOf(customer.id);
    expect(lines.filter((l) => l.kind === 'adjustment').map((l) => [l.number, l.charge_key, l.quantity, l.amount, l.adjusts])).toEqual([
      [`${prefix}-2026-000002`, 'large', '1000', '2.00', jan.number],
      [`${prefix}-2026-000002`, '$minimum_spend', null, '-2.00', jan.number],
    ]);
    const march = await getUpcomingInvoice({ customerId: customer.id, principal: admin, now: new Date('2026-03-02T00:00:00Z') });
    expect(march.lines.filter((l) => l.kind === 'adjustment')).toEqual([]);

    // The invariant: per charge, quantities across invoices and adjustments equal the meter query
    // over the finalized periods [Jan 1, Mar 1).
    const range = { from: '2026-01-01T00:00:00Z', to: '2026-03-01T00:00:00Z' };
    const byModel = new Map((await query(tokens, { ...range, groupBy: ['model'] })).data.map((d) => [d.groupBy.model, d.value]));
    const callTotal = (await query(calls, range)).data[0].value;
    const billed = (key: string) => lines.filter((l) => l.charge_key === key && l.quantity !== null).reduce((s, l) => s + Number(l.quantity), 0);
    expect(byModel.get('large')).toBe('3784');
    expect([billed('large'), billed('small'), billed('calls-volume'), billed('calls-package')]).toEqual([
      Number(byModel.get('large')),
      Number(byModel.get('small')),
      Number(callTotal),
      Number(callTotal),
    ]);
  });

  it('Kathmandu (+05:45): an event exactly at local midnight opens the next period', async () => {
    const { customer, call } = await subscribed({
      timeZone: 'Asia/Kathmandu',
      startsAt: '2025-12-31T18:15:00Z', // 2026-01-01 00:00 in Kathmandu
      anchorDay: 1,
      content: (calls) => ({
        charges: [
          { type: 'flat', key: 'base', name: 'Base', amount: '10.00', billing: 'in_arrears' },
          { type: 'usage', key: 'calls', name: 'Calls', meter: calls, model: 'per_unit', unitPrice: '1.00' },
        ],
      }),
    });
    await ingestAt('2026-01-31T18:20:00Z', [call('2026-01-15T06:00:00Z'), call('2026-01-31T18:14:59.999Z'), call('2026-01-31T18:15:00.000Z')], [customer.id]);
    const prefix = testPrefix();
    expect((await finalizeAt('2026-01-31T19:14:59Z', [customer.id], prefix)).finalized).toBe(0);
    expect((await finalizeAt('2026-01-31T19:15:00Z', [customer.id], prefix)).finalized).toBe(1);
    const [jan] = await invoicesOf(customer.id);
    expect([jan.period_start.toISOString(), jan.period_end.toISOString(), jan.total]).toEqual(['2025-12-31T18:15:00.000Z', '2026-01-31T18:15:00.000Z', '12.00']);
    expect(pick(await linesOf(customer.id))).toEqual([
      ['flat', 'base', null, '10.00'],
      ['usage', 'calls', '2', '2.00'],
    ]);
    const draft = await getUpcomingInvoice({ customerId: customer.id, principal: admin, now: new Date('2026-02-01T00:00:00Z') });
    expect(draft.period).toEqual({ start: '2026-01-31T18:15:00.000Z', end: '2026-02-28T18:15:00.000Z' });
    expect(draft.lines.map((l) => [l.chargeKey, l.quantity, l.amount])).toEqual([
      ['base', null, '10.00'],
      ['calls', '1', '1.00'],
    ]);
  });

  it('New York across the DST change: a partial first period prorates by real hours; catch-up finalizes every period due', async () => {
    const { customer, call } = await subscribed({
      timeZone: 'America/New_York',
      startsAt: '2026-03-20T04:00:00Z', // March 20 00:00 EDT, in the period from March 8 (EST) to April 8 (EDT)
      anchorDay: 8,
      content: (calls) => ({
        charges: [
          { type: 'flat', key: 'base', name: 'Base', amount: '74.30' },
          { type: 'usage', key: 'calls', name: 'Calls', meter: calls, model: 'per_unit', unitPrice: '0.10' },
        ],
      }),
    });
    await ingestAt(
      '2026-04-08T04:30:00Z',
      [call('2026-03-20T03:59:00Z'), call('2026-04-08T03:59:59Z'), call('2026-04-08T04:00:00Z')], // before the start, last second, next period
      [customer.id],
    );
    const prefix = testPrefix();
    // Both periods at once, oldest first.
    expect((await finalizeAt('2026-05-08T05:00:00Z', [customer.id], prefix)).numbers).toEqual([`${prefix}-2026-000001`, `${prefix}-2026-000002`]);
    const invoices = await invoicesOf(customer.id);
    // The period is 31 days less the hour DST took: 743 h; the subscription covers 19 days = 456 h,
    // so 74.30 x 456 / 743 = 45.60 exactly; one call (the one before the start does not count).
    expect(invoices.map((i) => [i.period_start.toISOString(), i.period_end.toISOString(), i.total])).toEqual([
      ['2026-03-08T05:00:00.000Z', '2026-04-08T04:00:00.000Z', '45.70'],
      ['2026-04-08T04:00:00.000Z', '2026-05-08T04:00:00.000Z', '74.40'],
    ]);
    expect(pick(await linesOf(customer.id))).toEqual([
      ['flat', 'base', null, '45.60'],
      ['usage', 'calls', '1', '0.10'],
      ['flat', 'base', null, '74.30'],
      ['usage', 'calls', '1', '0.10'],
    ]);
    // Running again finalizes nothing twice.
    expect((await finalizeAt('2026-05-08T06:00:00Z', [customer.id], prefix)).finalized).toBe(0);
  });

  it('anchor 31 in Berlin: February ends on its last day, March on the 31st (across DST)', async () => {
    const { customer, call } = await subscribed({
      timeZone: 'Europe/Berlin',
      startsAt: '2026-01-30T23:00:00Z', // January 31 00:00 CET
      anchorDay: 31,
      content: (calls) => ({
        charges: [
          { type: 'flat', key: 'base', name: 'Base', amount: '28.00', billing: 'in_arrears' },
          { type: 'usage', key: 'calls', name: 'Calls', meter: calls, model: 'per_unit', unitPrice: '1.00' },
        ],
      }),
    });
    await ingestAt('2026-02-28T00:00:00Z', [call('2026-02-27T22:59:59Z'), call('2026-02-27T23:00:00Z')], [customer.id]);
    const prefix = testPrefix();
    expect((await finalizeAt('2026-03-30T23:00:00Z', [customer.id], prefix)).finalized).toBe(2);
    expect((await invoicesOf(customer.id)).map((i) => [i.period_start.toISOString(), i.period_end.toISOString(), i.total])).toEqual([
      ['2026-01-30T23:00:00.000Z', '2026-02-27T23:00:00.000Z', '29.00'], // Jan 31 - Feb 28, CET
      ['2026-02-27T23:00:00.000Z', '2026-03-30T22:00:00.000Z', '29.00'], // Feb 28 CET - Mar 31 CEST
    ]);
  });

  it("a customer's own grace period overrides INVOICE_GRACE_MINUTES", async () => {
    const { customer } = await subscribed({
      timeZone: 'UTC',
      startsAt: '2026-05-01T00:00:00Z',
      anchorDay: 1,
      content: () => ({ charges: [{ type: 'flat', key: 'base', name: 'Base', amount: '5.00' }] }),
    });
    await db().customer.update({ where: { id: customer.id }, data: { invoiceGraceMinutes: 0 } });
    const prefix = testPrefix();
    expect((await finalizeAt('2026-05-31T23:59:59Z', [customer.id], prefix)).finalized).toBe(0);
    expect((await finalizeAt('2026-06-01T00:00:00Z', [customer.id], prefix)).numbers).toEqual([`${prefix}-2026-000001`]);
    await db().customer.update({ where: { id: customer.id }, data: { invoiceGraceMinutes: 24 * 60 } });
    expect((await finalizeAt('2026-07-01T23:59:00Z', [customer.id], prefix)).finalized).toBe(0);
    expect((await finalizeAt('2026-07-02T00:00:00Z', [customer.id], prefix)).finalized).toBe(1);
  });

  it('grace set through updateCustomer: 0 finalizes at once, the default waits 60 minutes, 120 holds back past 90', async () => {
    const plan = () => ({ timeZone: 'UTC', startsAt: '2026-08-01T00:00:00Z', anchorDay: 1, content: () => ({ charges: [{ type: 'flat', key: 'base', name: 'Base', amount: '5.00' }] }) });
    const [none, byDefault, long] = await Promise.all([subscribed(plan()), subscribed(plan()), subscribed(plan())]).then((s) => s.map((x) => x.customer.id));
    await updateCustomer({ customer: none, invoiceGraceMinutes: 0, actor: 'test' });
    await updateCustomer({ customer: long, invoiceGraceMinutes: 120, actor: 'test' });
    const ids = [none, byDefault, long];
    const finalizedOf = () => Promise.all(ids.map(async (id) => (await invoicesOf(id)).length));
    const prefix = testPrefix();
    // August ends 2026-09-01T00:00Z.
    expect((await finalizeAt('2026-09-01T00:01:00Z', ids, prefix)).finalized).toBe(1); // ended 1 minute ago
    expect(await finalizedOf()).toEqual([1, 0, 0]);
    expect((await finalizeAt('2026-09-01T01:30:00Z', ids, prefix)).finalized).toBe(1); // 90 minutes: past 60, not 120
    expect(await finalizedOf()).toEqual([1, 1, 0]);
    expect((await finalizeAt('2026-09-01T01:59:59Z', ids, prefix)).finalized).toBe(0);
    expect((await finalizeAt('2026-09-01T02:00:00Z', ids, prefix)).finalized).toBe(1);
    expect(await finalizedOf()).toEqual([1, 1, 1]);

    // Cleared, the customer is back on the default: September's invoice waits 60 minutes again.
    await updateCustomer({ customer: long, invoiceGraceMinutes: null, actor: 'test' });
    expect((await finalizeAt('2026-10-01T00:59:00Z', [long], prefix)).finalized).toBe(0);
    expect((await finalizeAt('2026-10-01T01:00:00Z', [long], prefix)).finalized).toBe(1);
  });

  it('waits for the consumer: a period is not finalized while its customer has events behind the offset', async () => {
    const { customer, call } = await subscribed({
      timeZone: 'UTC',
      startsAt: '2026-06-01T00:00:00Z',
      anchorDay: 1,
      content: (calls) => ({ charges: [{ type: 'usage', key: 'calls', name: 'Calls', meter: calls, model: 'per_unit', unitPrice: '1.00' }] }),
    });
    const prefix = testPrefix();
    // Appended but not consumed: the invoice must wait rather than miss it.
    await ingestEvents({ events: [{ specversion: '1.0', id: randomKey('e'), source: 'invoice-test', ...call('2026-06-30T23:00:00Z'), data: {} }], apiKeyId: null, now: new Date('2026-06-30T23:30:00Z') });
    const first = await finalizeAt('2026-07-01T02:00:00Z', [customer.id], prefix);
    // Another test file may have drained the log meanwhile; either way the invoice counts the event.
    if (first.finalized === 0) {
      expect(first.waiting).toBe(1);
      await ingestAt('2026-06-30T23:40:00Z', [], [customer.id]);
      expect((await finalizeAt('2026-07-01T02:00:00Z', [customer.id], prefix)).finalized).toBe(1);
    }
    expect(pick(await linesOf(customer.id))).toEqual([['usage', 'calls', '1', '1.00']]);
  });
});
