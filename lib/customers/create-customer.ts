import { z } from 'zod';
import { recordAudit } from '@/lib/audit/record-audit';
import { db } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { isUniqueViolation } from '@/lib/db/errors';
import { currencySchema, loadTimeZones, subjectKeySchema, timeZoneSchema } from './validation';

export const createCustomerInput = z.object({
  name: z.string().trim().min(1).max(200),
  subjects: z.array(subjectKeySchema).min(1).max(100),
  currency: currencySchema.default('USD'),
  timeZone: timeZoneSchema.default('UTC'),
});

export type CreateCustomerOptions = z.input<typeof createCustomerInput> & { actor: string };

export async function createCustomer(options: CreateCustomerOptions) {
  await loadTimeZones();
  const input = createCustomerInput.parse(options);
  const subjects = [...new Set(input.subjects)];
  try {
    return await db().$transaction(async (tx) => {
      const customer = await tx.customer.create({
        data: {
          name: input.name,
          currency: input.currency,
          timeZone: input.timeZone,
          subjects: { create: subjects.map((key) => ({ key })) },
        },
        include: { subjects: { select: { key: true } } },
      });
      await recordAudit(tx, {
        actor: options.actor,
        action: 'customer.create',
        entityType: 'customer',
        entityId: customer.id,
        after: { name: customer.name, currency: customer.currency, timeZone: customer.timeZone, subjects },
      });
      return customer;
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      // Name the keys that clashed, so the admin knows which one to drop.
      const taken = (await db().subjectKey.findMany({ where: { key: { in: subjects } }, select: { key: true }, orderBy: { key: 'asc' } })).map((s) => s.key);
      const named = taken.length > 0 ? taken.map((k) => `"${k}"`).join(', ') : 'A subject key';
      throw new AppError('conflict', `${named} already ${taken.length > 1 ? 'belong' : 'belongs'} to another customer.`, { taken });
    }
    throw err;
  }
}
