import { recordAudit } from '@/lib/audit/record-audit';
import { db } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { billingPeriodsBetween } from '@/lib/periods/billing-period';
import { EVERY_CUSTOMER } from '@/lib/principals/customer-scope';
import { anchorOf } from './billable-subscriptions';
import { findDraftPeriod } from './find-draft-period';
import { loadInvoice } from './load-invoice';
import { rateInvoices } from './rate-invoices';
import { readRatingPosition } from './read-rating-position';
import type { InvoiceView } from './serialize-invoice';
import { storeInvoices } from './store-invoices';

export type FinalizeInvoiceOptions = { id: string; actor: string; now?: Date };

/**
 * An admin finalizes a draft before its period is over (or before the worker gets to it): the
 * period is rated with the usage counted so far and numbered now, exactly as the worker would.
 * Usage arriving later for the period becomes an adjustment on the next invoice. The periods
 * before it must be finalized first, so numbers follow the periods.
 */
export async function finalizeInvoice({ id, actor, now = new Date() }: FinalizeInvoiceOptions): Promise<InvoiceView> {
  if (!id.startsWith('draft_')) {
    if (await loadInvoice(id, EVERY_CUSTOMER)) throw new AppError('conflict', 'The invoice is already finalized.', [{ path: 'id', message: 'already finalized' }]);
    throw new AppError('not_found', 'No such invoice.');
  }
  const { subscription: s, period } = await findDraftPeriod({ id, scope: EVERY_CUSTOMER });
  if (period.start > now) throw new AppError('conflict', 'The period has not started yet.', [{ path: 'id', message: 'period not started' }]);
  const invoiced = await db().invoice.findMany({ where: { customerId: s.customerId, subscriptionId: s.id, revision: 0, periodStart: { lte: period.start } }, select: { id: true, periodStart: true } });
  const mine = invoiced.find((i) => i.periodStart.getTime() === period.start.getTime());
  if (mine) throw new AppError('conflict', 'The period is already finalized.', [{ path: 'id', message: `finalized as invoice ${mine.id}` }]);
  const before = billingPeriodsBetween(s.startsAt, period.start, anchorOf(s)).length;
  if (invoiced.length < before) throw new AppError('conflict', 'An earlier period of this subscription is not finalized yet; finalize it first.', [{ path: 'id', message: 'earlier period open' }]);

  const usageTo = now < period.end ? now : period.end;
  const { position, pendingFrom } = await readRatingPosition([s.customerId]);
  const pending = pendingFrom.get(s.customerId);
  if (pending && pending < usageTo) throw new AppError('conflict', 'Usage up to now is still being counted; retry in a few seconds.', [{ path: 'id', message: 'rollups behind' }]);

  const rated = await rateInvoices({ jobs: [{ subscription: s, period, usageTo, withAdjustments: true }], now });
  const stored = await db().$transaction(async (tx) => {
    const [written] = await storeInvoices(tx, { rated, now, actor, position });
    if (!written) throw new AppError('conflict', "The customer's invoices changed while this one was rated; retry.", [{ path: 'id', message: 'retry' }]);
    await recordAudit(tx, {
      actor,
      action: 'invoice.finalize',
      entityType: 'invoice',
      entityId: written.id,
      after: { draftId: id, number: written.number, total: written.rated.total, periodStart: period.start.toISOString(), usageTo: usageTo.toISOString() },
    });
    return written;
  });
  return (await loadInvoice(stored.id, EVERY_CUSTOMER))!;
}
