import { z } from 'zod';
import { recordAudit } from '@/lib/audit/record-audit';
import { db } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { guardAdminLoss, lockUser } from './lock-user';
import { memberCustomerId, userNameSchema } from './user-input';
import { userRowSelect } from './user-row';

export const updateUserInput = z
  .strictObject({
    role: z.enum(['admin', 'member']).optional(),
    /** The member's customer, by id or subject key; an admin has none. */
    customer: z.string().trim().min(1).optional(),
    /** null or an empty string clears the name. */
    name: userNameSchema.nullable().optional(),
    active: z.boolean().optional(),
  })
  .refine((u) => Object.values(u).some((v) => v !== undefined), { message: 'give at least one of role, customer, name, active' });

export type UpdateUserOptions = z.input<typeof updateUserInput> & {
  /** The user, by id or email. */
  user: string;
  actor: string;
  /** The signed-in admin making the change, who must not lock themselves out. */
  actorUserId?: string;
};

/**
 * Changes a user's role, customer, name or whether it may sign in. A new role or customer, or a
 * deactivation, signs every session of the user out from its next request on (the session version).
 */
export async function updateUser({ user: ref, actor, actorUserId, ...changes }: UpdateUserOptions) {
  const input = updateUserInput.parse(changes);
  return db().$transaction(async (tx) => {
    const user = await lockUser(tx, ref);
    const role = input.role ?? user.role;
    if (role === 'admin' && input.customer !== undefined) {
      throw new AppError('validation_failed', 'An admin has no customer.', [{ path: 'customer', message: 'an admin has none' }]);
    }
    const customerId = role === 'admin' ? null : input.customer !== undefined ? await memberCustomerId(input.customer, tx) : user.customerId;
    if (customerId === null && role === 'member') {
      throw new AppError('validation_failed', 'A member needs a customer.', [{ path: 'customer', message: 'a member needs a customer' }]);
    }
    const active = input.active ?? user.active;
    const name = input.name === undefined ? user.name : input.name || null;
    if (role !== 'admin') await guardAdminLoss(tx, user, { verb: 'demote', actorUserId });
    if (!active) await guardAdminLoss(tx, user, { verb: 'deactivate', actorUserId });

    const before = { name: user.name, role: user.role, customerId: user.customerId, active: user.active };
    const after = { name, role, customerId, active };
    if (JSON.stringify(before) === JSON.stringify(after)) return tx.user.findUniqueOrThrow({ where: { id: user.id }, select: userRowSelect });
    const revokeSessions = role !== user.role || customerId !== user.customerId || (user.active && !active);
    const updated = await tx.user.update({
      where: { id: user.id },
      data: { ...after, ...(revokeSessions ? { sessionVersion: { increment: 1 } } : {}) },
      select: userRowSelect,
    });
    await recordAudit(tx, { actor, action: 'user.update', entityType: 'user', entityId: user.id, before, after: { ...after, sessionsRevoked: revokeSessions } });
    return updated;
  });
}
