import { pool } from '@/lib/db/pool';

// Outcome counters and event types seen, summed in memory and written once a second: these
// rows are hot (every request touches them), and holding their locks inside ingest
// transactions would serialise all producers. They are statistics, not money: a crash may
// lose up to a second of them, never an event.

type Pending = { counts: Map<string, number>; types: Map<string, { events: number; first: string; last: string }> };

const holder = globalThis as unknown as { meterlineIngestStats?: { pending: Pending; timer?: NodeJS.Timeout; flushing?: Promise<void> } };

function state() {
  holder.meterlineIngestStats ??= { pending: { counts: new Map(), types: new Map() } };
  return holder.meterlineIngestStats;
}

export type OutcomeCount = { outcome: string; code: string; events: number };

/** Adds one request's outcomes and event types to the next flush. */
export function recordIngestStats(at: Date, outcomes: OutcomeCount[], types: Map<string, number>): void {
  const s = state();
  const minute = new Date(Math.floor(at.getTime() / 60_000) * 60_000).toISOString();
  for (const o of outcomes) {
    const key = `${minute}\u0000${o.outcome}\u0000${o.code}`;
    s.pending.counts.set(key, (s.pending.counts.get(key) ?? 0) + o.events);
  }
  const iso = at.toISOString();
  for (const [type, events] of types) {
    const t = s.pending.types.get(type);
    if (t) {
      t.events += events;
      t.last = iso;
    } else s.pending.types.set(type, { events, first: iso, last: iso });
  }
  s.timer ??= setTimeout(() => void flushIngestStats().catch((err) => console.error('ingest stats flush failed', err)), 1000).unref();
}

/** Writes what is pending; concurrent calls share one write. */
export async function flushIngestStats(): Promise<void> {
  const s = state();
  if (s.timer) clearTimeout(s.timer);
  s.timer = undefined;
  await s.flushing;
  const { counts, types } = s.pending;
  if (counts.size === 0 && types.size === 0) return;
  s.pending = { counts: new Map(), types: new Map() };
  s.flushing = (async () => {
    if (counts.size > 0) {
      const rows = [...counts].map(([k, n]) => [...k.split('\u0000'), n] as [string, string, string, number]);
      await pool().query(
        `INSERT INTO ingest_stats (minute, outcome, code, events)
         SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::bigint[])
         ON CONFLICT (minute, outcome, code) DO UPDATE SET events = ingest_stats.events + EXCLUDED.events`,
        [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2]), rows.map((r) => r[3])],
      );
    }
    if (types.size > 0) {
      const rows = [...types].sort(([a], [b]) => (a < b ? -1 : 1));
      await pool().query(
        `INSERT INTO event_types (type, events, first_seen, last_seen)
         SELECT * FROM unnest($1::text[], $2::bigint[], $3::timestamptz[], $4::timestamptz[])
         ON CONFLICT (type) DO UPDATE SET events = event_types.events + EXCLUDED.events,
           last_seen = GREATEST(event_types.last_seen, EXCLUDED.last_seen)`,
        [rows.map(([t]) => t), rows.map(([, v]) => v.events), rows.map(([, v]) => v.first), rows.map(([, v]) => v.last)],
      );
    }
  })();
  try {
    await s.flushing;
  } finally {
    s.flushing = undefined;
  }
}
