import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { pool } from '@/lib/db/pool';
import { ingestEvents } from '@/lib/ingest/ingest-events';
import { finalizeDueInvoices } from '@/lib/invoices/finalize-due-invoices';
import { createMeter } from '@/lib/meters/create-meter';
import { planFactory, randomKey } from '@/lib/seed/factories';
import { drain } from './rollup-helpers';

export type UsageEvent = { subject: string; type: string; time: string; data?: Record<string, unknown> };

/**
 * Sends events through the real ingest path (validation, dedupe, attribution, append) as if the
 * request arrived at `receivedAt`, then lets the real consumer fold them into the rollups.
 */
export async function ingestAt(receivedAt: string, events: UsageEvent[], customerIds: string[]): Promise<void> {
  const report = await ingestEvents({
    events: events.map((e) => ({ specversion: '1.0', id: randomUUID(), source: 'invoice-test', type: e.type, subject: e.subject, time: e.time, data: e.data ?? {} })),
    apiKeyId: null,
    now: new Date(receivedAt),
  });
  expect(report.totals.accepted).toBe(events.length);
  await drain(customerIds);
}

/** A numbering prefix of the test's own, so its numbers are not shared with other test files. */
export const testPrefix = () => randomKey('T').toUpperCase().replace('-', '');

export function finalizeAt(now: string, customerIds: string[], prefix: string) {
  return finalizeDueInvoices({ now: new Date(now), customerIds, prefix });
}

export type LineRow = { number: string; kind: string; charge_key: string; quantity: string | null; amount: string; adjusts: string | null; period_start: Date };

/** Every line of a customer's finalized invoices, in invoice and line order. */
export async function linesOf(customerId: string): Promise<LineRow[]> {
  const { rows } = await pool().query<LineRow>(
    `SELECT i.number, l.kind, l.charge_key, l.quantity::text, l.amount::text, a.number AS adjusts, i.period_start
     FROM invoices i JOIN invoice_lines l ON l.customer_id = i.customer_id AND l.invoice_id = i.id
     LEFT JOIN invoices a ON a.customer_id = l.customer_id AND a.id = l.adjusts_invoice_id
     WHERE i.customer_id = $1 AND i.status = 'finalized' ORDER BY i.period_start, i.revision, l.position`,
    [customerId],
  );
  return rows;
}

export type InvoiceRow = { id: string; number: string; status: string; period_start: Date; period_end: Date; subtotal: string; total: string };

export async function invoicesOf(customerId: string): Promise<InvoiceRow[]> {
  const { rows } = await pool().query<InvoiceRow>(
    'SELECT id, number, status, period_start, period_end, subtotal::text, total::text FROM invoices WHERE customer_id = $1 ORDER BY period_start, revision',
    [customerId],
  );
  return rows;
}

/** A COUNT meter of its own event type, and a published plan: a flat `base` fee plus each call at `unitPrice`. */
export async function callsPlanFactory({ base, unitPrice }: { base: string; unitPrice: string }) {
  const type = randomKey('call');
  const calls = randomKey('calls');
  await createMeter({ slug: calls, eventType: type, aggregation: 'COUNT', groupBy: {}, actor: 'test' });
  const plan = await planFactory({
    content: {
      charges: [
        { type: 'flat', key: 'base', name: 'Base', amount: base },
        { type: 'usage', key: 'calls', name: 'Calls', meter: calls, model: 'per_unit', unitPrice },
      ],
    },
  });
  return { type, plan };
}
