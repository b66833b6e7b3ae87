import { type NextRequest, NextResponse } from 'next/server';
import { arrivedOverHttps, pageSecurityHeaders } from '@/lib/http/security-headers';

/**
 * Pages only: a fresh CSP nonce per request. Next.js reads it from the request's
 * Content-Security-Policy header and puts it on every script it renders. API routes set
 * their own headers in the route wrapper, which the production server's ingest path shares.
 */
export function proxy(request: NextRequest) {
  const headers = pageSecurityHeaders({
    nonce: Buffer.from(crypto.randomUUID()).toString('base64'),
    dev: process.env.NODE_ENV === 'development',
    https: arrivedOverHttps(request),
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('Content-Security-Policy', headers['Content-Security-Policy']);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [{ source: '/((?!api/|_next/static|_next/image|favicon.ico).*)' }],
};
