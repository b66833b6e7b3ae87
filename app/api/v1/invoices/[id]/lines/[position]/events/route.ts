import { route } from '@/lib/http/route';
import { linePositionInput } from '@/lib/invoices/load-invoice-line';
import { listLineEvents, listLineEventsInput } from '@/lib/invoices/list-line-events';

type P = { id: string; position: string };

/** The raw events a usage line counted, `?from&to` (one day, say), paged by `cursor`. */
export const GET = route<P>('read', async ({ req, principal, params }) => {
  const { position } = linePositionInput.parse(params);
  const query = listLineEventsInput.parse(Object.fromEntries(new URL(req.url).searchParams));
  return listLineEvents({ ...query, invoiceId: params.id, position, principal });
});
