import { route } from '@/lib/http/route';
import { getInvoice } from '@/lib/invoices/get-invoice';
import { exportInvoiceInput, invoiceCsv } from '@/lib/invoices/invoice-csv';

type P = { id: string };

/** `?format=csv|json`: the invoice as a download, the same numbers `GET /api/v1/invoices/{id}` gives. */
export const GET = route<P>('read', async ({ req, principal, params }) => {
  const { format } = exportInvoiceInput.parse(Object.fromEntries(new URL(req.url).searchParams));
  const invoice = await getInvoice({ id: params.id, principal });
  const name = (invoice.number ?? invoice.id).replace(/[^A-Za-z0-9_-]/g, '_');
  const body = format === 'csv' ? invoiceCsv(invoice) : `${JSON.stringify(invoice, null, 2)}\n`;
  return new Response(body, {
    headers: {
      'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="${name}.${format}"`,
      'cache-control': 'private, no-store',
    },
  });
});
