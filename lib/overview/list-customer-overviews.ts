import { loadBillableSubscriptions } from '@/lib/invoices/billable-subscriptions';
import { upcomingPeriods } from '@/lib/invoices/upcoming-periods';
import { customerScope } from '@/lib/principals/customer-scope';
import type { Principal } from '@/lib/principals/principal';
import { buildOverviews } from './build-overviews';
import type { ActiveOverview } from './overview-view';

export type ListCustomerOverviewsOptions = { principal: Principal; now?: Date };

export type CustomerOverviewRow = { customerId: string; plan: ActiveOverview['subscription']['plan']; currency: string; costSoFar: string; forecast: ActiveOverview['forecast']['total'] };

/**
 * Plan, cost so far and forecast of every subscribed customer the caller may see, for the admin
 * customers list: all overviews come from one batch (one rating read, one daily read, one
 * previous-invoice read), so 100 customers cost a few statements, not 100 round trips of them.
 * Measured on the 2-core dev machine (busy with other work): 100 customers with 60 days of usage
 * in two zones, the daily read alone 0.8-1.1 s, four day-windowed meter queries, against 2.3-3.0 s
 * when it probed each customer, charge and day; bench phase H times the whole batch.
 */
export async function listCustomerOverviews({ principal, now = new Date() }: ListCustomerOverviewsOptions): Promise<CustomerOverviewRow[]> {
  const subscriptions = await loadBillableSubscriptions({ AND: [{ status: 'active' }, customerScope(principal).where] });
  const periods = await upcomingPeriods({ subscriptions, now });
  const jobs = subscriptions.flatMap((subscription, k) => (periods[k] ? [{ subscription, period: periods[k] }] : []));
  const overviews = await buildOverviews({ jobs, now });
  return overviews.map((o, k) => ({ customerId: jobs[k].subscription.customerId, plan: o.subscription.plan, currency: o.currency, costSoFar: o.costSoFar, forecast: o.forecast.total }));
}
