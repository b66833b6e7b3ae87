import { actorOf } from '@/lib/principals/principal';
import { route } from '@/lib/http/route';
import { finalizeInvoice } from '@/lib/invoices/finalize-invoice';

type P = { id: string };

/** Finalizes a draft now (before its period ends or the worker gets to it); 201 with the invoice. */
export const POST = route<P>('admin', async ({ principal, params }) =>
  Response.json(await finalizeInvoice({ id: params.id, actor: actorOf(principal) }), { status: 201 }),
);
