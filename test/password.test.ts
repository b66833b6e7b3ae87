import { describe, expect, it } from 'vitest';
import { DUMMY_HASH, hashPassword, verifyPassword } from '@/lib/users/password';

// Hashing costs ~50-100 ms per call (scrypt N=2^15), so each password is hashed once up front.
const PASSWORDS = {
  plain: 'correct horse battery staple',
  empty: '',
  unicode: 'pässwörd-密码-🔑',
  long: 'x'.repeat(4096),
  dollar: 'a$b$c$d', // the hash format is $-separated; the password must not confuse it
} as const;
type Name = keyof typeof PASSWORDS;

const hashes = Object.fromEntries(
  await Promise.all(Object.entries(PASSWORDS).map(async ([name, pw]) => [name, await hashPassword(pw)] as const)),
) as Record<Name, string>;

describe('hashPassword', () => {
  it.each(Object.keys(PASSWORDS) as Name[])('stores %s as scrypt$N$r$p$salt$key without the password in it', (name) => {
    const parts = hashes[name].split('$');
    expect(parts).toHaveLength(6);
    const [kind, n, r, p, salt, key] = parts;
    expect({ kind, n, r, p }).toEqual({ kind: 'scrypt', n: String(2 ** 15), r: '8', p: '1' });
    expect(Buffer.from(salt, 'base64')).toHaveLength(16);
    expect(Buffer.from(key, 'base64')).toHaveLength(32);
    if (PASSWORDS[name]) expect(hashes[name]).not.toContain(PASSWORDS[name]);
  });

  it('salts every hash: the same password never gives the same hash twice', async () => {
    const again = await hashPassword(PASSWORDS.plain);
    expect(again).not.toBe(hashes.plain);
    expect(again.split('$')[4]).not.toBe(hashes.plain.split('$')[4]);
    expect(await verifyPassword(PASSWORDS.plain, again)).toBe(true);
  });
});

describe('verifyPassword', () => {
  it.each<[string, string, Name, boolean]>([
    ['the right password', PASSWORDS.plain, 'plain', true],
    ['a wrong password', 'correct horse battery stapler', 'plain', false],
    ['the right password in another case', PASSWORDS.plain.toUpperCase(), 'plain', false],
    ['the right password with a trailing space', `${PASSWORDS.plain} `, 'plain', false],
    ['a prefix of the right password', PASSWORDS.plain.slice(0, -1), 'plain', false],
    ['an empty password against its own hash', '', 'empty', true],
    ['a space against the empty password', ' ', 'empty', false],
    ['the right unicode password', PASSWORDS.unicode, 'unicode', true],
    ['the unicode password in another normal form', PASSWORDS.unicode.normalize('NFD'), 'unicode', false],
    ['the right 4 KiB password', PASSWORDS.long, 'long', true],
    ['a 4 KiB password one character short', 'x'.repeat(4095), 'long', false],
    ['the right password containing $', PASSWORDS.dollar, 'dollar', true],
    ['another password against the $ hash', 'a$b$c', 'dollar', false],
  ])('%s → %s', async (_case, attempt, stored, expected) => {
    expect(await verifyPassword(attempt, hashes[stored])).toBe(expected);
  });

  const salt = Buffer.alloc(16, 1).toString('base64');
  const key = Buffer.alloc(32, 2).toString('base64');
  it.each([
    ['an empty string', ''],
    ['a plain-text password', PASSWORDS.plain],
    ['another algorithm', `bcrypt$2b$10$${salt}${key}`],
    ['a hash missing its key', `scrypt$32768$8$1$${salt}`],
    ['a hash with an empty salt and key', 'scrypt$32768$8$1$$'],
    ['a key of the wrong length', `scrypt$32768$8$1$${salt}$${Buffer.alloc(16).toString('base64')}`],
    ['a non-numeric N', `scrypt$abc$8$1$${salt}$${key}`],
    ['an N that is not a power of two', `scrypt$1000$8$1$${salt}$${key}`],
    ['parameters past the memory limit', `scrypt$${2 ** 22}$8$1$${salt}$${key}`],
    ['the dummy hash used for unknown emails', DUMMY_HASH],
  ])('is false, never an exception, for %s', async (_case, stored) => {
    await expect(verifyPassword(PASSWORDS.plain, stored)).resolves.toBe(false);
    await expect(verifyPassword('', stored)).resolves.toBe(false);
  });

  it('spends real work on the dummy hash, so unknown emails cost what wrong passwords cost', async () => {
    const time = async (stored: string) => {
      const started = performance.now();
      await verifyPassword('not the password', stored);
      return performance.now() - started;
    };
    const fastest = async (stored: string) => Math.min(await time(stored), await time(stored), await time(stored));
    await time(hashes.plain); // warm up
    const real = await fastest(hashes.plain);
    const dummy = await fastest(DUMMY_HASH);
    // Same cost parameters, so the same work; the timing bound is loose for a busy 2-core machine.
    expect(DUMMY_HASH.split('$').slice(0, 4)).toEqual(hashes.plain.split('$').slice(0, 4));
    expect(dummy).toBeGreaterThan(real / 4);
  });
});
