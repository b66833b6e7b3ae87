import type { Principal } from '@/lib/principals/principal';
import { isUuid } from '@/lib/db/ids';
import { AppError } from '@/lib/errors/app-error';
import { customerScope } from '@/lib/principals/customer-scope';
import { loadBillableSubscriptions } from './billable-subscriptions';
import { buildDraftInvoice } from './build-draft-invoice';
import { type InvoiceView, serializeDraft } from './serialize-invoice';
import { upcomingPeriods } from './upcoming-periods';

export type GetUpcomingInvoiceOptions = { customerId: string; principal: Principal; now?: Date };

/**
 * The customer's live draft: its running subscription's open period (the first one, when it starts
 * later; the next one, when the open period was finalized early), rated now.
 */
export async function getUpcomingInvoice({ customerId, principal, now = new Date() }: GetUpcomingInvoiceOptions): Promise<InvoiceView> {
  if (!isUuid(customerId)) throw new AppError('not_found', 'No such customer.');
  const [subscription] = await loadBillableSubscriptions({ AND: [{ customerId, status: 'active' }, customerScope(principal).where] });
  if (!subscription) throw new AppError('not_found', 'The customer has no subscription, so no upcoming invoice.');
  const [period] = await upcomingPeriods({ subscriptions: [subscription], now });
  if (!period) throw new AppError('not_found', 'The subscription ends before another period starts.');
  return serializeDraft(await buildDraftInvoice({ subscription, period, now }));
}
