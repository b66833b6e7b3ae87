import { authenticate } from '@/lib/auth/authenticate';
import { AppError } from '@/lib/errors/app-error';
import { findJsonProblem } from '@/lib/json/inspect-json';
import type { Principal, Scope } from '@/lib/principals/principal';
import { parseJson } from '@/lib/json/parse-json';
import { escapeUnsafeText, unsafeTextReason } from '@/lib/text/safe-text';
import { errorResponse } from './errors';
import { withSecurityHeaders } from './security-headers';

type Params = Record<string, string | string[]>;

export type RouteContext<P extends Params> = { req: Request; params: P };
export type AuthedContext<P extends Params> = RouteContext<P> & { principal: Principal };

type Handler<C> = (ctx: C) => Promise<Response | unknown>;

function toResponse(result: unknown): Response {
  return result instanceof Response ? result : Response.json(result);
}

/** No parameter of any route needs more; each route's schema sets its own, tighter, limits. */
const MAX_PARAM_LENGTH = 1024;

function paramProblem(value: string): string | null {
  return value.length > MAX_PARAM_LENGTH ? `must be at most ${MAX_PARAM_LENGTH} characters` : unsafeTextReason(value);
}

/**
 * Every route's query and path parameters, checked once here so no handler can pass NUL or an
 * unpaired surrogate on to PostgreSQL (a 500 from a query), whatever its own schema forgets.
 */
function checkParams(req: Request, params: Params): void {
  const details: { path: string; message: string }[] = [];
  for (const [name, value] of new URL(req.url).searchParams) {
    const reason = paramProblem(name) ?? paramProblem(value);
    if (reason) details.push({ path: `query.${escapeUnsafeText(name.slice(0, MAX_PARAM_LENGTH))}`, message: reason });
  }
  for (const [name, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      const reason = paramProblem(v);
      if (reason) details.push({ path: `path.${name}`, message: reason });
    }
  }
  if (details.length > 0) throw new AppError('validation_failed', 'The request is invalid.', details);
}

async function run<C extends RouteContext<Params>>(handler: Handler<C>, ctx: () => Promise<C>): Promise<Response> {
  let response: Response;
  try {
    const c = await ctx();
    checkParams(c.req, c.params);
    response = toResponse(await handler(c));
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

/** JSON with nothing in it PostgreSQL cannot store and no nesting that could overflow a walk of it. */
function checkedJson(text: string): unknown {
  const body = parseJson(text);
  const problem = findJsonProblem(body);
  if (problem) throw new AppError('validation_failed', 'The request is invalid.', [problem]);
  return body;
}

export async function readJson(req: Request): Promise<unknown> {
  return checkedJson(await req.text());
}

/** A body that may be left out entirely (POST …/publish, DELETE …/subscription): empty reads as `{}`. */
export async function readOptionalJson(req: Request): Promise<unknown> {
  const text = await req.text();
  return text.trim() === '' ? {} : checkedJson(text);
}
