import { spawnSync } from 'node:child_process';
import { describe, expect, inject, it } from 'vitest';
import { pool } from '@/lib/db/pool';
import { createMeter } from '@/lib/meters/create-meter';
import { customerFactory, randomKey } from '@/lib/seed/factories';
import { drain, insertEvents } from './rollup-helpers';

function cli(...args: string[]) {
  return spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/cli.ts', ...args], {
    env: { ...process.env, DATABASE_URL: inject('databaseUrl') },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

/** The meter's total in each rollup tier, minutes then hours. */
async function sumOf(meterSlug: string): Promise<string[]> {
  const { rows } = await pool().query(
    `SELECT (SELECT sum(r.sum) FROM meter_rollups r WHERE r.meter_id = m.id)::text AS minutes,
            (SELECT sum(r.sum) FROM meter_rollups_hourly r WHERE r.meter_id = m.id)::text AS hours
     FROM meters m WHERE m.slug = $1`,
    [meterSlug],
  );
  return [rows[0].minutes, rows[0].hours];
}

describe('npm run cli -- rollups rebuild', () => {
  it('restores damaged rollups from the log, for one meter and for a time range', async () => {
    const c = await customerFactory();
    const type = randomKey('rebuild');
    const slug = randomKey('rebuild-sum');
    await createMeter({ slug, eventType: type, aggregation: 'SUM', valueProperty: '$.n', groupBy: {}, actor: 'test' });
    await insertEvents(
      Array.from({ length: 30 }, (_, i) => ({ customerId: c.id, subject: c.subjects[0].key, type, time: `2026-11-${String(1 + (i % 10)).padStart(2, '0')}T12:00:00Z`, data: { n: i } })),
    );
    await drain([c.id]);
    expect(await sumOf(slug)).toEqual(['435', '435']);

    for (const table of ['meter_rollups', 'meter_rollups_hourly']) {
      await pool().query(`UPDATE ${table} SET sum = sum + 1000 FROM meters m WHERE m.id = meter_id AND m.slug = $1`, [slug]);
    }
    const ranged = cli('rollups', 'rebuild', '--meter', slug, '--from', '2026-11-01T00:00:00Z', '--to', '2026-11-06T00:00:00Z');
    expect(ranged.status, ranged.stderr).toBe(0);
    // Days 1-5 are repaired; 6-10 still carry the damage.
    expect(await sumOf(slug)).toEqual([String(435 + 5 * 1000), String(435 + 5 * 1000)]);

    const full = cli('rollups', 'rebuild', '--meter', slug);
    expect(full.status, full.stderr).toBe(0);
    expect(full.stdout).toMatch(/rebuilt 1 meter\(s\) from 30 events/);
    expect(await sumOf(slug)).toEqual(['435', '435']);
  }, 120_000);

  it('rejects bad arguments before touching the database', () => {
    const res = cli('rollups', 'rebuild', '--from', 'yesterday');
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(/--from must be a date-time/);
  });
});
