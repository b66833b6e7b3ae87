import type { BillingPeriod } from '@/lib/periods/billing-period';
import type { BillableSubscription } from './billable-subscriptions';
import { type RatedInvoice, rateInvoices } from './rate-invoices';

export type BuildDraftInvoiceOptions = { subscription: BillableSubscription; period: BillingPeriod; now: Date };

/**
 * The live draft of a period: rated from the rollups now, usage up to now (or the period's end),
 * with the late-usage adjustments pending for the customer's next invoice. Nothing is stored.
 */
export async function buildDraftInvoice({ subscription, period, now }: BuildDraftInvoiceOptions): Promise<RatedInvoice> {
  const [draft] = await buildDraftInvoices({ drafts: [{ subscription, period }], now });
  return draft;
}

/** Many customers' live drafts at once (one draft per customer), in one usage read: the admin list's overviews. */
export async function buildDraftInvoices({ drafts, now }: { drafts: Omit<BuildDraftInvoiceOptions, 'now'>[]; now: Date }): Promise<RatedInvoice[]> {
  return rateInvoices({ jobs: drafts.map(({ subscription, period }) => ({ subscription, period, usageTo: now < period.end ? now : period.end, withAdjustments: true })), now });
}
