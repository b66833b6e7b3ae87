import { getCustomer } from '@/lib/customers/get-customer';
import { db } from '@/lib/db/prisma';
import { listInvoices } from '@/lib/invoices/list-invoices';
import { summarizeInvoices } from '@/lib/invoices/summarize-invoices';
import { Dec, ZERO, dec, decString } from '@/lib/pricing/decimal';
import { formatAmount } from '@/lib/pricing/money';
import type { Principal } from '@/lib/principals/principal';
import type { OverviewCustomer } from './overview-view';

/** Three years of monthly periods: the page stays one bounded read however old the customer is. */
export const HISTORY_PERIODS = 36;

export type HistoryCharge = { key: string; name: string; quantity: string; amount: string };

export type HistoryPeriod = {
  invoiceId: string;
  number: string;
  period: { start: string; end: string };
  currency: string;
  /** The invoice's total: the period's own charges plus any late-usage adjustments it carried. */
  total: string;
  /** Of the total, adjustments for earlier periods' late usage (0 when none). */
  adjustments: string;
  /** Usage lines of the period's own charges (adjustments excluded). */
  usage: HistoryCharge[];
  /** Against the period before (same currency): the total's difference and its percentage; null for the first, or after a $0 period. */
  change: { amount: string; percent: string | null } | null;
};

export type CustomerHistory = { customer: OverviewCustomer; periods: HistoryPeriod[]; voided: number; truncated: boolean };

export type GetCustomerHistoryOptions = { customerId: string; principal: Principal };

/**
 * Past periods from the customer's finalized invoices, oldest first. Void invoices are left out
 * (a reissue, being finalized, stands for its period). An adjustment counts in the period whose
 * invoice carried it, as billed, and is shown apart so a period's own cost stays readable.
 */
export async function getCustomerHistory({ customerId, principal }: GetCustomerHistoryOptions): Promise<CustomerHistory> {
  const c = await getCustomer({ id: customerId, principal });
  const [page, voidTotals] = await Promise.all([
    listInvoices({ principal, customer: customerId, status: 'finalized', limit: HISTORY_PERIODS }),
    summarizeInvoices({ principal, customer: customerId, status: 'void' }),
  ]);
  const invoices = [...page.data].reverse();
  const lines = await db().invoiceLine.findMany({
    where: { customerId, invoiceId: { in: invoices.map((i) => i.id) }, kind: { in: ['usage', 'adjustment'] } },
    select: { invoiceId: true, kind: true, chargeKey: true, name: true, quantity: true, amount: true },
    orderBy: [{ invoiceId: 'asc' }, { position: 'asc' }],
  });

  let before: { total: Dec; currency: string } | null = null;
  const periods = invoices.map((i): HistoryPeriod => {
    const own = lines.filter((l) => l.invoiceId === i.id);
    const total = dec(i.total);
    const adjustments = own.filter((l) => l.kind === 'adjustment').reduce((sum, l) => sum.plus(l.amount.toString()), ZERO);
    const comparable: { total: Dec; currency: string } | null = before !== null && before.currency === i.currency ? before : null;
    const change = comparable && {
      amount: formatAmount(total.minus(comparable.total), i.currency),
      percent: comparable.total.isZero() ? null : decString(total.minus(comparable.total).div(comparable.total).mul(100).toDecimalPlaces(1)),
    };
    before = { total, currency: i.currency };
    return {
      invoiceId: i.id,
      number: i.number!,
      period: i.period,
      currency: i.currency,
      total: i.total,
      adjustments: formatAmount(adjustments, i.currency),
      usage: own
        .filter((l) => l.kind === 'usage')
        .map((l) => ({ key: l.chargeKey, name: l.name, quantity: decString(dec((l.quantity ?? 0).toString())), amount: formatAmount(l.amount.toString(), i.currency) })),
      change,
    };
  });
  return {
    customer: { id: c.id, name: c.name, currency: c.currency, timeZone: c.timeZone, subjects: c.subjects.map((x) => x.key) },
    periods,
    voided: voidTotals.reduce((n, t) => n + t.count, 0),
    truncated: page.nextCursor !== null,
  };
}
