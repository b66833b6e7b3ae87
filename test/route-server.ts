import { readdirSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { encode } from 'next-auth/jwt';
import { env } from '@/lib/env';
import { type RouteHandler, serveRoute } from '@/lib/http/node-bridge';

type RouteFile = { pattern: RegExp; keys: { name: string; catchAll: boolean }[]; file: string };

const APP_DIR = path.resolve('app');

/** Every app/api/** /route.ts as a URL pattern, the way Next.js maps folders to paths. */
function discoverRoutes(dir = path.join(APP_DIR, 'api')): RouteFile[] {
  const routes: RouteFile[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) routes.push(...discoverRoutes(full));
    else if (entry === 'route.ts') {
      const segments = path.relative(APP_DIR, dir).split(path.sep);
      const keys: RouteFile['keys'] = [];
      const source = segments
        .map((s) => {
          const m = /^\[(\.\.\.)?(\w+)\]$/.exec(s);
          if (!m) return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          keys.push({ name: m[2], catchAll: !!m[1] });
          return m[1] ? '(.+)' : '([^/]+)';
        })
        .join('/');
      routes.push({ pattern: new RegExp(`^/${source}/?$`), keys, file: full });
    }
  }
  // Literal segments win over dynamic ones, as in Next.js.
  return routes.sort((a, b) => a.keys.length - b.keys.length);
}

export type TestServer = { url: string; close: () => Promise<void> };

/**
 * Serves the real route handlers over real HTTP, without the Next.js server: requests and
 * responses go through the same Web Request/Response objects Next.js hands them.
 */
export async function startRouteServer(): Promise<TestServer> {
  const routes = discoverRoutes();
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const route = routes.find((r) => r.pattern.test(url.pathname));
      if (!route) {
        res.writeHead(404).end();
        return;
      }
      const match = route.pattern.exec(url.pathname)!;
      const params: Record<string, string | string[]> = {};
      try {
        route.keys.forEach((k, i) => {
          const raw = decodeURIComponent(match[i + 1]);
          params[k.name] = k.catchAll ? raw.split('/') : raw;
        });
      } catch {
        // Next.js answers a path segment that is not valid percent-encoding with 400 before any handler.
        res.writeHead(400).end();
        return;
      }
      const mod = (await import(route.file)) as Record<string, RouteHandler | undefined>;
      const handler = mod[req.method ?? 'GET'];
      if (!handler) {
        res.writeHead(405).end();
        return;
      }
      await serveRoute({ handler, req, res, params });
    } catch (err) {
      res.writeHead(599, { 'content-type': 'text/plain' }).end(String(err));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A session cookie exactly as next-auth issues it after sign-in, at the user's session version. */
export async function sessionCookie(userId: string, sessionVersion = 0): Promise<string> {
  const token = await encode({ token: { sub: userId, sv: sessionVersion }, secret: env().authSecret! });
  return `next-auth.session-token=${token}`;
}

/** A request to the test server: JSON bodies serialised (a string is sent as it is), with the given headers. */
export function callServer(server: TestServer, method: string, path: string, body: unknown, headers: Record<string, string>): Promise<Response> {
  return fetch(server.url + path, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** The API's error body. */
export async function errorOf(res: Response) {
  return (await res.json()).error as { code: string; message: string; details?: { path: string; message: string }[] };
}
