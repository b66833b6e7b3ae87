import pg from 'pg';
import { inject } from 'vitest';
import { randomKey } from '@/lib/seed/factories';

export type ThrowawayDatabase = { url: string; drop: () => Promise<void> };

async function run(connectionString: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Creates an empty database `name` on the server `serverUrl` points at. */
export async function createDatabaseOn(serverUrl: string, name: string): Promise<ThrowawayDatabase> {
  await run(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** A new empty database on the test server, for tests that need a schema-less start. */
export function createScratchDatabase(): Promise<ThrowawayDatabase> {
  return createDatabaseOn(inject('databaseUrl'), `scratch_${randomKey('db').replace('-', '_')}`);
}
