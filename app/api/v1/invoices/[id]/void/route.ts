import { actorOf } from '@/lib/principals/principal';
import { readJson, route } from '@/lib/http/route';
import { voidInvoiceInput } from '@/lib/invoices/invoice-input';
import { voidInvoice } from '@/lib/invoices/void-invoice';

type P = { id: string };

/** `{ "reason": "…", "reissue": true }`: voids a finalized invoice, optionally issuing its replacement. */
export const POST = route<P>('admin', async ({ req, principal, params }) => {
  const input = voidInvoiceInput.parse(await readJson(req));
  return voidInvoice({ ...input, id: params.id, actor: actorOf(principal) });
});
