import { z } from 'zod';
import type { BreakdownRow } from '@/lib/pricing/breakdown';
import { csvText } from '@/lib/text/csv';
import type { InvoiceView } from './serialize-invoice';

/** Query of `GET /api/v1/invoices/{id}/export`. */
export const exportInvoiceInput = z.object({ format: z.enum(['csv', 'json']) }).strict();

const HEADER = ['invoice', 'status', 'currency', 'period_start', 'period_end', 'line', 'kind', 'charge', 'name', 'meter', 'row', 'tier_from', 'tier_up_to', 'quantity', 'unit_price', 'flat_price', 'amount', 'adjusts'];

/** The tier rows of a usage line (or of the re-rated charge an adjustment corrects). */
function breakdownOf(detail: Record<string, unknown>): BreakdownRow[] {
  const rows = (detail.breakdown ?? (detail.rerated as { detail?: { breakdown?: unknown } } | undefined)?.detail?.breakdown) as BreakdownRow[] | undefined;
  return Array.isArray(rows) ? rows : [];
}

/**
 * An invoice as CSV, every number the exact decimal string the API gives: one `line` row per
 * invoice line (its quantity and rounded amount), then one `tier` row per breakdown row under it
 * (quantity, unit and flat price, unrounded subtotal), then the `subtotal` and `total` rows.
 */
export function invoiceCsv(invoice: InvoiceView): string {
  const head = [invoice.number ?? invoice.id, invoice.status, invoice.currency, invoice.period.start, invoice.period.end];
  const rows: (string | null)[][] = [HEADER];
  for (const l of invoice.lines) {
    const adjusts = l.adjusts ? (l.adjusts.number ?? l.adjusts.invoiceId) : null;
    rows.push([...head, String(l.position), l.kind, l.chargeKey, l.name, l.meter, 'line', null, null, l.quantity, null, null, l.amount, adjusts]);
    for (const t of breakdownOf(l.detail)) {
      rows.push([...head, String(l.position), l.kind, l.chargeKey, l.name, l.meter, 'tier', t.from, t.upTo, t.quantity, t.unitPrice, t.flatPrice, t.subtotal, adjusts]);
    }
  }
  rows.push([...head, null, null, null, 'Subtotal', null, 'subtotal', null, null, null, null, null, invoice.subtotal, null]);
  rows.push([...head, null, null, null, 'Total', null, 'total', null, null, null, null, null, invoice.total, null]);
  return csvText(rows);
}
