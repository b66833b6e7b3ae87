import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth/auth-options';
import { throttledSignInResponse } from '@/lib/auth/throttled-sign-in-response';
import { arrivedOverHttps, withSecurityHeaders } from '@/lib/http/security-headers';

type Ctx = { params: Promise<{ nextauth: string[] }> };

async function handler(req: Request, ctx: Ctx) {
  const response: Response = await NextAuth(req as never, ctx as never, authOptions({ secureCookies: arrivedOverHttps(req) }));
  return withSecurityHeaders(await throttledSignInResponse(response));
}

export { handler as GET, handler as POST };
