import { route } from '@/lib/http/route';
import { linePositionInput } from '@/lib/invoices/load-invoice-line';
import { readLineUsage } from '@/lib/invoices/read-line-usage';

type P = { id: string; position: string };

/** A usage line's quantity per day of its period, in the customer's zone ("explain this line"). */
export const GET = route<P>('read', async ({ principal, params }) => {
  const { position } = linePositionInput.parse(params);
  return readLineUsage({ invoiceId: params.id, position, principal });
});
