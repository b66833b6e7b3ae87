import { startEmbeddedDatabase } from '@/lib/db/embedded';
import { migrate } from '@/lib/db/migrate';
import { env, refreshEnv } from '@/lib/env';
import { loadOrCreateAuthSecret } from './auth-secret';

export type BootstrapOptions = {
  /** The app owns the embedded server (adopts a stale one, stops it at exit); the CLI does not. */
  owner: boolean;
  log?: (line: string) => void;
};

export type Runtime = { databaseUrl: string; embedded: boolean; stop: () => Promise<void> };

/**
 * Everything a process needs before touching the database: the auth secret, a database
 * (DATABASE_URL, or the embedded server under DATA_DIR) and an up-to-date schema.
 * Fills process.env so the app's env module and child processes see the same values.
 */
export async function bootstrap(options: BootstrapOptions): Promise<Runtime> {
  const log = options.log ?? (() => {});
  const e = env();
  if (!e.authSecret) process.env.NEXTAUTH_SECRET = await loadOrCreateAuthSecret(e.dataDir);
  let runtime: Runtime;
  if (e.DATABASE_URL) {
    runtime = { databaseUrl: e.DATABASE_URL, embedded: false, stop: async () => {} };
  } else {
    const server = await startEmbeddedDatabase({ dataDir: e.dataDir, owner: options.owner, log });
    process.env.DATABASE_URL = server.url;
    runtime = { databaseUrl: server.url, embedded: true, stop: server.stop };
  }
  refreshEnv();
  try {
    const result = await migrate({ databaseUrl: runtime.databaseUrl, log });
    log(`database schema at ${result.latest}`);
  } catch (err) {
    await runtime.stop();
    throw err;
  }
  return runtime;
}
