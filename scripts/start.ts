// `npm start` / `npm run dev`: database, migrations, demo seed, build if needed, then the server (scripts/serve.ts, or `next dev`).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { env } from '@/lib/env';
import { bootstrap } from '@/lib/runtime/bootstrap';
import { onStopRequest } from '@/lib/runtime/on-stop-request';
import { DEMO, seedDemo } from '@/lib/seed/demo';
import { closeDb } from '@/lib/db/prisma';

const mode = process.argv[2] === 'dev' ? 'dev' : 'start';
const log = (line: string) => console.log(`[meterline] ${line}`);
const NEXT_BIN = path.resolve('node_modules/next/dist/bin/next');
const SOURCES = ['app', 'components', 'lib', 'public', 'proxy.ts', 'next.config.js', 'package.json', 'postcss.config.mjs'];

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

/** A production build is (re)made when missing or older than any source file. */
function needsBuild(): boolean {
  const buildId = path.resolve('.next/BUILD_ID');
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  return SOURCES.some((s) => newestMtime(path.resolve(s)) > built);
}

function runNext(args: string[], childEnv: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [NEXT_BIN, ...args], { stdio: 'inherit', env: childEnv });
}

function exited(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function main() {
  const runtime = await bootstrap({ owner: true, log });
  const e = env();
  let child: ChildProcess | undefined;
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('stopping');
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await exited(child);
    }
    await closeDb().catch(() => {});
    await runtime.stop();
    process.exit(code);
  };
  onStopRequest(() => void shutdown(0));

  const seed = await seedDemo();
  if (seed.seeded) {
    log('seeded the demo tenant (demo-only credentials, see README):');
    log(`  admin  ${DEMO.admin.email} / ${DEMO.admin.password}`);
    for (const m of DEMO.members) log(`  member ${m.email} / ${m.password} (${m.customer})`);
    log(`  ingest API key (shown once): ${seed.ingestKey}`);
  }
  await closeDb();

  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: '1',
    // Without NEXTAUTH_URL, next-auth builds its URLs from the Host header of each request.
    AUTH_TRUST_HOST: process.env.AUTH_TRUST_HOST ?? (e.NEXTAUTH_URL ? undefined : 'true'),
  };
  if (mode === 'start' && needsBuild()) {
    log('building the app (first start, or sources changed)');
    child = runNext(['build'], { ...childEnv, NODE_ENV: 'production' });
    const code = await exited(child);
    if (stopping) return;
    if (code !== 0) return shutdown(code);
  }
  log(`serving on http://localhost:${e.PORT}`);
  child =
    mode === 'start'
      ? spawn(process.execPath, ['--import', 'tsx', path.resolve('scripts/serve.ts')], { stdio: 'inherit', env: { ...childEnv, NODE_ENV: 'production' } })
      : runNext(['dev', '-p', String(e.PORT)], childEnv);
  const code = await exited(child);
  if (!stopping) await shutdown(code);
}

main().catch((err) => {
  console.error(`[meterline] failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
