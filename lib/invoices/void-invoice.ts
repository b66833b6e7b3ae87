import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { recordAudit } from '@/lib/audit/record-audit';
import { isUuid } from '@/lib/db/ids';
import { db } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { loadBillableSubscriptions } from './billable-subscriptions';
import type { voidInvoiceInput } from './invoice-input';
import { loadInvoice } from './load-invoice';
import { rateInvoices } from './rate-invoices';
import { readRatingPosition } from './read-rating-position';
import type { InvoiceView } from './serialize-invoice';
import { storeInvoices } from './store-invoices';
import { EVERY_CUSTOMER } from '@/lib/principals/customer-scope';

export type VoidInvoiceOptions = z.output<typeof voidInvoiceInput> & { id: string; actor: string; now?: Date };

/**
 * Voids a finalized invoice with a reason, and with `reissue` issues its replacement in the same
 * transaction: the same period rated fresh from the rollups (no adjustments: those stay on the
 * invoices that carry them), numbered now. The invoice itself keeps every figure; only its status
 * and the void fields change, which is all the database allows. Audited.
 */
export async function voidInvoice({ id, reason, reissue, actor, now = new Date() }: VoidInvoiceOptions): Promise<{ voided: InvoiceView; replacement: InvoiceView | null }> {
  const invoice = isUuid(id) ? await db().invoice.findFirst({ where: { id } }) : null;
  if (!invoice) throw new AppError('not_found', 'No such invoice.');
  if (invoice.status !== 'finalized') throw new AppError('conflict', 'The invoice is already void.', [{ path: 'id', message: 'already void' }]);

  let replacement: { rated: Awaited<ReturnType<typeof rateInvoices>>; position: { tx: string; seq: string } } | null = null;
  if (reissue) {
    const [subscription] = await loadBillableSubscriptions({ customerId: invoice.customerId, id: invoice.subscriptionId });
    const period = { start: invoice.periodStart, end: invoice.periodEnd };
    const usageTo = now < period.end ? now : period.end;
    const { position } = await readRatingPosition([]);
    replacement = { rated: await rateInvoices({ jobs: [{ subscription, period, usageTo, withAdjustments: false }], now }), position };
  }
  const newId = replacement ? randomUUID() : null;

  const written = await db().$transaction(async (tx) => {
    const changed = await tx.invoice.updateMany({
      where: { customerId: invoice.customerId, id: invoice.id, status: 'finalized' },
      data: { status: 'void', voidReason: reason, voidedAt: now, replacedById: newId },
    });
    if (changed.count === 0) throw new AppError('conflict', 'The invoice is already void.', [{ path: 'id', message: 'already void' }]);
    await recordAudit(tx, { actor, action: 'invoice.void', entityType: 'invoice', entityId: invoice.id, before: { status: 'finalized', number: invoice.number }, after: { status: 'void', reason, replacedById: newId } });
    if (!replacement || !newId) return null;
    const [stored] = await storeInvoices(tx, { rated: replacement.rated, now, actor, position: replacement.position, replacing: { id: invoice.id, revision: invoice.revision + 1, newId } });
    await recordAudit(tx, { actor, action: 'invoice.reissue', entityType: 'invoice', entityId: stored.id, after: { replaces: invoice.number, number: stored.number, total: stored.rated.total } });
    return stored;
  });
  return { voided: (await loadInvoice(invoice.id, EVERY_CUSTOMER))!, replacement: written && (await loadInvoice(written.id, EVERY_CUSTOMER)) };
}
