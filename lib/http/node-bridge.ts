import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { errorResponse } from './errors';
import { withSecurityHeaders } from './security-headers';

/** A route module's exported method, as Next.js calls it. */
export type RouteHandler = (req: Request, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

export type ServeRouteOptions = {
  handler: RouteHandler;
  req: IncomingMessage;
  res: ServerResponse;
  params?: Record<string, string | string[]>;
};

/**
 * Serves one route handler from a plain Node.js request, with the same Web Request and Response
 * objects Next.js hands it; the body streams through, so the handler's size limits still apply.
 */
export async function serveRoute({ handler, req, res, params = {} }: ServeRouteOptions): Promise<void> {
  let response: Response;
  try {
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    // A fixed base: a malformed Host header must not fail the URL; handlers read Host from the headers.
    const request = new Request(new URL(req.url ?? '/', 'http://localhost'), {
      method: req.method,
      headers,
      body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
      // Required by undici for a streamed request body.
      duplex: 'half',
    } as RequestInit);
    response = await handler(request, { params: Promise.resolve(params) });
  } catch (err) {
    // The route wrapper sets the headers on what a handler answers; this answer bypassed it.
    response = withSecurityHeaders(errorResponse(err));
  }
  const body = Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status, { ...Object.fromEntries(response.headers), 'content-length': String(body.length) });
  res.end(body);
  // Node discards a request body nobody read, unless something was reading it, as the Web stream
  // above was. After an answer given before the body was read (401, 415), the rest of the upload
  // would stay in the connection and the next request on it would hang behind it.
  if (!req.complete) {
    req.removeAllListeners('data');
    req.resume();
  }
}
