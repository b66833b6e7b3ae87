import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedDatabase } from '@/lib/db/embedded';
import { migrate } from '@/lib/db/migrate';
import { createDatabaseOn } from './db-admin';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

/**
 * One throwaway database for the whole run: a fresh embedded cluster in a temp folder, or a
 * new database on TEST_DATABASE_URL's server when that is set. Tests use random keys, so
 * files run in parallel against it.
 */
export default async function setup(project: TestProject) {
  let databaseUrl: string;
  let teardown: () => Promise<void>;
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const db = await createDatabaseOn(serverUrl, `meterline_test_${Date.now().toString(36)}`);
    databaseUrl = db.url;
    teardown = db.drop;
  } else {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'meterline-test-'));
    await chmod(dir, 0o755); // as root, postgres runs as its own user and must reach the folder
    const server = await startEmbeddedDatabase({ dataDir: dir, owner: true, database: 'meterline_test' });
    databaseUrl = server.url;
    teardown = async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    };
  }
  await migrate({ databaseUrl });
  project.provide('databaseUrl', databaseUrl);
  return teardown;
}
