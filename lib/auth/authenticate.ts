import { verifyApiKey } from '@/lib/api-keys/verify-api-key';
import { AppError } from '@/lib/errors/app-error';
import { allows, type Principal, type Scope } from './principal';
import { assertCookieRequestAllowed } from './same-origin';
import { userFromCookieHeader } from './session';

/**
 * Who is calling: a `Bearer` API key when one is presented, else the session cookie.
 * 401 when neither identifies anyone, 403 when the identity lacks the scope. A cookie also
 * needs a same-origin JSON request to change anything (lib/auth/same-origin.ts).
 */
export async function authenticate(req: Request, scope: Scope): Promise<Principal> {
  const authorization = req.headers.get('authorization');
  let principal: Principal | null;
  if (authorization !== null) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    principal = match ? await verifyApiKey(match[1]) : null;
    if (!principal) throw new AppError('unauthenticated', 'The API key is missing, malformed, unknown or revoked.');
  } else {
    principal = await userFromCookieHeader(req.headers.get('cookie'));
    if (!principal) throw new AppError('unauthenticated', 'Sign in, or send an API key as "Authorization: Bearer <key>".');
    assertCookieRequestAllowed(req);
  }
  if (!allows(principal, scope)) {
    throw new AppError('forbidden', `This needs the "${scope}" scope.`);
  }
  return principal;
}
