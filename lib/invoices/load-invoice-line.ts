import { z } from 'zod';
import type { Principal } from '@/lib/principals/principal';
import { AppError } from '@/lib/errors/app-error';
import { type PeriodMeter, loadPeriodMeters } from '@/lib/usage/load-period-meters';
import { loadBillableSubscriptions, usageSpan } from './billable-subscriptions';
import { getInvoice } from './get-invoice';
import type { InvoiceLineView, InvoiceView } from './serialize-invoice';

/** The `{position}` of `/api/v1/invoices/{id}/lines/{position}/…`. */
export const linePositionInput = z.object({ position: z.coerce.number().int().min(0).max(100_000) });

export type LoadInvoiceLineOptions = { invoiceId: string; position: number; principal: Principal };

export type InvoiceLineContext = {
  invoice: InvoiceView;
  line: InvoiceLineView & { meter: string; quantity: string };
  meter: PeriodMeter;
  /** The usage the line counted: the period clipped to the subscription and the invoice's usageTo. */
  span: { from: Date; to: Date };
};

/** A line to read: by invoice and position for the principal, or one already loaded (a page that reads its usage and events loads it once). */
export type InvoiceLineRef = LoadInvoiceLineOptions | { loaded: InvoiceLineContext };

/**
 * A usage line of an invoice the principal may read, with its meter and the exact span its
 * quantity was read over (the same `usageSpan` rating used). Anything else is "not found".
 * Given a line already loaded, answers it as it is.
 */
export async function loadInvoiceLine(ref: InvoiceLineRef): Promise<InvoiceLineContext> {
  if ('loaded' in ref) return ref.loaded;
  const { invoiceId, position, principal } = ref;
  const invoice = await getInvoice({ id: invoiceId, principal });
  const line = invoice.lines.find((l) => l.position === position);
  if (!line || line.kind !== 'usage' || line.meter === null || line.quantity === null) {
    throw new AppError('not_found', 'No such usage line on this invoice.');
  }
  const meter = (await loadPeriodMeters([line.meter])).get(line.meter);
  if (!meter) throw new AppError('not_found', `The meter "${line.meter}" of this line no longer exists.`);
  const [subscription] = await loadBillableSubscriptions({ id: invoice.subscriptionId, customerId: invoice.customerId });
  if (!subscription) throw new AppError('not_found', 'No such invoice.');
  const span = usageSpan(subscription, { start: new Date(invoice.period.start), end: new Date(invoice.period.end) }, new Date(invoice.usageTo));
  return {
    invoice,
    line: { ...line, meter: line.meter, quantity: line.quantity },
    meter,
    span,
  };
}
