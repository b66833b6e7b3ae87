import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { env } from '@/lib/env';
import { verifyCredentials } from '@/lib/users/verify-credentials';

export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

/**
 * The JWT carries only the user id and the user's session version; role, customer and whether
 * the version still holds are read fresh on every request (lib/auth/session.ts), so a changed
 * role, a reset password, a deactivated or a deleted user takes effect at once.
 */
export function authOptions(): NextAuthOptions {
  return {
    secret: env().authSecret,
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: '/signin', error: '/signin' },
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        async authorize(credentials) {
          if (!credentials?.email || !credentials.password) return null;
          const user = await verifyCredentials({ email: credentials.email, password: credentials.password });
          return user ? { id: user.userId, email: user.email, name: user.name, sessionVersion: user.sessionVersion } : null;
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.sv = user.sessionVersion;
        }
        return token;
      },
    },
  };
}
