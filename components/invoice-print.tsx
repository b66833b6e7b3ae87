import Link from 'next/link';
import { PrintButton } from './print-button';

export type Paper = 'a4' | 'letter';

const PAPER: Record<Paper, string> = { a4: 'A4', letter: 'Letter' };

/** `?paper=letter` or A4 by default; Letter for the currencies of the countries that use it. */
export function paperOf(param: string | string[] | undefined, currency: string): Paper {
  if (param === 'a4' || param === 'letter') return param;
  return currency === 'USD' || currency === 'CAD' ? 'letter' : 'a4';
}

/**
 * Print and download controls of an invoice page, hidden on paper, and the `@page` rule for the
 * chosen paper (rendered by the server, so a print or PDF needs no script).
 */
export function InvoicePrint({ invoiceId, paper, pathname }: { invoiceId: string; paper: Paper; pathname: string }) {
  const api = `/api/v1/invoices/${encodeURIComponent(invoiceId)}/export`;
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm" data-print="hide">
      <style>{`@page { size: ${PAPER[paper]}; margin: 14mm; }`}</style>
      <PrintButton />
      <span className="text-slate-500">Paper:</span>
      {(Object.keys(PAPER) as Paper[]).map((p) => (
        <Link key={p} href={`${pathname}?paper=${p}`} aria-current={p === paper ? 'true' : undefined} className={`rounded-md px-2 py-1 ${p === paper ? 'bg-slate-200 font-medium' : 'text-indigo-700 underline'}`}>
          {PAPER[p]}
        </Link>
      ))}
      <a href={`${api}?format=csv`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50" download>
        Download CSV
      </a>
      <a href={`${api}?format=json`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50" download>
        Download JSON
      </a>
    </div>
  );
}
