import { z } from 'zod';

const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

/** Query of `GET /api/v1/invoices`. */
export const listInvoicesInput = z
  .object({
    status: z.enum(['finalized', 'void']).optional(),
    customer: z.uuid().optional(),
    /** Invoices whose period starts at or after this instant… */
    periodFrom: instant.optional(),
    /** …and before this one. */
    periodTo: instant.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    /** The `nextCursor` of the previous page. */
    cursor: z.string().max(200).optional(),
  })
  .strict();

/** Body of `POST /api/v1/invoices/{id}/void`. */
export const voidInvoiceInput = z
  .object({
    reason: z.string().trim().min(1).max(1000),
    /** Issue a replacement at once, with a new number, rated with everything known now. */
    reissue: z.boolean().default(false),
  })
  .strict();
