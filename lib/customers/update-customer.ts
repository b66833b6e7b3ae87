import { z } from 'zod';
import { recordAudit } from '@/lib/audit/record-audit';
import { db } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { findCustomerId } from './find-customer';
import { currencySchema, invoiceGraceMinutesSchema, loadTimeZones, timeZoneSchema } from './validation';

export const updateCustomerInput = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    currency: currencySchema.optional(),
    timeZone: timeZoneSchema.optional(),
    /** null: back to the instance default. */
    invoiceGraceMinutes: invoiceGraceMinutesSchema.optional(),
  })
  .refine((c) => Object.values(c).some((v) => v !== undefined), { message: 'give at least one of name, currency, timeZone, invoiceGraceMinutes' });

export type UpdateCustomerOptions = z.input<typeof updateCustomerInput> & {
  /** The customer, by id or one of its subject keys. */
  customer: string;
  actor: string;
};

type Audited = { name: string; currency: string; timeZone: string; invoiceGraceMinutes: number | null };

/** Changes a customer's name, currency, time zone or invoice grace period. */
export async function updateCustomer({ customer: ref, actor, ...changes }: UpdateCustomerOptions) {
  await loadTimeZones(); // the zone check asks PostgreSQL's list too, for the CLI as for the API
  const input = updateCustomerInput.parse(changes);
  return db().$transaction(async (tx) => {
    const id = await findCustomerId(ref, tx);
    // Locked, so two admins editing at once leave an audit trail whose befores match.
    const [current] = id ? await tx.$queryRaw<{ name: string; currency: string; time_zone: string; invoice_grace_minutes: number | null }[]>`
      SELECT name, currency, time_zone, invoice_grace_minutes FROM customers WHERE id = ${id}::uuid FOR UPDATE` : [];
    if (!id || !current) throw new AppError('not_found', 'No such customer.');
    const before: Audited = { name: current.name, currency: current.currency, timeZone: current.time_zone, invoiceGraceMinutes: current.invoice_grace_minutes };
    const customer = await tx.customer.update({
      where: { id },
      data: input,
      include: { subjects: { select: { key: true }, orderBy: { key: 'asc' } } },
    });
    const after: Audited = { name: customer.name, currency: customer.currency, timeZone: customer.timeZone, invoiceGraceMinutes: customer.invoiceGraceMinutes };
    await recordAudit(tx, { actor, action: 'customer.update', entityType: 'customer', entityId: id, before, after });
    return customer;
  });
}
