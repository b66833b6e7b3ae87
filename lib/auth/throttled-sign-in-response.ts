import { throttledSeconds } from './sign-in-errors';

/**
 * next-auth answers a throttled sign-in 401, like a wrong password, with the reason in its
 * JSON `url`. Scripts and proxies deserve the real status: 429 with Retry-After. The form
 * reads `error` from the same body either way.
 */
export async function throttledSignInResponse(response: Response): Promise<Response> {
  if (response.status !== 401 || !response.headers.get('content-type')?.includes('application/json')) return response;
  const body = (await response.clone().json()) as { url?: unknown };
  const seconds = typeof body.url === 'string' ? throttledSeconds(new URL(body.url, 'http://localhost').searchParams.get('error')) : null;
  if (seconds === null) return response;
  const headers = new Headers(response.headers);
  headers.set('retry-after', String(seconds));
  return new Response(JSON.stringify(body), { status: 429, headers });
}
