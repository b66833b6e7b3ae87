import { z } from 'zod';

// Zones run from UTC−12 to UTC+14, so local midnight on the 1st of a month falls within
// [1st 00:00Z − 14 h, 1st 00:00Z + 12 h]: shifting UTC month starts back 14 hours makes
// "periods starting in March" mean March in each customer's own zone.
const EARLIEST_OFFSET_MS = 14 * 3_600_000;

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');

/** The list page's query: filters as a person types them, and the paging cursor. */
export const invoiceFiltersInput = z.object({
  status: z.enum(['finalized', 'void']).or(z.literal('')).optional(),
  customer: z.uuid().or(z.literal('')).optional(),
  from: month.or(z.literal('')).optional(),
  to: month.or(z.literal('')).optional(),
  cursor: z.string().max(200).optional(),
});

/** The first instant at which some zone's `YYYY-MM` (or the month after it, `after`) begins. */
export function monthStart(value: string, after = false): Date {
  const [y, m] = value.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1 + (after ? 1 : 0), 1) - EARLIEST_OFFSET_MS);
}
