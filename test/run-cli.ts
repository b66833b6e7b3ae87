import { execFile } from 'node:child_process';
import path from 'node:path';
import { inject } from 'vitest';

// The real operator CLI in a child process, exactly as `npm run cli -- …` runs it.
const TSX = path.resolve('node_modules/.bin/tsx');
const CLI = path.resolve('scripts/cli.ts');

export type Run = { code: number; stdout: string; stderr: string };

/** Runs the CLI against the test database (or `databaseUrl`), with an empty data folder of the caller's. */
export function runCli(
  args: string[],
  { dataDir, databaseUrl = inject('databaseUrl'), timeout = 60_000 }: { dataDir: string; databaseUrl?: string; timeout?: number },
): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      TSX,
      [CLI, ...args],
      {
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          DATABASE_URL: databaseUrl,
          NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET,
          DATA_DIR: dataDir,
          NODE_ENV: 'production',
        },
        timeout,
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
