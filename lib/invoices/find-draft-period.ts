import { isUuid } from '@/lib/db/ids';
import { AppError } from '@/lib/errors/app-error';
import { type BillingPeriod, billingPeriodAt } from '@/lib/periods/billing-period';
import type { CustomerScope } from '@/lib/principals/customer-scope';
import { type BillableSubscription, anchorOf, loadBillableSubscriptions } from './billable-subscriptions';
import { parseDraftId } from './serialize-invoice';

export type FindDraftPeriodOptions = { id: string; scope: CustomerScope };

/**
 * The subscription and billing period a draft id names, when the caller may see it and the period
 * is one the subscription bills; otherwise the 404 any unknown invoice gets.
 */
export async function findDraftPeriod({ id, scope }: FindDraftPeriodOptions): Promise<{ subscription: BillableSubscription; period: BillingPeriod }> {
  const parsed = parseDraftId(id);
  const notFound = new AppError('not_found', 'No such invoice.');
  if (!parsed || !isUuid(parsed.subscriptionId)) throw notFound;
  const [subscription] = await loadBillableSubscriptions({ AND: [{ id: parsed.subscriptionId }, scope.where] });
  if (!subscription) throw notFound;
  const period = billingPeriodAt(parsed.periodStart, anchorOf(subscription));
  const billed = period.start.getTime() === parsed.periodStart.getTime() && period.end > subscription.startsAt && (!subscription.cancelAt || period.start < subscription.cancelAt);
  if (!billed) throw notFound;
  return { subscription, period };
}
