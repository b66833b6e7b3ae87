import { recordAudit } from '@/lib/audit/record-audit';
import { db } from '@/lib/db/prisma';
import { guardAdminLoss, lockUser } from './lock-user';

export type DeleteUserOptions = {
  /** The user, by id or email. */
  user: string;
  actor: string;
  /** The signed-in admin making the change, who must not delete themselves. */
  actorUserId?: string;
};

/** Deletes a user; its sessions fail from the next request on, since they name a user that is gone. */
export async function deleteUser({ user: ref, actor, actorUserId }: DeleteUserOptions) {
  return db().$transaction(async (tx) => {
    const user = await lockUser(tx, ref);
    await guardAdminLoss(tx, user, { verb: 'delete', actorUserId });
    await tx.user.delete({ where: { id: user.id } });
    await recordAudit(tx, {
      actor,
      action: 'user.delete',
      entityType: 'user',
      entityId: user.id,
      before: { email: user.email, name: user.name, role: user.role, customerId: user.customerId, active: user.active },
    });
    return { id: user.id, email: user.email };
  });
}
