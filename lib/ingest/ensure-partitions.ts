import { pool } from '@/lib/db/pool';

// Months whose partition this process has already made sure of; creating one is rare DDL.
const ensured = new Set<string>();

function monthKey(time: string): string {
  return time.slice(0, 7);
}

/** Makes sure the event log has a partition for every month in `times` (canonical UTC strings). */
export async function ensurePartitions(times: string[]): Promise<void> {
  let min: string | undefined;
  let max: string | undefined;
  for (const t of times) {
    if (ensured.has(monthKey(t))) continue;
    if (!min || t < min) min = t;
    if (!max || t > max) max = t;
  }
  if (!min || !max) return;
  await pool().query('SELECT ensure_event_partitions($1::timestamptz, $2::timestamptz)', [min, max]);
  for (let d = new Date(`${monthKey(min)}-01T00:00:00Z`); monthKey(d.toISOString()) <= monthKey(max); d.setUTCMonth(d.getUTCMonth() + 1)) {
    ensured.add(monthKey(d.toISOString()));
  }
}
