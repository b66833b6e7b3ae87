import { z } from 'zod';
import { recordAudit } from '@/lib/audit/record-audit';
import { db } from '@/lib/db/prisma';
import { lockUser } from './lock-user';
import { hashPassword } from './password';
import { passwordSchema } from './user-input';

export const setUserPasswordInput = z.strictObject({ password: passwordSchema });

export type SetUserPasswordOptions = z.input<typeof setUserPasswordInput> & { user: string; actor: string };

/** Resets a user's password and signs every session of the user out from its next request on. */
export async function setUserPassword({ user: ref, actor, ...body }: SetUserPasswordOptions) {
  const { password } = setUserPasswordInput.parse(body);
  // Hashing takes ~100 ms of CPU: do it before taking the users lock.
  const passwordHash = await hashPassword(password);
  return db().$transaction(async (tx) => {
    const user = await lockUser(tx, ref);
    const updated = await tx.user.update({
      where: { id: user.id },
      data: { passwordHash, sessionVersion: { increment: 1 } },
      select: { id: true, email: true, sessionVersion: true },
    });
    // The audit says that the password changed and sessions ended; never anything about the password.
    await recordAudit(tx, {
      actor,
      action: 'user.reset_password',
      entityType: 'user',
      entityId: user.id,
      before: { sessionVersion: user.sessionVersion },
      after: { sessionVersion: updated.sessionVersion },
    });
    return { id: updated.id, email: updated.email };
  });
}
