import { isUuid } from '@/lib/db/ids';
import type { Tx } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { User } from '@/lib/generated/prisma/client';

// Two 32-bit keys: a key space apart from the 64-bit per-subject locks of lib/ingest.
const USERS_LOCK = [0x6d6c7573, 1] as const;

/**
 * Starts a change to a user, by id or email: one lock for all such changes, so two admins
 * demoting each other cannot both pass the last-admin check. User changes are rare; the
 * lock never touches sign-in or session checks.
 */
export async function lockUser(tx: Tx, ref: string): Promise<User> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${USERS_LOCK[0]}::int, ${USERS_LOCK[1]}::int)`;
  const user = await tx.user.findFirst({ where: isUuid(ref) ? { id: ref } : { email: ref.trim().toLowerCase() } });
  if (!user) throw new AppError('not_found', 'No such user.');
  return user;
}

export type AdminLoss = { verb: 'demote' | 'deactivate' | 'delete'; actorUserId?: string };

/**
 * Refuses a change that takes an active admin's rights away when it is the acting admin's own
 * account (they would lock themselves out mid-change) or the last active admin (nobody could
 * manage Meterline any more). Call it after lockUser, in the same transaction.
 */
export async function guardAdminLoss(tx: Tx, user: User, { verb, actorUserId }: AdminLoss): Promise<void> {
  if (user.role !== 'admin' || !user.active) return;
  if (user.id === actorUserId) throw new AppError('conflict', `You cannot ${verb} your own account; ask another admin to do it.`);
  const others = await tx.user.count({ where: { role: 'admin', active: true, id: { not: user.id } } });
  if (others === 0) throw new AppError('conflict', `${user.email} is the last active admin; make another user an admin first.`);
}
