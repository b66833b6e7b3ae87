import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'mlk_';

/** A new secret: 32 random bytes, so a fast hash is enough to store it safely. */
export function newSecret(): { secret: string; prefix: string; hash: string } {
  const secret = PREFIX + randomBytes(32).toString('base64url');
  return { secret, prefix: secret.slice(0, PREFIX.length + 6), hash: hashSecret(secret) };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
