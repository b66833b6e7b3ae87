import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { pool } from '@/lib/db/pool';
import { createMeter } from '@/lib/meters/create-meter';
import { runConsumer } from '@/lib/rollups/run-consumer';
import { customerFactory, randomKey } from '@/lib/seed/factories';
import { drain, insertEvents, keyed, oracle, query } from './rollup-helpers';
import { waitFor } from './wait-for';

function startWorker(): ChildProcess {
  return spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/worker.ts'], {
    // Not finalizing: other test files finalize their own customers' invoices at chosen times.
    env: { ...process.env, DATABASE_URL: inject('databaseUrl'), METERLINE_FINALIZER: 'off' },
    stdio: 'ignore',
  });
}

async function offset(): Promise<string> {
  const { rows } = await pool().query(`SELECT last_tx || ':' || last_seq AS o FROM stream_offsets WHERE consumer = 'rollups'`);
  return rows[0].o;
}

describe('stream consumer processes', () => {
  it('a worker killed with SIGKILL at random moments and restarted leaves rollups equal to a recomputation', async () => {
    const c = await customerFactory();
    const type = randomKey('kill');
    const slug = randomKey('kill-sum');
    await createMeter({ slug, eventType: type, aggregation: 'SUM', valueProperty: '$.n', groupBy: { k: '$.k' }, actor: 'test' });
    for (let round = 0; round < 4; round++) {
      const worker = startWorker();
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      const writes = Array.from({ length: 20 }, (_, b) =>
        new Promise((r) => setTimeout(r, b * 150)).then(() =>
          insertEvents(
            Array.from({ length: 250 }, () => ({
              customerId: c.id,
              subject: c.subjects[0].key,
              type,
              time: new Date(Date.parse('2026-11-01T00:00:00Z') + randomInt(20 * 86_400_000)).toISOString(),
              data: { n: `${randomInt(1000)}.${randomInt(1000)}`, k: `k${randomInt(3)}` },
            })),
          ),
        ),
      );
      // Kill only once this worker has really moved the offset, then at a random moment after.
      const before = await offset();
      await waitFor(async () => (await offset()) !== before, 15_000);
      await new Promise((r) => setTimeout(r, randomInt(300)));
      worker.kill('SIGKILL');
      await Promise.all(writes);
      await exited;
    }
    await drain([c.id]);
    const range = { from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' };
    const api = await query(slug, { ...range, windowSize: 'DAY', groupBy: ['k'] });
    const actual = keyed(api.data, { window: true, subject: false, group: 'k' });
    expect(actual.size).toBeGreaterThan(0);
    expect(actual).toEqual(await oracle({ meterSlug: slug, ...range, window: 'day', group: 'k' }));
  }, 60_000);

  it('the running consumer makes new events visible without anyone draining by hand', async () => {
    const c = await customerFactory();
    const type = randomKey('live');
    const slug = randomKey('live-count');
    await createMeter({ slug, eventType: type, aggregation: 'COUNT', groupBy: {}, actor: 'test' });
    const consumer = runConsumer({ idleMs: 50 });
    try {
      await insertEvents([{ customerId: c.id, subject: c.subjects[0].key, type, time: '2026-11-20T10:00:00Z', data: {} }]);
      await waitFor(async () => {
        const { data } = await query(slug, {});
        return data[0]?.value === '1';
      }, 15_000);
    } finally {
      await consumer.stop();
    }
  });
});
