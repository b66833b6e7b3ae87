import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors/app-error';
import { verifyCredentials } from '@/lib/users/verify-credentials';
import { throttledError } from './sign-in-errors';

export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

/**
 * The client's address as the nearest proxy saw it: the last X-Forwarded-For entry (Next.js
 * fills it from the socket when no proxy set it). Reached directly, a client can name any
 * address there; the per-email limit holds regardless.
 */
function clientAddress(headers: Record<string, unknown> | undefined): string | null {
  const forwarded = headers?.['x-forwarded-for'];
  const last = typeof forwarded === 'string' ? forwarded.split(',').pop()?.trim() : undefined;
  return last ? last.slice(0, 100) : null;
}

export type AuthOptionsInput = {
  /** `Secure` cookies (named `__Secure-…`): NEXTAUTH_URL is https, or this request came over https. */
  secureCookies: boolean;
};

/**
 * The JWT carries only the user id; role and customer are read fresh on every request
 * (lib/auth/session.ts), so a changed role or a deleted user takes effect at once.
 */
export function authOptions({ secureCookies }: AuthOptionsInput): NextAuthOptions {
  return {
    secret: env().authSecret,
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
    useSecureCookies: secureCookies || env().NEXTAUTH_URL?.startsWith('https://') === true,
    pages: { signIn: '/signin', error: '/signin' },
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        async authorize(credentials, req) {
          if (!credentials?.email || !credentials.password) return null;
          try {
            const user = await verifyCredentials({ email: credentials.email, password: credentials.password, address: clientAddress(req.headers) });
            return user ? { id: user.userId, email: user.email, name: user.name } : null;
          } catch (err) {
            // next-auth hands a thrown message to the form as `error`.
            if (err instanceof AppError && err.code === 'too_many_requests') {
              throw new Error(throttledError((err.details as { retryAfterSeconds: number }).retryAfterSeconds));
            }
            throw err;
          }
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) token.sub = user.id;
        return token;
      },
    },
  };
}
