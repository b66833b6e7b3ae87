// Shared by the server (next-auth's authorize, the sign-in route) and the sign-in form, so no
// server code reaches the browser bundle.

/** What next-auth hands the form as `error` while sign-in is throttled: `too_many_requests:<seconds>`. */
const THROTTLED_PREFIX = 'too_many_requests:';

export function throttledError(retryAfterSeconds: number): string {
  return `${THROTTLED_PREFIX}${retryAfterSeconds}`;
}

/** The seconds to wait, when next-auth's `error` says sign-in is throttled; null otherwise. */
export function throttledSeconds(error: string | null): number | null {
  if (!error?.startsWith(THROTTLED_PREFIX)) return null;
  const seconds = Number(error.slice(THROTTLED_PREFIX.length));
  return Number.isInteger(seconds) && seconds > 0 ? seconds : null;
}

/** The sentence the form shows for next-auth's `error`. */
export function signInErrorMessage(error: string | null): string {
  const seconds = throttledSeconds(error);
  if (seconds === null) return 'Wrong email or password.';
  const minutes = Math.ceil(seconds / 60);
  return `Too many failed sign-ins. Try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`;
}
