import { db } from '@/lib/db/prisma';
import { formatAmount } from '@/lib/pricing/money';
import { type InvoiceFilters, invoiceFilterWhere } from './list-invoices';

export type SummarizeInvoicesOptions = InvoiceFilters;

export type InvoiceTotals = { currency: string; status: 'finalized' | 'void'; count: number; total: string }[];

/**
 * Count and total of the stored invoices `listInvoices` would page through with the same filters,
 * per currency and status (amounts in different currencies never add up), summed by Postgres
 * over the stored, already rounded totals.
 */
export async function summarizeInvoices(filters: SummarizeInvoicesOptions): Promise<InvoiceTotals> {
  const groups = await db().invoice.groupBy({
    by: ['currency', 'status'],
    where: invoiceFilterWhere(filters),
    _count: { _all: true },
    _sum: { total: true },
    orderBy: [{ currency: 'asc' }, { status: 'asc' }],
  });
  return groups.map((g) => ({ currency: g.currency, status: g.status, count: g._count._all, total: formatAmount(g._sum.total?.toString() ?? '0', g.currency) }));
}
