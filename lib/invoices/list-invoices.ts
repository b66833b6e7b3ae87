import type { z } from 'zod';
import type { Principal } from '@/lib/principals/principal';
import { db } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { Prisma } from '@/lib/generated/prisma/client';
import { customerScope } from '@/lib/principals/customer-scope';
import type { listInvoicesInput } from './invoice-input';
import { type InvoiceSummaryView, invoiceInclude, serializeInvoiceSummary } from './serialize-invoice';

export type ListInvoicesOptions = z.output<typeof listInvoicesInput> & { principal: Principal };

export type InvoicePage = { data: InvoiceSummaryView[]; nextCursor: string | null };

const encode = (i: { periodStart: Date; id: string }) => Buffer.from(`${i.periodStart.toISOString()}|${i.id}`).toString('base64url');

function decode(cursor: string): { periodStart: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const periodStart = new Date(at);
  if (!id || Number.isNaN(periodStart.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) {
    throw new AppError('validation_failed', 'The cursor is not one this API gave.', [{ path: 'cursor', message: 'unknown cursor' }]);
  }
  return { periodStart, id };
}

export type InvoiceFilters = Pick<ListInvoicesOptions, 'principal' | 'status' | 'customer' | 'periodFrom' | 'periodTo'>;

/** The stored invoices a caller's filters select, within what it may see. */
export function invoiceFilterWhere({ principal, status, customer, periodFrom, periodTo }: InvoiceFilters): Prisma.InvoiceWhereInput {
  return {
    AND: [customerScope(principal).where, customer ? { customerId: customer } : {}],
    ...(status ? { status } : {}),
    ...(periodFrom || periodTo ? { periodStart: { ...(periodFrom ? { gte: periodFrom } : {}), ...(periodTo ? { lt: periodTo } : {}) } } : {}),
  };
}

/**
 * Stored invoices, newest period first, a page at a time (keyset on period start and id, so pages
 * never shift). A member's list is always its own customer's, whatever `customer` says.
 */
export async function listInvoices({ limit, cursor, ...filters }: ListInvoicesOptions): Promise<InvoicePage> {
  const after = cursor ? decode(cursor) : null;
  const where: Prisma.InvoiceWhereInput = {
    ...invoiceFilterWhere(filters),
    ...(after ? { OR: [{ periodStart: { lt: after.periodStart } }, { periodStart: after.periodStart, id: { lt: after.id } }] } : {}),
  };
  const rows = await db().invoice.findMany({ where, include: invoiceInclude, orderBy: [{ periodStart: 'desc' }, { id: 'desc' }], take: limit + 1 });
  const page = rows.slice(0, limit);
  return { data: page.map(serializeInvoiceSummary), nextCursor: rows.length > limit ? encode(page[page.length - 1]) : null };
}
