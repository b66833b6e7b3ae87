import Link from 'next/link';
import { PageHeader } from '@/components/app-shell';
import { InvoiceDocument } from '@/components/invoice-document';
import { InvoicePrint, paperOf } from '@/components/invoice-print';
import { requirePageUser } from '@/lib/auth/current-user';
import { orNotFound } from '@/lib/http/or-not-found';
import { getInvoice } from '@/lib/invoices/get-invoice';
import { InvoiceActions } from './invoice-actions';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AdminInvoicePage({ params, searchParams }: Props) {
  const principal = await requirePageUser('admin');
  const { id } = await params;
  const invoice = await orNotFound(getInvoice({ id, principal }));
  const paper = paperOf((await searchParams).paper, invoice.currency);
  const portal = `/app/customers/${invoice.customerId}/invoices/${encodeURIComponent(invoice.id)}`;
  return (
    <>
      <div data-print="hide">
        <PageHeader title={invoice.number ?? 'Draft invoice'} description={`${invoice.customerName} · ${invoice.plan.name}`} />
        {/* Its own row: the confirmation step opens in place without pushing the title around. */}
        <div className="mb-4">
          <InvoiceActions id={invoice.id} status={invoice.status} number={invoice.number} />
        </div>
        <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
          <InvoicePrint invoiceId={invoice.id} paper={paper} pathname={`/admin/invoices/${encodeURIComponent(invoice.id)}`} />
          <p className="flex flex-wrap gap-3 text-sm">
            {invoice.replacesId && (
              <Link className="text-indigo-700 underline" href={`/admin/invoices/${invoice.replacesId}`}>
                Replaces a voided invoice
              </Link>
            )}
            {invoice.replacedById && (
              <Link className="text-indigo-700 underline" href={`/admin/invoices/${invoice.replacedById}`}>
                Replaced by a new invoice
              </Link>
            )}
            <Link className="text-indigo-700 underline" href={`/admin/invoices?customer=${invoice.customerId}`}>
              All of {invoice.customerName}&apos;s invoices
            </Link>
          </p>
        </div>
      </div>
      <InvoiceDocument invoice={invoice} explainHref={(l) => (l.kind === 'usage' ? `${portal}/lines/${l.position}` : null)} />
    </>
  );
}
