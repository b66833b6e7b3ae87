import 'next-auth';

declare module 'next-auth' {
  interface User {
    /** The user's session version at sign-in; the JWT carries it (lib/auth/auth-options.ts). */
    sessionVersion?: number;
  }
}
