import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setDatabaseUrl } from '@/lib/db/pool';
import { startRouteServer, type TestServer } from './route-server';

// Its own file: this process's database client must be built against a server that is not there.
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const port = await closedPort();
setDatabaseUrl(`postgresql://meterline:secret-password@127.0.0.1:${port}/meterline`); // before anything calls db()

let server: TestServer;
beforeAll(async () => {
  server = await startRouteServer();
});
afterAll(() => server.close());

describe('GET /api/health without a database', () => {
  it('answers 503 with database.status "unreachable", quickly, and leaks no credentials', async () => {
    const started = performance.now();
    const res = await fetch(`${server.url}/api/health`);
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body.status).toBe('degraded');
    expect(body.database.status).toBe('unreachable');
    expect(typeof body.database.error).toBe('string');
    expect(body.database).not.toHaveProperty('latestMigration');
    expect(JSON.stringify(body)).not.toContain('secret-password');
  });
});
