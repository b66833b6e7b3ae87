import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMigrations, migrate } from '@/lib/db/migrate';
import { createScratchDatabase } from './db-admin';

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
beforeAll(async () => {
  scratch = await createScratchDatabase();
});
afterAll(() => scratch.drop());

async function query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: scratch.url });
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end();
  }
}

describe('migrate', () => {
  it('applies every migration exactly once when several instances start at the same time', async () => {
    const results = await Promise.all([1, 2, 3].map(() => migrate({ databaseUrl: scratch.url })));
    const all = await listMigrations('prisma/migrations');
    expect(results.flatMap((r) => r.applied).sort()).toEqual(all.map((m) => m.name));
    expect(new Set(results.map((r) => r.latest))).toEqual(new Set([all.at(-1)!.name]));
    const rows = await query<{ migration_name: string }>('SELECT migration_name FROM "_prisma_migrations"');
    expect(rows).toHaveLength(all.length);
  });

  it('records each migration the way Prisma does, so `prisma migrate status` agrees', async () => {
    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number; rolled_back_at: Date | null }>(
      'SELECT * FROM "_prisma_migrations" ORDER BY migration_name',
    );
    for (const row of rows) {
      const file = readFileSync(`prisma/migrations/${row.migration_name}/migration.sql`);
      expect(row.checksum).toBe(createHash('sha256').update(file).digest('hex'));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
  });

  it('does nothing on a second run', async () => {
    const again = await migrate({ databaseUrl: scratch.url });
    expect(again.applied).toEqual([]);
  });

  it('stops at a migration that failed earlier instead of guessing', async () => {
    const broken = await createScratchDatabase();
    try {
      await migrate({ databaseUrl: broken.url });
      const c = new pg.Client({ connectionString: broken.url });
      await c.connect();
      await c.query(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name) VALUES ('x', 'y', '99999999999999_half_done')`);
      await c.end();
      await expect(migrate({ databaseUrl: broken.url })).rejects.toThrow(/99999999999999_half_done failed earlier/);
    } finally {
      await broken.drop();
    }
  });
});
