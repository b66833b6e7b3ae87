import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setDatabaseUrl } from '@/lib/db/pool';
import { startRouteServer, type TestServer } from './route-server';

// Its own file: this process's database client must be built against a server that accepts
// connections and then never answers (a hung or firewalled database), unlike a closed port.
const sockets = new Set<net.Socket>();
const silent = net.createServer((socket) => {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
});
await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
setDatabaseUrl(`postgresql://meterline:secret-password@127.0.0.1:${(silent.address() as net.AddressInfo).port}/meterline`); // before anything calls db()

let server: TestServer;
beforeAll(async () => {
  server = await startRouteServer();
});
afterAll(async () => {
  await server.close();
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

describe('GET /api/health with a database that never answers', () => {
  it('gives up after the connection timeout and answers 503 instead of hanging', async () => {
    const started = performance.now();
    const res = await fetch(`${server.url}/api/health`);
    const elapsed = performance.now() - started;
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body).toMatchObject({ status: 'degraded', database: { status: 'unreachable' } });
    expect(body.database.error).toMatch(/timeout/i);
    expect(JSON.stringify(body)).not.toContain('secret-password');
    expect(elapsed).toBeLessThan(15_000);
  });
});
