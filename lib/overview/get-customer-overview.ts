import { getCustomer } from '@/lib/customers/get-customer';
import { loadBillableSubscriptions } from '@/lib/invoices/billable-subscriptions';
import { upcomingPeriods } from '@/lib/invoices/upcoming-periods';
import { customerScope } from '@/lib/principals/customer-scope';
import type { Principal } from '@/lib/principals/principal';
import { buildOverviews } from './build-overviews';
import type { CustomerOverview } from './overview-view';

export type GetCustomerOverviewOptions = { customerId: string; principal: Principal; now?: Date };

/**
 * What a customer spends this period and will likely owe: the live draft's total, a forecast with
 * its 80% range, per charge. A member asking for another customer gets the usual 404; a customer
 * without a running subscription gets an answer that says so, not an error.
 */
export async function getCustomerOverview({ customerId, principal, now = new Date() }: GetCustomerOverviewOptions): Promise<CustomerOverview> {
  const c = await getCustomer({ id: customerId, principal });
  const customer = { id: c.id, name: c.name, currency: c.currency, timeZone: c.timeZone, subjects: c.subjects.map((x) => x.key) };
  const at = now.toISOString();
  const [subscription] = await loadBillableSubscriptions({ AND: [{ customerId, status: 'active' }, customerScope(principal).where] });
  if (!subscription) {
    return { customer, at, status: 'no_subscription', message: `${c.name} is not subscribed to a plan yet, so there is no cost or forecast to show. An admin subscribes it on its page in the admin area.` };
  }
  const [period] = await upcomingPeriods({ subscriptions: [subscription], now });
  if (!period) return { customer, at, status: 'no_subscription', message: `${c.name}'s subscription has ended: there is no further period to bill. Past invoices stay available.` };
  const [overview] = await buildOverviews({ jobs: [{ subscription, period }], now });
  return { customer, at, ...overview };
}
