import { pool } from './pool';

const holder = globalThis as unknown as { meterlineTimeZones?: ReadonlySet<string>; meterlineTimeZonesLoading?: Promise<ReadonlySet<string>> };

/**
 * Reads the time zone names this PostgreSQL server knows, once per process (they change only with
 * the server's tzdata), lower-cased since it matches them without regard to case. The JavaScript
 * engine keeps aliases tzdata dropped years ago (US/Pacific-New, Canada/East-Saskatchewan), which
 * PostgreSQL refuses in AT TIME ZONE, so zones from callers are checked against both.
 */
export function loadTimeZones(): Promise<ReadonlySet<string>> {
  holder.meterlineTimeZonesLoading ??= pool()
    .query<{ name: string }>('SELECT lower(name) AS name FROM pg_timezone_names')
    .then(({ rows }) => (holder.meterlineTimeZones = new Set(rows.map((r) => r.name))))
    .catch((err: unknown) => {
      holder.meterlineTimeZonesLoading = undefined; // a database that was down must not poison the cache
      throw err;
    });
  return holder.meterlineTimeZonesLoading;
}

/** The names loadTimeZones() read, or undefined before it has finished. */
export function loadedTimeZones(): ReadonlySet<string> | undefined {
  return holder.meterlineTimeZones;
}
