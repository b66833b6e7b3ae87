import { db } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { UserPrincipal } from '@/lib/principals/principal';
import { unsafeTextReason } from '@/lib/text/safe-text';
import { DUMMY_HASH, verifyPassword } from './password';
import { clearSignInFailures, recordSignInFailure, signInRetryAfter } from './sign-in-throttle';

export type VerifyCredentialsOptions = { email: string; password: string; /** The client's address, when known. */ address?: string | null };

/**
 * The user for an email and password, with the session version a new session starts at, or null;
 * unknown emails take as long as wrong passwords, and a deactivated user cannot sign in.
 * Throws `too_many_requests` (details.retryAfterSeconds) while the email or the address has
 * used up its failed attempts (./sign-in-throttle.ts), without checking the password.
 */
export async function verifyCredentials({ email, password, address = null }: VerifyCredentialsOptions): Promise<(UserPrincipal & { sessionVersion: number }) | null> {
  // No account has such an email: refuse before the database sees text it cannot store or index.
  if (email.length > 320 || password.length > 200 || unsafeTextReason(email) !== null) return null;
  const keys = { email: email.trim().toLowerCase(), address };
  const retryAfterSeconds = await signInRetryAfter(keys);
  if (retryAfterSeconds > 0) {
    throw new AppError('too_many_requests', 'Too many failed sign-ins for this email or from this address.', { retryAfterSeconds });
  }
  const user = await db().user.findUnique({ where: { email: keys.email } });
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok || !user.active) {
    await recordSignInFailure(keys);
    return null;
  }
  await clearSignInFailures(keys);
  return { kind: 'user', userId: user.id, email: user.email, name: user.name, role: user.role, customerId: user.customerId, sessionVersion: user.sessionVersion };
}
