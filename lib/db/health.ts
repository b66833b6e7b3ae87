import { db } from './prisma';

export type DatabaseHealth =
  | { status: 'ok'; latestMigration: string | null; latencyMs: number }
  | { status: 'unreachable'; error: string };

export async function checkDatabase(): Promise<DatabaseHealth> {
  const started = performance.now();
  try {
    const rows = await db().$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM "_prisma_migrations"
      WHERE finished_at IS NOT NULL ORDER BY migration_name DESC LIMIT 1`;
    return { status: 'ok', latestMigration: rows[0]?.migration_name ?? null, latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    return { status: 'unreachable', error: (err as Error).message.split('\n')[0] };
  }
}
