import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMigrations, migrate } from '@/lib/db/migrate';
import { rollHours } from '@/lib/rollups/roll-hours';
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

  it('the first fold after the upgrade merges an existing install\'s minute rollups into hours', async () => {
    const before = await createScratchDatabase();
    const older = mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
    try {
      for (const name of readdirSync('prisma/migrations').filter((n) => n < '20261124040000')) cpSync(`prisma/migrations/${name}`, `${older}/${name}`, { recursive: true });
      await migrate({ databaseUrl: before.url, migrationsDir: older });
      const c = new pg.Client({ connectionString: before.url });
      await c.connect();
      try {
        const m = (await c.query(`INSERT INTO meters (slug, name, event_type, aggregation, updated_at) VALUES ('m', 'm', 't', 'LATEST', now()) RETURNING id`)).rows[0].id;
        const customer = '00000000-0000-4000-8000-000000000001';
        // Two minutes of one hour, one of the next; the latest value is the one with the latest time, then seq.
        await c.query(
          `INSERT INTO meter_rollups VALUES
             ($1, $2, 's', '{}', '2026-11-01T10:05:00Z', 2, 5, 1, 4, 4, '2026-11-01T10:05:30Z', 7),
             ($1, $2, 's', '{}', '2026-11-01T10:59:00Z', 1, 2.5, 2.5, 2.5, 2.5, '2026-11-01T10:59:10Z', 3),
             ($1, $2, 's', '{}', '2026-11-01T11:00:00Z', 1, 9, 9, 9, 9, '2026-11-01T11:00:00Z', 9)`,
          [customer, m],
        );
        await c.query(
          `INSERT INTO meter_unique_values VALUES ($1, $2, 's', '{}', '2026-11-01T10:05:00Z', 'a'), ($1, $2, 's', '{}', '2026-11-01T10:59:00Z', 'a'),
             ($1, $2, 's', '{}', '2026-11-01T10:59:00Z', 'b')`,
          [customer, m],
        );
        const result = await migrate({ databaseUrl: before.url });
        expect(result.applied).toContain('20261124040000_hourly_rollups');
        expect((await c.query('SELECT count(*)::int AS n FROM meter_rollups_hourly')).rows[0].n).toBe(0);
        await rollHours(c); // what the consumer does first, holding its offset
        const until = (await c.query(`SELECT hourly_until FROM stream_offsets WHERE consumer = 'rollups'`)).rows[0].hourly_until as Date;
        expect(Date.now() - until.getTime()).toBeLessThan(2 * 3_600_000);
        const hours = await c.query(
          `SELECT to_char(bucket AT TIME ZONE 'UTC', 'HH24:MI') AS hour, count::int, sum::text, min::text, max::text, latest_value::text, latest_seq::int
           FROM meter_rollups_hourly ORDER BY bucket`,
        );
        expect(hours.rows).toEqual([
          { hour: '10:00', count: 3, sum: '7.5', min: '1', max: '4', latest_value: '2.5', latest_seq: 3 },
          { hour: '11:00', count: 1, sum: '9', min: '9', max: '9', latest_value: '9', latest_seq: 9 },
        ]);
        const uniques = await c.query(`SELECT to_char(bucket AT TIME ZONE 'UTC', 'HH24:MI') AS hour, value FROM meter_unique_values_hourly ORDER BY value`);
        expect(uniques.rows).toEqual([
          { hour: '10:00', value: 'a' },
          { hour: '10:00', value: 'b' },
        ]);
      } finally {
        await c.end();
      }
    } finally {
      rmSync(older, { recursive: true, force: true });
      await before.drop();
    }
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
