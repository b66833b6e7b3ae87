import { db } from '@/lib/db/prisma';

/**
 * Failed sign-ins allowed per window: per email (one account guessed at from anywhere) and per
 * client address (one client guessing at many accounts). A success clears the email's count.
 * The window is fixed, counted from the first failure; while it is full even the right password
 * is refused, or a guesser would learn when it found it.
 */
export const SIGN_IN_LIMITS = { perEmail: 5, perAddress: 20, windowSeconds: 15 * 60 };

export type SignInKeys = { email: string; address: string | null };

function keysOf({ email, address }: SignInKeys): string[] {
  return address ? [`email:${email}`, `ip:${address}`] : [`email:${email}`];
}

/** Seconds until this email or address may try again; 0 when it may now. One indexed read. */
export async function signInRetryAfter(keys: SignInKeys): Promise<number> {
  const rows = await db().$queryRaw<{ key: string; failures: number; retry_after: number }[]>`
    SELECT key, failures, ceil(extract(epoch FROM window_start + make_interval(secs => ${SIGN_IN_LIMITS.windowSeconds}) - now()))::int AS retry_after
    FROM sign_in_throttle
    WHERE key = ANY(${keysOf(keys)}::text[]) AND window_start > now() - make_interval(secs => ${SIGN_IN_LIMITS.windowSeconds})`;
  let wait = 0;
  for (const r of rows) {
    const limit = r.key.startsWith('email:') ? SIGN_IN_LIMITS.perEmail : SIGN_IN_LIMITS.perAddress;
    if (r.failures >= limit) wait = Math.max(wait, r.retry_after, 1);
  }
  return wait;
}

/** Counts a failure for the email and the address, starting a new window where the last one ended. */
export async function recordSignInFailure(keys: SignInKeys): Promise<void> {
  const window = SIGN_IN_LIMITS.windowSeconds;
  await db().$transaction([
    db().$executeRaw`
      INSERT INTO sign_in_throttle (key, failures, window_start)
      SELECT k, 1, now() FROM unnest(${keysOf(keys)}::text[]) AS k
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN sign_in_throttle.window_start <= now() - make_interval(secs => ${window}) THEN 1 ELSE sign_in_throttle.failures + 1 END,
        window_start = CASE WHEN sign_in_throttle.window_start <= now() - make_interval(secs => ${window}) THEN now() ELSE sign_in_throttle.window_start END`,
    // Expired windows count for nothing; dropping them keeps the table as small as the last window.
    db().$executeRaw`DELETE FROM sign_in_throttle WHERE window_start <= now() - make_interval(secs => ${window})`,
  ]);
}

export async function clearSignInFailures({ email }: SignInKeys): Promise<void> {
  await db().$executeRaw`DELETE FROM sign_in_throttle WHERE key = ${`email:${email}`}`;
}
