import { decString, dec } from '@/lib/pricing/decimal';
import { zonedWindows } from '@/lib/periods/zoned-windows';
import { readPeriodTotals } from '@/lib/usage/read-period-totals';
import { type InvoiceLineRef, loadInvoiceLine } from './load-invoice-line';
import type { InvoiceLineView, InvoiceSummaryView } from './serialize-invoice';

export type ReadLineUsageOptions = InvoiceLineRef;

export type LineUsageDay = { start: string; end: string; quantity: string };

export type LineUsageView = {
  invoice: Pick<InvoiceSummaryView, 'id' | 'number' | 'status' | 'customerId' | 'customerName' | 'currency' | 'timeZone' | 'period' | 'usageTo'>;
  line: InvoiceLineView;
  meter: { slug: string; name: string; unit: string | null; aggregation: string; eventType: string };
  /** The span the line's quantity counts: [from, to). */
  from: string;
  to: string;
  /** Every local day of the span in the invoice's zone, clipped to it, zero days included. */
  days: LineUsageDay[];
  /** Whether days add up to the whole span (SUM, COUNT); a max or a distinct count does not. */
  additive: boolean;
  /** The whole span read now: the days' sum for additive meters. */
  total: string;
  /** total − the line's quantity: usage that arrived after the invoice was rated (0 for a fresh draft). */
  lateSinceRated: string;
};

/**
 * "Explain this line": a usage line's quantity per local day, read by the same reader and over
 * the same span, meter and filter as rating, in one statement with the whole span beside it.
 * For SUM and COUNT meters the days add up to the line's quantity; a difference is late usage
 * folded in after the invoice was rated, which later invoices carry as adjustments.
 */
export async function readLineUsage(options: ReadLineUsageOptions): Promise<LineUsageView> {
  const { invoice, line, meter, span } = await loadInvoiceLine(options);
  const days = zonedWindows({ from: span.from, to: span.to, unit: 'day', timeZone: invoice.timeZone });
  const request = (from: Date, to: Date) => ({ customerId: invoice.customerId, meter, filter: line.filter ?? {}, from, to });
  const totals = await readPeriodTotals([request(span.from, span.to), ...days.map((d) => request(d.start, d.end))]);
  const total = dec(totals[0]);
  const { id, number, status, customerId, customerName, currency, timeZone, period, usageTo } = invoice;
  return {
    invoice: { id, number, status, customerId, customerName, currency, timeZone, period, usageTo },
    line,
    meter: { slug: meter.slug, name: meter.name, unit: meter.unit, aggregation: meter.aggregation, eventType: meter.eventType },
    from: span.from.toISOString(),
    to: span.to.toISOString(),
    days: days.map((d, i) => ({ start: d.start.toISOString(), end: d.end.toISOString(), quantity: decString(dec(totals[i + 1])) })),
    additive: meter.aggregation === 'SUM' || meter.aggregation === 'COUNT',
    total: decString(total),
    lateSinceRated: decString(total.minus(line.quantity)),
  };
}
