import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedDatabase, type RunningDatabase } from '@/lib/db/embedded';
import { waitFor } from './wait-for';

// One cluster for the whole file: initdb is the slow part, and each test starts and stops the
// server on it in the states a real machine leaves behind.
let dataDir: string;
let pgdata: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'meterline-embedded-'));
  await chmod(dataDir, 0o755); // as root, postgres runs as its own user and must reach the folder
  pgdata = path.join(dataDir, 'pg');
});
afterAll(async () => {
  // Never leave a server behind, whatever failed above.
  const pid = postmasterPid();
  if (pid && alive(pid)) {
    process.kill(pid, 'SIGINT');
    await waitFor(() => !alive(pid), 30_000);
  }
  await rm(dataDir, { recursive: true, force: true });
});

function postmasterPid(): number | null {
  const file = path.join(pgdata, 'postmaster.pid');
  return existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function query(url: string, sql: string): Promise<pg.QueryResultRow[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

function portOf(url: string): number {
  return Number(new URL(url).port);
}

/** True when something accepts TCP connections on the port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A pid no process has: a short-lived child that has already exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  expect(alive(child.pid!)).toBe(false);
  return child.pid!;
}

/** A postmaster.pid like the one a crashed server leaves, naming `pid`. */
async function writeStaleLock(pid: number, port: number): Promise<void> {
  const lines = [pid, pgdata, Math.floor(Date.now() / 1000) - 3600, port, '', '127.0.0.1', '  1234567     32768', 'ready   '];
  await writeFile(path.join(pgdata, 'postmaster.pid'), `${lines.join('\n')}\n`, { mode: 0o600 });
}

async function expectStopped(server: RunningDatabase, pid: number | null) {
  expect(existsSync(path.join(pgdata, 'postmaster.pid'))).toBe(false);
  if (pid) await waitFor(() => !alive(pid), 30_000);
  expect(await listening(portOf(server.url))).toBe(false);
}

describe('startEmbeddedDatabase', () => {
  it('creates a cluster and its database on first start, serves queries, and stops', { timeout: 180_000 }, async () => {
    const server = await startEmbeddedDatabase({ dataDir, owner: true, database: 'meterline_embedded' });
    const pid = postmasterPid();
    try {
      expect(server.startedHere).toBe(true);
      expect(alive(pid!)).toBe(true);
      expect(server.url).toMatch(/^postgresql:\/\/meterline:[^@]+@127\.0\.0\.1:\d+\/meterline_embedded$/);
      expect(existsSync(path.join(pgdata, 'PG_VERSION'))).toBe(true);
      const [row] = await query(server.url, 'SELECT current_database() AS db, current_user AS who, version() AS v');
      expect(row).toMatchObject({ db: 'meterline_embedded', who: 'meterline' });
      expect(row.v).toMatch(/^PostgreSQL \d+/);
      // Local only: postgres listens on loopback, with no Unix socket.
      const [settings] = await query(server.url, "SELECT current_setting('listen_addresses') AS listen, current_setting('unix_socket_directories') AS sockets");
      expect(settings).toEqual({ listen: '127.0.0.1', sockets: '' });
    } finally {
      await server.stop();
    }
    await expectStopped(server, pid);
  });

  it('keeps data across restarts of the same folder', { timeout: 120_000 }, async () => {
    const first = await startEmbeddedDatabase({ dataDir, owner: true, database: 'meterline_embedded' });
    try {
      await query(first.url, 'CREATE TABLE IF NOT EXISTS kept (v text); INSERT INTO kept VALUES ($$still here$$)');
    } finally {
      await first.stop();
    }
    const second = await startEmbeddedDatabase({ dataDir, owner: true, database: 'meterline_embedded' });
    try {
      expect(second.startedHere).toBe(true);
      expect(await query(second.url, 'SELECT v FROM kept')).toEqual([{ v: 'still here' }]);
    } finally {
      await second.stop();
    }
  });

  it('is not blocked by a stale postmaster.pid naming a dead process', { timeout: 120_000 }, async () => {
    await writeStaleLock(await deadPid(), 5432);
    const server = await startEmbeddedDatabase({ dataDir, owner: true });
    const pid = postmasterPid();
    try {
      expect(server.startedHere).toBe(true);
      expect(pid).not.toBeNull();
      expect(alive(pid!)).toBe(true);
      expect(await query(server.url, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await server.stop();
    }
    await expectStopped(server, pid);
  });

  it('is not blocked by a stale postmaster.pid whose pid now belongs to another program', { timeout: 120_000 }, async () => {
    // After a reboot the old pid is often reused; postgres itself would refuse to start then.
    const other = spawn('sleep', ['60']);
    try {
      await writeStaleLock(other.pid!, 5432);
      const server = await startEmbeddedDatabase({ dataDir, owner: true });
      try {
        expect(server.startedHere).toBe(true);
        expect(postmasterPid()).not.toBe(other.pid);
        expect(await query(server.url, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
      } finally {
        await server.stop();
      }
      expect(alive(other.pid!)).toBe(true); // and nobody else got killed
    } finally {
      other.kill();
    }
  });

  it('joins a server a killed run left behind; the owner stops it, a non-owner does not', { timeout: 180_000 }, async () => {
    // A real crash: a separate process starts the server and is SIGKILLed without stopping it.
    // `node --import tsx` rather than the tsx binary, which would run the script in a child process
    // of its own and take only itself down on SIGKILL.
    const holder = spawn(process.execPath, ['--import', 'tsx', path.resolve('test/fixtures/hold-embedded-db.ts'), dataDir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      holder.stdout!.on('data', (chunk) => {
        out += chunk;
        if (out.includes('\n')) resolve(out.split('\n')[0]);
      });
      holder.once('exit', (code) => reject(new Error(`holder exited early with ${code}`)));
    });
    const left = JSON.parse(line) as { url: string; startedHere: boolean };
    expect(left.startedHere).toBe(true);
    const exited = new Promise((resolve) => holder.once('exit', resolve));
    holder.kill('SIGKILL');
    await exited;
    const orphan = postmasterPid()!;
    expect(alive(orphan)).toBe(true);
    await query(left.url, 'CREATE TABLE IF NOT EXISTS crash_marker (v int)');

    // The CLI (not the owner) joins it and leaves it running when it is done.
    const cli = await startEmbeddedDatabase({ dataDir, owner: false });
    expect(cli.startedHere).toBe(false);
    expect(cli.url).toBe(left.url);
    await cli.stop();
    expect(alive(orphan)).toBe(true);

    // The next app start (the owner) joins the same server rather than starting a second one…
    const app = await startEmbeddedDatabase({ dataDir, owner: true });
    expect(app.startedHere).toBe(false);
    expect(app.url).toBe(left.url);
    expect(await query(app.url, "SELECT to_regclass('crash_marker') IS NOT NULL AS found")).toEqual([{ found: true }]);
    // …and its stop() shuts that server down.
    await app.stop();
    await expectStopped(app, orphan);

    // The folder is usable again afterwards.
    const again = await startEmbeddedDatabase({ dataDir, owner: true });
    try {
      expect(again.startedHere).toBe(true);
      expect(await query(again.url, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await again.stop();
    }
  });

  it('reads the port of the server it joins from postmaster.pid', async () => {
    // Guard for the format assumption in runningServer(): line 4 is the port.
    const lock = path.join(pgdata, 'postmaster.pid');
    expect(existsSync(lock)).toBe(false);
    const server = await startEmbeddedDatabase({ dataDir, owner: true });
    try {
      const lines = (await readFile(lock, 'utf8')).split('\n');
      expect(Number(lines[3])).toBe(portOf(server.url));
      expect(Number(lines[0])).toBe(postmasterPid());
    } finally {
      await server.stop();
    }
  }, 120_000);
});
