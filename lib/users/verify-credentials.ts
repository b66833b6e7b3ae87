import { DUMMY_HASH, verifyPassword } from '@/lib/auth/password';
import type { UserPrincipal } from '@/lib/auth/principal';
import { clearSignInFailures, recordSignInFailure, signInRetryAfter } from '@/lib/auth/sign-in-throttle';
import { db } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';

export type VerifyCredentialsOptions = { email: string; password: string; /** The client's address, when known. */ address?: string | null };

/**
 * The user for an email and password, or null; unknown emails take as long as wrong passwords.
 * Throws `too_many_requests` (details.retryAfterSeconds) while the email or the address has
 * used up its failed attempts (lib/auth/sign-in-throttle.ts), without checking the password.
 */
export async function verifyCredentials({ email, password, address = null }: VerifyCredentialsOptions): Promise<UserPrincipal | null> {
  const keys = { email: email.trim().toLowerCase(), address };
  const retryAfterSeconds = await signInRetryAfter(keys);
  if (retryAfterSeconds > 0) {
    throw new AppError('too_many_requests', 'Too many failed sign-ins for this email or from this address.', { retryAfterSeconds });
  }
  const user = await db().user.findUnique({ where: { email: keys.email } });
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok) {
    await recordSignInFailure(keys);
    return null;
  }
  await clearSignInFailures(keys);
  return { kind: 'user', userId: user.id, email: user.email, name: user.name, role: user.role, customerId: user.customerId };
}
