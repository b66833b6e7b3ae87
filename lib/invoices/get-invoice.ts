import type { Principal } from '@/lib/principals/principal';
import { db } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { customerScope } from '@/lib/principals/customer-scope';
import { buildDraftInvoice } from './build-draft-invoice';
import { findDraftPeriod } from './find-draft-period';
import { loadInvoice } from './load-invoice';
import { type InvoiceView, serializeDraft } from './serialize-invoice';

export type GetInvoiceOptions = { id: string; principal: Principal; now?: Date };

/**
 * One invoice with its lines: a stored one by uuid, or a live draft by its draft id. A draft id
 * whose period has been finalized since answers that period's current invoice, so a link to a
 * draft keeps working. A member reaches only its own customer's invoices.
 */
export async function getInvoice({ id, principal, now = new Date() }: GetInvoiceOptions): Promise<InvoiceView> {
  const scope = customerScope(principal);
  if (!id.startsWith('draft_')) {
    const invoice = await loadInvoice(id, scope);
    if (!invoice) throw new AppError('not_found', 'No such invoice.');
    return invoice;
  }
  const { subscription, period } = await findDraftPeriod({ id, scope });
  const stored = await db().invoice.findFirst({
    where: { customerId: subscription.customerId, subscriptionId: subscription.id, periodStart: period.start },
    orderBy: { revision: 'desc' },
    select: { id: true },
  });
  if (stored) return (await loadInvoice(stored.id, scope))!;
  return serializeDraft(await buildDraftInvoice({ subscription, period, now }));
}
