/**
 * Browser security headers. API answers are data, never documents: nothing may run, load or
 * frame them. Pages get a per-request nonce CSP (proxy.ts) that Next.js applies to its own scripts.
 */
const COMMON: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  // For browsers that predate CSP's frame-ancestors.
  'X-Frame-Options': 'DENY',
};

export const API_SECURITY_HEADERS: Record<string, string> = {
  ...COMMON,
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
};

/** Sets the API headers on a response (in place: route handlers' headers are mutable). */
export function withSecurityHeaders(response: Response): Response {
  for (const [name, value] of Object.entries(API_SECURITY_HEADERS)) response.headers.set(name, value);
  return response;
}

export type PageCspOptions = { nonce: string; dev: boolean; https: boolean };

/**
 * The page policy from Next.js's CSP guide: scripts only with this response's nonce
 * ('strict-dynamic' lets those load the app's chunks). Styles allow inline because React
 * writes `style` attributes (charts) that a nonce cannot cover. Development needs eval for
 * React's debugging stacks; upgrade-insecure-requests only when the page itself came over HTTPS,
 * or a plain-HTTP install would ask for its own assets over HTTPS.
 */
export function pageSecurityHeaders({ nonce, dev, https }: PageCspOptions): Record<string, string> {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
  return { ...COMMON, 'Content-Security-Policy': csp };
}

/** Whether the browser reached us over HTTPS: directly, or through a proxy that says so. */
export function arrivedOverHttps(req: Request): boolean {
  const forwarded = req.headers.get('x-forwarded-proto');
  if (forwarded) return forwarded.split(',')[0].trim().toLowerCase() === 'https';
  return new URL(req.url).protocol === 'https:';
}
