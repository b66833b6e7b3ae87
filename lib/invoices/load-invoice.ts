import { isUuid } from '@/lib/db/ids';
import { db } from '@/lib/db/prisma';
import type { CustomerScope } from '@/lib/principals/customer-scope';
import { invoiceInclude, serializeInvoice } from './serialize-invoice';

/** A stored invoice with its lines as the API answers it, or null; `scope` confines it to one customer. */
export async function loadInvoice(id: string, scope: CustomerScope) {
  if (!isUuid(id)) return null;
  const invoice = await db().invoice.findFirst({ where: { AND: [{ id }, scope.where] }, include: invoiceInclude });
  if (!invoice) return null;
  const lines = await db().invoiceLine.findMany({ where: { customerId: invoice.customerId, invoiceId: invoice.id }, orderBy: { position: 'asc' } });
  const adjusted = [...new Set(lines.flatMap((l) => (l.adjustsInvoiceId ? [l.adjustsInvoiceId] : [])))];
  const numbers = adjusted.length
    ? await db().invoice.findMany({ where: { customerId: invoice.customerId, id: { in: adjusted } }, select: { id: true, number: true } })
    : [];
  return serializeInvoice(invoice, lines, new Map(numbers.map((n) => [n.id, n.number])));
}
