import { env } from '@/lib/env';
import { AppError } from '@/lib/errors/app-error';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `application/json` or any `…+json` (CloudEvents batches): types an HTML form cannot send. */
function isJson(contentType: string | null): boolean {
  const type = contentType?.split(';', 1)[0].trim().toLowerCase() ?? '';
  return type === 'application/json' || /^[a-z0-9!#$&^_.-]+\/[a-z0-9!#$&^_.-]+\+json$/.test(type);
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/**
 * A browser names the page a request came from: `Sec-Fetch-Site` (same-origin, or none when the
 * user typed it) or `Origin`, which must be this server as the request reached it (Host, or the
 * proxy's X-Forwarded-Host) or NEXTAUTH_URL. A request with neither is refused: every browser
 * that sends cookies on a cross-site POST sends one of them.
 */
function fromOwnPages(req: Request): boolean {
  const site = req.headers.get('sec-fetch-site');
  if (site === 'same-origin' || site === 'none') return true;
  const origin = req.headers.get('origin');
  const host = origin && origin !== 'null' ? hostOf(origin) : null;
  if (!host) return false;
  const own = [req.headers.get('host'), req.headers.get('x-forwarded-host')?.split(',')[0].trim()];
  const configured = env().NEXTAUTH_URL;
  if (configured) own.push(hostOf(configured));
  return own.includes(host);
}

/**
 * Cross-site request forgery guard for requests a session cookie authenticates: a change must
 * come from this app's own pages and carry JSON, which a form on another site can send neither of.
 * API keys are not sent by browsers on their own, so key requests are not checked.
 */
export function assertCookieRequestAllowed(req: Request): void {
  if (SAFE_METHODS.has(req.method)) return;
  if (!fromOwnPages(req)) {
    throw new AppError(
      'forbidden',
      'Changes signed in with a session cookie must come from this site’s own pages (same origin). Scripts should send an API key as "Authorization: Bearer <key>".',
    );
  }
  // A request without a body (a publish, a new draft, a revocation) needs no type; anything with
  // a body must say it is JSON. A form always sends a type, so it cannot pass as body-less.
  const contentType = req.headers.get('content-type');
  const bodiless = contentType === null && (req.headers.get('content-length') ?? '0') === '0' && !req.headers.has('transfer-encoding');
  if (!bodiless && !isJson(contentType)) {
    throw new AppError('unsupported_media_type', 'Send the request body as JSON ("Content-Type: application/json").');
  }
}
