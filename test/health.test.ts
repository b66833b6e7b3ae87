import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMigrations } from '@/lib/db/migrate';
import { startRouteServer, type TestServer } from './route-server';

let server: TestServer;
beforeAll(async () => {
  server = await startRouteServer();
});
afterAll(() => server.close());

describe('GET /api/health', () => {
  it('answers 200 with the latest applied migration, without credentials', async () => {
    const res = await fetch(`${server.url}/api/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const body = await res.json();
    const latest = (await listMigrations('prisma/migrations')).at(-1)!.name;
    expect(body).toMatchObject({ status: 'ok', database: { status: 'ok', latestMigration: latest } });
    expect(body.database.latencyMs).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(body)).not.toMatch(/postgres(ql)?:\/\//); // never leaks the connection string
  });
});
