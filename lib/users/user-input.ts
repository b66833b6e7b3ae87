import { z } from 'zod';
import { findCustomerId } from '@/lib/customers/find-customer';
import type { Tx } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';

/** One password rule for creating a user and for resetting a password. */
export const passwordSchema = z.string().min(8, 'must be at least 8 characters').max(200);

export const userNameSchema = z.string().trim().max(200);

/** The customer a member joins, by id or subject key; an unknown one is the caller's mistake (400). */
export async function memberCustomerId(ref: string, client?: Tx): Promise<string> {
  const id = await findCustomerId(ref, client);
  if (!id) throw new AppError('validation_failed', `No customer with id or subject key "${ref}".`, [{ path: 'customer', message: 'unknown customer' }]);
  return id;
}
