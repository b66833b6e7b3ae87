import { describe, expect, it } from 'vitest';
import { SIGN_IN_LIMITS } from '@/lib/users/sign-in-throttle';
import { pool } from '@/lib/db/pool';
import { AppError } from '@/lib/errors/app-error';
import { randomKey, userFactory } from '@/lib/seed/factories';
import { verifyCredentials } from '@/lib/users/verify-credentials';

// The sign-in form reaches verifyCredentials through next-auth, which needs Next.js's request
// context; e2e/sign-in-throttle.spec.ts drives the same rules through the real sign-in endpoint.

/** A client address of its own (the throttle keys on the string), so tests share no address count. */
function address(): string {
  return `192.0.2.1-${randomKey()}`;
}

async function outcome(promise: Promise<unknown>): Promise<'ok' | 'wrong' | number> {
  try {
    return (await promise) ? 'ok' : 'wrong';
  } catch (err) {
    if (err instanceof AppError && err.code === 'too_many_requests') return (err.details as { retryAfterSeconds: number }).retryAfterSeconds;
    throw err;
  }
}

it('turns away an email no account can have (NUL, over-long) before the database sees it', async () => {
  for (const email of ['ada\u0000@acme.example', `${'a'.repeat(5000)}@example.test`]) {
    await expect(verifyCredentials({ email, password: 'whatever-password' })).resolves.toBeNull();
  }
});

describe('sign-in throttling', () => {
  it(`refuses an email after ${SIGN_IN_LIMITS.perEmail} failures, even with the right password, and from any address`, async () => {
    const user = await userFactory({ role: 'admin' });
    for (let i = 0; i < SIGN_IN_LIMITS.perEmail; i++) {
      expect(await outcome(verifyCredentials({ email: user.email, password: 'wrong-password', address: address() }))).toBe('wrong');
    }
    const locked = await outcome(verifyCredentials({ email: user.email.toUpperCase(), password: user.password, address: address() }));
    // Locked for the rest of the 15-minute window, which began with the first failure seconds ago.
    expect(typeof locked).toBe('number');
    expect(locked).toBeGreaterThan(SIGN_IN_LIMITS.windowSeconds - 60);
    expect(locked).toBeLessThanOrEqual(SIGN_IN_LIMITS.windowSeconds);
  });

  it('lets the email in again once its window has passed', async () => {
    const user = await userFactory({ role: 'admin' });
    for (let i = 0; i < SIGN_IN_LIMITS.perEmail; i++) await verifyCredentials({ email: user.email, password: 'wrong-password' });
    expect(typeof (await outcome(verifyCredentials({ email: user.email, password: user.password })))).toBe('number');
    await pool().query(`UPDATE sign_in_throttle SET window_start = window_start - interval '15 minutes' WHERE key = $1`, [`email:${user.email}`]);
    expect(await outcome(verifyCredentials({ email: user.email, password: user.password }))).toBe('ok');
  });

  it('forgets an email’s failures when it signs in', async () => {
    const user = await userFactory({ role: 'admin' });
    for (let i = 0; i < SIGN_IN_LIMITS.perEmail - 1; i++) await verifyCredentials({ email: user.email, password: 'wrong-password' });
    expect(await outcome(verifyCredentials({ email: user.email, password: user.password }))).toBe('ok');
    // A fresh allowance: as many failures again before the lock.
    for (let i = 0; i < SIGN_IN_LIMITS.perEmail; i++) {
      expect(await outcome(verifyCredentials({ email: user.email, password: 'wrong-password' }))).toBe('wrong');
    }
    expect(typeof (await outcome(verifyCredentials({ email: user.email, password: user.password })))).toBe('number');
  });

  it(`refuses an address after ${SIGN_IN_LIMITS.perAddress} failures over many emails, and no other address`, async () => {
    const from = address();
    for (let i = 0; i < SIGN_IN_LIMITS.perAddress; i++) {
      expect(await outcome(verifyCredentials({ email: `${randomKey('spray')}@example.test`, password: 'guess', address: from }))).toBe('wrong');
    }
    const user = await userFactory({ role: 'admin' });
    expect(typeof (await outcome(verifyCredentials({ email: user.email, password: user.password, address: from })))).toBe('number');
    expect(await outcome(verifyCredentials({ email: user.email, password: user.password, address: address() }))).toBe('ok');
  });

  it('counts unknown emails like known ones, so the lock reveals nothing', async () => {
    const email = `${randomKey('nobody')}@example.test`;
    for (let i = 0; i < SIGN_IN_LIMITS.perEmail; i++) expect(await outcome(verifyCredentials({ email, password: 'guess' }))).toBe('wrong');
    expect(typeof (await outcome(verifyCredentials({ email, password: 'guess' })))).toBe('number');
  });

  it('counts every failure when several app nodes take them at once', async () => {
    const user = await userFactory({ role: 'admin' });
    await Promise.all(Array.from({ length: SIGN_IN_LIMITS.perEmail }, () => verifyCredentials({ email: user.email, password: 'wrong-password' })));
    const { rows } = await pool().query('SELECT failures FROM sign_in_throttle WHERE key = $1', [`email:${user.email}`]);
    expect(rows[0].failures).toBe(SIGN_IN_LIMITS.perEmail);
    expect(typeof (await outcome(verifyCredentials({ email: user.email, password: user.password })))).toBe('number');
  });
});
