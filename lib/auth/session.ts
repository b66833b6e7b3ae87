import { decode } from 'next-auth/jwt';
import { isUuid } from '@/lib/db/ids';
import { db } from '@/lib/db/prisma';
import { env } from '@/lib/env';
import type { UserPrincipal } from '@/lib/principals/principal';

const COOKIE_NAMES = ['__Secure-next-auth.session-token', 'next-auth.session-token'];

function parseCookies(header: string): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const value = part.slice(eq + 1).trim();
    try {
      cookies.set(part.slice(0, eq).trim(), decodeURIComponent(value));
    } catch {
      cookies.set(part.slice(0, eq).trim(), value);
    }
  }
  return cookies;
}

/** next-auth splits large tokens into `<name>.0`, `<name>.1`, … */
function sessionToken(cookies: Map<string, string>): string | null {
  for (const name of COOKIE_NAMES) {
    if (cookies.has(name)) return cookies.get(name)!;
    const chunks = [...cookies.keys()]
      .filter((k) => k.startsWith(`${name}.`))
      .sort((a, b) => Number(a.slice(name.length + 1)) - Number(b.slice(name.length + 1)));
    if (chunks.length) return chunks.map((k) => cookies.get(k)).join('');
  }
  return null;
}

/**
 * The signed-in user behind a Cookie header, read fresh from the database; null when there is none,
 * or when the user was deactivated or its sessions revoked since the token was issued.
 */
export async function userFromCookieHeader(cookieHeader: string | null): Promise<UserPrincipal | null> {
  const secret = env().authSecret;
  const token = cookieHeader && secret ? sessionToken(parseCookies(cookieHeader)) : null;
  if (!token || !secret) return null;
  let claims: Awaited<ReturnType<typeof decode>>;
  try {
    claims = await decode({ token, secret });
  } catch {
    return null; // tampered, expired or signed with another secret
  }
  const userId = claims?.sub;
  if (typeof userId !== 'string' || !isUuid(userId)) return null;
  const user = await db().user.findUnique({ where: { id: userId } });
  // Tokens issued before session versions existed carry none: they hold until the first bump.
  const version = typeof claims?.sv === 'number' ? claims.sv : 0;
  if (!user || !user.active || user.sessionVersion !== version) return null;
  return { kind: 'user', userId: user.id, email: user.email, name: user.name, role: user.role, customerId: user.customerId };
}
