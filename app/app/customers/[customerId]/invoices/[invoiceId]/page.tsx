import { notFound } from 'next/navigation';
import Link from 'next/link';
import { PageHeader } from '@/components/app-shell';
import { InvoiceDocument } from '@/components/invoice-document';
import { InvoicePrint, paperOf } from '@/components/invoice-print';
import { requirePageUser } from '@/lib/auth/current-user';
import { orNotFound } from '@/lib/http/or-not-found';
import { getInvoice } from '@/lib/invoices/get-invoice';

type Props = { params: Promise<{ customerId: string; invoiceId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function CustomerInvoicePage({ params, searchParams }: Props) {
  const { customerId, invoiceId } = await params;
  const principal = await requirePageUser({ customerId });
  const invoice = await orNotFound(getInvoice({ id: invoiceId, principal }));
  // An admin's URL may pair one customer with another's invoice: that page does not exist.
  if (invoice.customerId !== customerId) notFound();
  const paper = paperOf((await searchParams).paper, invoice.currency);
  const base = `/app/customers/${customerId}/invoices`;
  const self = `${base}/${encodeURIComponent(invoice.id)}`;
  return (
    <>
      <div data-print="hide">
        <PageHeader title={invoice.number ?? 'Upcoming invoice'} description={invoice.status === 'draft' ? 'A live draft: it changes as usage arrives, until the period ends.' : undefined} />
        <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
          <InvoicePrint invoiceId={invoice.id} paper={paper} pathname={self} />
          <p className="flex flex-wrap gap-3 text-sm">
            {invoice.replacedById && (
              <Link className="text-indigo-700 underline" href={`${base}/${invoice.replacedById}`}>
                See the replacement invoice
              </Link>
            )}
            <Link className="text-indigo-700 underline" href={base}>
              All invoices
            </Link>
          </p>
        </div>
      </div>
      <InvoiceDocument invoice={invoice} explainHref={(l) => (l.kind === 'usage' ? `${self}/lines/${l.position}` : l.adjusts ? `${base}/${l.adjusts.invoiceId}` : null)} />
    </>
  );
}
