import type { BillingPeriod } from '@/lib/periods/billing-period';
import type { BillableSubscription } from './billable-subscriptions';
import { type RatedInvoice, rateInvoices } from './rate-invoices';

export type BuildDraftInvoiceOptions = { subscription: BillableSubscription; period: BillingPeriod; now: Date };

/**
 * The live draft of a period: rated from the rollups now, usage up to now (or the period's end),
 * with the late-usage adjustments pending for the customer's next invoice. Nothing is stored.
 */
export async function buildDraftInvoice({ subscription, period, now }: BuildDraftInvoiceOptions): Promise<RatedInvoice> {
  const [draft] = await rateInvoices({ jobs: [{ subscription, period, usageTo: now < period.end ? now : period.end, withAdjustments: true }], now });
  return draft;
}
