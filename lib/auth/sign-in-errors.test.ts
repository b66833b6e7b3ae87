import { describe, expect, it } from 'vitest';
import { signInErrorMessage, throttledError, throttledSeconds } from './sign-in-errors';

describe('sign-in error messages', () => {
  it.each([
    ['a wrong password', 'CredentialsSignin', 'Wrong email or password.'],
    ['no error code at all', null, 'Wrong email or password.'],
    ['a full 15-minute lock', 'too_many_requests:900', 'Too many failed sign-ins. Try again in 15 minutes.'],
    ['a lock ending within the minute', 'too_many_requests:60', 'Too many failed sign-ins. Try again in 1 minute.'],
    ['a lock a second past a minute (rounded up, never too early)', 'too_many_requests:61', 'Too many failed sign-ins. Try again in 2 minutes.'],
    ['a mangled lock code', 'too_many_requests:soon', 'Wrong email or password.'],
  ])('%s', (_name, error, message) => {
    expect(signInErrorMessage(error)).toBe(message);
  });

  it('reads back the seconds it wrote', () => {
    expect(throttledSeconds(throttledError(437))).toBe(437);
    expect(throttledSeconds('too_many_requests:0')).toBeNull();
  });
});
