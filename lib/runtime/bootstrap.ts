import { startEmbeddedDatabase } from '@/lib/db/embedded';
import { migrate } from '@/lib/db/migrate';
import { setDatabaseUrl } from '@/lib/db/pool';
import { env } from '@/lib/env';
import { loadOrCreateAuthSecret } from './auth-secret';

export type BootstrapOptions = {
  /** The app owns the embedded server (adopts a stale one, stops it at exit); the CLI does not. */
  owner: boolean;
  log?: (line: string) => void;
};

export type Runtime = { databaseUrl: string; authSecret: string; embedded: boolean; stop: () => Promise<void> };

/**
 * Everything a process needs before touching the database: the auth secret, a database
 * (DATABASE_URL, or the embedded server under DATA_DIR) and an up-to-date schema. The
 * environment stays as it was read: this process's pool is pointed at the database, and the
 * launcher passes the derived values to the processes it starts.
 */
export async function bootstrap(options: BootstrapOptions): Promise<Runtime> {
  const log = options.log ?? (() => {});
  const e = env();
  const authSecret = e.authSecret ?? (await loadOrCreateAuthSecret(e.dataDir));
  let runtime: Runtime;
  if (e.DATABASE_URL) {
    runtime = { databaseUrl: e.DATABASE_URL, authSecret, embedded: false, stop: async () => {} };
  } else {
    const server = await startEmbeddedDatabase({ dataDir: e.dataDir, owner: options.owner, log });
    runtime = { databaseUrl: server.url, authSecret, embedded: true, stop: server.stop };
  }
  setDatabaseUrl(runtime.databaseUrl);
  try {
    const result = await migrate({ databaseUrl: runtime.databaseUrl, log });
    log(`database schema at ${result.latest}`);
  } catch (err) {
    await runtime.stop();
    throw err;
  }
  return runtime;
}
