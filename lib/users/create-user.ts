import { z } from 'zod';
import { recordAudit } from '@/lib/audit/record-audit';
import { isUniqueViolation } from '@/lib/db/errors';
import { db } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { hashPassword } from './password';
import { memberCustomerId, passwordSchema, userNameSchema } from './user-input';

export const createUserInput = z
  .object({
    email: z.string().trim().toLowerCase().email().max(320),
    password: passwordSchema,
    name: userNameSchema.optional(),
    role: z.enum(['admin', 'member']),
    /** The member's customer, by id or by one of its subject keys. */
    customer: z.string().trim().min(1).optional(),
  })
  .refine((u) => (u.role === 'member') === (u.customer !== undefined), {
    message: 'a member needs a customer; an admin has none',
    path: ['customer'],
  });

export type CreateUserOptions = z.input<typeof createUserInput> & { actor: string };

export async function createUser(options: CreateUserOptions) {
  const input = createUserInput.parse(options);
  const customerId = input.customer ? await memberCustomerId(input.customer) : null;
  const passwordHash = await hashPassword(input.password);
  try {
    return await db().$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: input.email, name: input.name, passwordHash, role: input.role, customerId },
        select: { id: true, email: true, name: true, role: true, customerId: true, createdAt: true },
      });
      await recordAudit(tx, {
        actor: options.actor,
        action: 'user.create',
        entityType: 'user',
        entityId: user.id,
        after: { email: user.email, role: user.role, customerId },
      });
      return user;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('conflict', `A user with email ${input.email} already exists.`);
    throw err;
  }
}
