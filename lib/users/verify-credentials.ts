import { DUMMY_HASH, verifyPassword } from './password';
import { db } from '@/lib/db/prisma';
import type { UserPrincipal } from '@/lib/principals/principal';

export type VerifyCredentialsOptions = { email: string; password: string };

/**
 * The user for an email and password, with the session version a new session starts at, or null;
 * unknown emails take as long as wrong passwords, and a deactivated user cannot sign in.
 */
export async function verifyCredentials({ email, password }: VerifyCredentialsOptions): Promise<(UserPrincipal & { sessionVersion: number }) | null> {
  const user = await db().user.findUnique({ where: { email: email.trim().toLowerCase() } });
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok || !user.active) return null;
  return { kind: 'user', userId: user.id, email: user.email, name: user.name, role: user.role, customerId: user.customerId, sessionVersion: user.sessionVersion };
}
