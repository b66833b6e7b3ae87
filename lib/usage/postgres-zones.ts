import { pool } from '@/lib/db/pool';

const holder = globalThis as unknown as { meterlinePostgresZones?: Promise<Set<string>> };

/**
 * Whether Postgres knows a zone name. Windows are cut by Postgres' date_trunc, and its tz
 * database need not list every name the JavaScript engine accepts; read once per process.
 */
export async function isPostgresZone(name: string): Promise<boolean> {
  holder.meterlinePostgresZones ??= pool()
    .query<{ name: string }>('SELECT name FROM pg_timezone_names')
    .then((r) => new Set(r.rows.map((z) => z.name)))
    .catch((err) => {
      holder.meterlinePostgresZones = undefined;
      throw err;
    });
  return (await holder.meterlinePostgresZones).has(name);
}
