// Shared by the server (next-auth's authorize) and the sign-in form, so no server code reaches the browser bundle.

/** What next-auth hands the form as `error` while sign-in is throttled: `too_many_requests:<seconds>`. */
const THROTTLED_PREFIX = 'too_many_requests:';

export function throttledError(retryAfterSeconds: number): string {
  return `${THROTTLED_PREFIX}${retryAfterSeconds}`;
}

/** The sentence the form shows for next-auth's `error`. */
export function signInErrorMessage(error: string): string {
  if (error.startsWith(THROTTLED_PREFIX)) {
    const minutes = Math.max(1, Math.ceil(Number(error.slice(THROTTLED_PREFIX.length)) / 60));
    return `Too many failed sign-ins. Try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`;
  }
  return 'Wrong email or password.';
}
