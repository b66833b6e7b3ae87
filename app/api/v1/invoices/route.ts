import { route } from '@/lib/http/route';
import { listInvoicesInput } from '@/lib/invoices/invoice-input';
import { listInvoices } from '@/lib/invoices/list-invoices';

/** Finalized and void invoices, newest period first; `?status=&customer=&periodFrom=&periodTo=&limit=&cursor=`. */
export const GET = route('read', async ({ req, principal }) => {
  const input = listInvoicesInput.parse(Object.fromEntries(new URL(req.url).searchParams));
  return listInvoices({ ...input, principal });
});
