import Link from 'next/link';
import type { InvoiceLineView, InvoiceView } from '@/lib/invoices/serialize-invoice';
import type { BreakdownRow } from '@/lib/pricing/breakdown';
import { minorUnits } from '@/lib/pricing/money';
import { formatDate, formatPeriod } from './format-date';
import { formatDecimal } from './format-decimal';
import { formatMoney, Money } from './money';
import { formatTierRange } from './tier-range';

const STATUS_LABEL = { draft: 'Draft', finalized: 'Finalized', void: 'Void' } as const;

export function InvoiceStatus({ status }: { status: InvoiceView['status'] }) {
  const colour = { draft: 'bg-amber-100 text-amber-900', finalized: 'bg-emerald-100 text-emerald-900', void: 'bg-slate-200 text-slate-700 line-through' }[status];
  return <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${colour}`}>{STATUS_LABEL[status]}</span>;
}

function tierLabel(t: BreakdownRow): string {
  if (t.packages !== undefined) return `${formatDecimal(t.quantity)} units in ${formatDecimal(t.packages)} package${t.packages === '1' ? '' : 's'}`;
  const range = formatTierRange(t.from, t.upTo);
  return t.tier !== undefined ? `Tier ${t.tier + 1} · ${range}` : range;
}

/** What a line's detail says, in a sentence: proration, included units, the invoice an adjustment corrects. */
function lineNote(l: InvoiceLineView, timeZone: string): string | null {
  const d = l.detail as Record<string, unknown>;
  if (l.kind === 'flat' && typeof d.coveredMs === 'number' && typeof d.periodMs === 'number' && d.coveredMs < d.periodMs) {
    return `Prorated for the part of the period the subscription covers.`;
  }
  if (l.kind === 'usage' && typeof d.includedUnits === 'string' && d.includedUnits !== '0') return `First ${formatDecimal(d.includedUnits)} included.`;
  if (l.kind === 'minimum') return 'Brings the total up to the plan’s minimum spend.';
  if (l.kind === 'adjustment' && l.adjusts) {
    return `Late usage for ${l.adjusts.number ?? 'an earlier invoice'}, ${formatPeriod({ start: l.adjusts.periodStart, end: l.adjusts.periodEnd }, timeZone)}.`;
  }
  return null;
}

function breakdownOf(l: InvoiceLineView): BreakdownRow[] {
  const d = l.detail as { breakdown?: BreakdownRow[] };
  return l.kind === 'usage' && Array.isArray(d.breakdown) ? d.breakdown : [];
}

/**
 * An invoice as a document: issuer, customer, number, dates, period, lines with their tier
 * breakdown, totals and the rounding rule. The same markup is the page and the print-out;
 * `data-print="hide"` marks what paper does not need (links to explanations).
 */
export function InvoiceDocument({ invoice, explainHref }: { invoice: InvoiceView; explainHref?: (line: InvoiceLineView) => string | null }) {
  const { issuer, currency, timeZone } = invoice;
  const digits = minorUnits(currency);
  return (
    <article className="invoice-document rounded-xl border border-slate-200 bg-white p-4 sm:p-8 print:border-0 print:p-0" aria-label="Invoice">
      <header className="flex flex-wrap justify-between gap-6 border-b border-slate-200 pb-6">
        <div>
          <p className="text-lg font-semibold" data-testid="issuer-name">
            {issuer.name}
          </p>
          <address className="text-sm not-italic text-slate-600">
            {issuer.address.map((a) => (
              <span key={a} className="block">
                {a}
              </span>
            ))}
            {issuer.taxId && <span className="block">Tax ID: {issuer.taxId}</span>}
          </address>
        </div>
        <div className="text-left sm:text-right">
          <h2 className="text-2xl font-semibold">
            {invoice.status === 'draft' ? 'Draft invoice' : 'Invoice'} <span data-testid="invoice-number">{invoice.number ?? ''}</span>
          </h2>
          <p className="mt-1">
            <InvoiceStatus status={invoice.status} />
            {invoice.revision > 0 && <span className="ml-2 text-sm text-slate-600">Replacement #{invoice.revision}</span>}
          </p>
        </div>
      </header>

      <dl className="grid gap-4 border-b border-slate-200 py-6 text-sm sm:grid-cols-2 print:grid-cols-2">
        <div>
          <dt className="text-slate-500">Billed to</dt>
          <dd className="font-medium">{invoice.customerName}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Issue date</dt>
          <dd>{invoice.finalizedAt ? formatDate(invoice.finalizedAt, timeZone) : `Not issued yet · usage to ${formatDate(invoice.usageTo, timeZone)}`}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Period</dt>
          <dd data-testid="invoice-period">
            {formatPeriod(invoice.period, timeZone)} <span className="text-slate-500">({timeZone})</span>
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">Plan</dt>
          <dd>
            {invoice.plan.name} · version {invoice.plan.version}
          </dd>
        </div>
        {invoice.voided && (
          <div className="sm:col-span-2">
            <dt className="text-slate-500">Voided {formatDate(invoice.voided.at, timeZone)}</dt>
            <dd>{invoice.voided.reason}</dd>
          </div>
        )}
      </dl>

      <div className="relative overflow-x-auto">
        <table className="mt-4 w-full text-left text-sm" data-testid="invoice-lines">
          <caption className="sr-only">Invoice lines</caption>
          <thead className="border-b border-slate-300 text-slate-600">
            <tr>
              <th scope="col" className="py-2 pr-4 font-medium">
                Description
              </th>
              <th scope="col" className="py-2 pr-4 text-right font-medium">
                Quantity
              </th>
              <th scope="col" className="py-2 text-right font-medium">
                Amount
              </th>
            </tr>
          </thead>
          {invoice.lines.map((l) => {
            const note = lineNote(l, timeZone);
            const href = explainHref?.(l) ?? null;
            return (
              <tbody key={l.position} className="border-b border-slate-100 break-inside-avoid" data-testid={`line-${l.position}`}>
                <tr className="align-top">
                  <th scope="row" className="py-2 pr-4 font-medium">
                    {l.name}
                    {l.kind === 'adjustment' && <span className="ml-1 font-normal text-slate-500">(adjustment)</span>}
                    {note && <span className="block text-xs font-normal text-slate-500">{note}</span>}
                    {href && (
                      <Link href={href} className="block text-xs font-normal text-indigo-700 underline" data-print="hide">
                        {l.kind === 'adjustment' ? 'Open the corrected invoice' : 'Explain this line'}
                      </Link>
                    )}
                  </th>
                  <td className="py-2 pr-4 text-right tabular-nums" data-testid="line-quantity">
                    {l.quantity === null ? '' : formatDecimal(l.quantity)}
                  </td>
                  <td className="py-2 text-right" data-testid="line-amount">
                    <Money amount={l.amount} currency={currency} />
                  </td>
                </tr>
                {breakdownOf(l).map((t, i) => (
                  <tr key={i} className="text-xs text-slate-600" data-testid="tier-row">
                    <td className="py-1 pr-4 pl-4">
                      {tierLabel(t)}: {formatDecimal(t.packages ?? t.quantity)} × {formatMoney(t.unitPrice, currency)}
                      {t.flatPrice !== '0' && ` + ${formatMoney(t.flatPrice, currency)} flat`}
                    </td>
                    <td />
                    <td className="py-1 text-right tabular-nums">{formatMoney(t.subtotal, currency)}</td>
                  </tr>
                ))}
              </tbody>
            );
          })}
          <tfoot>
            <tr>
              <th scope="row" colSpan={2} className="pt-4 pr-4 text-right font-medium">
                Subtotal
              </th>
              <td className="pt-4 text-right" data-testid="invoice-subtotal">
                <Money amount={invoice.subtotal} currency={currency} />
              </td>
            </tr>
            <tr className="text-base">
              <th scope="row" colSpan={2} className="pt-1 pr-4 text-right font-semibold">
                Total ({currency})
              </th>
              <td className="pt-1 text-right font-semibold" data-testid="invoice-total">
                <Money amount={invoice.total} currency={currency} />
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
      {invoice.lines.length === 0 && <p className="py-4 text-sm text-slate-600">No charges in this period.</p>}

      <p className="mt-6 text-xs text-slate-500" data-testid="rounding-rule">
        Quantities and prices are exact. Each line&apos;s amount is rounded once to the {currency} minor unit ({digits} decimal{digits === 1 ? '' : 's'}), half
        away from zero; tier amounts are shown unrounded, and the total is the sum of the rounded lines.
      </p>
    </article>
  );
}
