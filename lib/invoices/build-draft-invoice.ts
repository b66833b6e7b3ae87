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

/**
 * A draft counts usage to the end of the current minute: rollups hold whole minutes and the
 * current one already holds everything folded in so far, so an event shows on the draft (and the
 * overview) as soon as the consumer has it, not at the next minute. Reading only to the minute's
 * start left events of the last minute out for up to 60 s.
 */
const endOfMinute = (d: Date) => new Date(Math.ceil(d.getTime() / 60_000) * 60_000);

/** Many customers' live drafts at once (one draft per customer), in one usage read: the admin list's overviews. */
export async function buildDraftInvoices({ drafts, now }: { drafts: Omit<BuildDraftInvoiceOptions, 'now'>[]; now: Date }): Promise<RatedInvoice[]> {
  const to = endOfMinute(now);
  return rateInvoices({ jobs: drafts.map(({ subscription, period }) => ({ subscription, period, usageTo: to < period.end ? to : period.end, withAdjustments: true })), now });
}
