// The production server `npm start` runs: Next.js for every page and route, except event ingest.
// POST /api/v1/events goes straight to its route handler (same handler, same Web Request and
// Response) without Next.js's per-request machinery, which costs ~2-4 ms of CPU per request
// before a handler runs: a third of the app's CPU for a 100-event batch (docs/benchmarks.md).
import http from 'node:http';
import next from 'next';
import { closeDb } from '@/lib/db/prisma';
import { env } from '@/lib/env';
import { ingestRoute as ingest } from '@/lib/http/ingest-route';
import { serveRoute } from '@/lib/http/node-bridge';
import { startInApp } from '@/lib/runtime/start-in-app';
import { onStopRequest } from '@/lib/runtime/on-stop-request';

const INGEST_PATH = '/api/v1/events';

async function main() {
  const port = env().PORT;
  // Started before Next.js, so instrumentation.ts finds it running and this process can stop it.
  const inApp = startInApp();
  const app = next({ dev: false, port });
  const handle = app.getRequestHandler();
  await app.prepare();

  const server = http.createServer((req, res) => {
    const path = req.url?.split('?', 1)[0];
    const served = req.method === 'POST' && path === INGEST_PATH ? serveRoute({ handler: ingest, req, res }) : handle(req, res);
    // A rejection here would end the process (Node's default); a failed response only ends its socket.
    served.catch((err: unknown) => {
      console.error('[meterline] request failed', err);
      res.destroy();
    });
  });
  onStopRequest(() => {
    server.close();
    server.closeIdleConnections();
    void inApp
      .stop()
      .then(() => app.close())
      .then(() => closeDb())
      .finally(() => process.exit(0));
  });
  server.listen(port, () => console.log(`[meterline] ready on port ${port}`));
}

main().catch((err) => {
  console.error(`[meterline] server failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
