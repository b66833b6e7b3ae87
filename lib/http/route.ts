import { authenticate } from '@/lib/auth/authenticate';
import type { Principal, Scope } from '@/lib/auth/principal';
import { parseJson } from '@/lib/json/parse-json';
import { errorResponse } from './errors';
import { withSecurityHeaders } from './security-headers';

type Params = Record<string, string | string[]>;

export type RouteContext<P extends Params> = { req: Request; params: P };
export type AuthedContext<P extends Params> = RouteContext<P> & { principal: Principal };

type Handler<C> = (ctx: C) => Promise<Response | unknown>;

function toResponse(result: unknown): Response {
  return result instanceof Response ? result : Response.json(result);
}

async function run<C>(handler: Handler<C>, ctx: () => Promise<C>): Promise<Response> {
  let response: Response;
  try {
    response = toResponse(await handler(await ctx()));
  } catch (err) {
    response = errorResponse(err);
  }
  return withSecurityHeaders(response);
}

/**
 * Wraps a route handler: authenticates with the scope it needs (or none for `public`),
 * awaits the route params, maps anything thrown to the one JSON error shape, and sets the
 * API's security headers on every answer.
 */
export function route<P extends Params = Params>(scope: Scope, handler: Handler<AuthedContext<P>>) {
  return (req: Request, segment?: { params: Promise<P> }) =>
    run(handler, async () => {
      const principal = await authenticate(req, scope);
      return { req, principal, params: ((await segment?.params) ?? {}) as P };
    });
}

export function publicRoute<P extends Params = Params>(handler: Handler<RouteContext<P>>) {
  return (req: Request, segment?: { params: Promise<P> }) =>
    run(handler, async () => ({ req, params: ((await segment?.params) ?? {}) as P }));
}

export async function readJson(req: Request): Promise<unknown> {
  return parseJson(await req.text());
}

/** A body that may be left out entirely (POST …/publish, DELETE …/subscription): empty reads as `{}`. */
export async function readOptionalJson(req: Request): Promise<unknown> {
  const text = await req.text();
  return text.trim() === '' ? {} : parseJson(text);
}
