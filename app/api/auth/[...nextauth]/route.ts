import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth/auth-options';
import { arrivedOverHttps, withSecurityHeaders } from '@/lib/http/security-headers';

type Ctx = { params: Promise<{ nextauth: string[] }> };

async function handler(req: Request, ctx: Ctx) {
  const response: Response = await NextAuth(req as never, ctx as never, authOptions({ secureCookies: arrivedOverHttps(req) }));
  return withSecurityHeaders(response);
}

export { handler as GET, handler as POST };
