import type { Principal } from '@/lib/principals/principal';
import { isUuid } from '@/lib/db/ids';
import { db } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { billingPeriodAt, nextBillingPeriod } from '@/lib/periods/billing-period';
import { customerScope } from '@/lib/principals/customer-scope';
import { anchorOf, loadBillableSubscriptions } from './billable-subscriptions';
import { buildDraftInvoice } from './build-draft-invoice';
import { type InvoiceView, serializeDraft } from './serialize-invoice';

export type GetUpcomingInvoiceOptions = { customerId: string; principal: Principal; now?: Date };

/**
 * The customer's live draft: its running subscription's open period (the first one, when it starts
 * later; the next one, when the open period was finalized early), rated now.
 */
export async function getUpcomingInvoice({ customerId, principal, now = new Date() }: GetUpcomingInvoiceOptions): Promise<InvoiceView> {
  if (!isUuid(customerId)) throw new AppError('not_found', 'No such customer.');
  const [subscription] = await loadBillableSubscriptions({ AND: [{ customerId, status: 'active' }, customerScope(principal).where] });
  if (!subscription) throw new AppError('not_found', 'The customer has no subscription, so no upcoming invoice.');
  const anchor = anchorOf(subscription);
  let period = billingPeriodAt(now < subscription.startsAt ? subscription.startsAt : now, anchor);
  const finalized = await db().invoice.findFirst({ where: { customerId, subscriptionId: subscription.id, periodStart: period.start }, select: { id: true } });
  if (finalized) period = nextBillingPeriod(period, anchor);
  if (subscription.cancelAt && period.start >= subscription.cancelAt) throw new AppError('not_found', 'The subscription ends before another period starts.');
  return serializeDraft(await buildDraftInvoice({ subscription, period, now }));
}
