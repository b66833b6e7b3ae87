import type { PoolClient } from 'pg';
import { withTransaction } from '@/lib/db/pool';
import { storableCopy } from '@/lib/json/inspect-json';
import { ensurePartitions } from './ensure-partitions';
import type { ValidEvent } from './validate-event';

export type AppendOutcome = 'accepted' | 'duplicate' | 'conflict';

export type Rejected = { code: string; message: string; event: unknown };

export type AppendEventsOptions = {
  events: ValidEvent[];
  /** Rejected events of the same request, recorded in the same transaction. */
  rejected?: Rejected[];
  /** Canonical receive time of the request. */
  receivedAt: string;
  apiKeyId: string | null;
};

export type AppendResult = {
  /** One outcome per input event, in input order. */
  outcomes: AppendOutcome[];
  /** Accepted events whose subject no customer owns (kept as unattributed). */
  unattributed: number;
};

const keyOf = (source: string, id: string) => `${source}\u0000${id}`;

async function resolveSubjects(client: PoolClient, subjects: string[]): Promise<Map<string, string>> {
  const { rows } = await client.query<{ key: string; customer_id: string }>({
    name: 'ingest-resolve-subjects',
    text: 'SELECT key, customer_id FROM subject_keys WHERE key = ANY($1::text[])',
    values: [subjects],
  });
  return new Map(rows.map((r) => [r.key, r.customer_id]));
}

/**
 * Appends a validated batch exactly once, in one transaction, with a fixed handful of statements
 * whatever the batch size. The (source, id) ledger decides: a new key is accepted, a known key
 * with the same content is a duplicate, with other content a conflict (the first write counts).
 * Nothing is acknowledged before COMMIT returns.
 */
export async function appendEvents(options: AppendEventsOptions): Promise<AppendResult> {
  const { events, receivedAt, apiKeyId } = options;
  const outcomes: AppendOutcome[] = new Array(events.length);

  const keys = events.map((e) => keyOf(e.source, e.id));
  // Repeats inside the batch are settled here; only the first of each key goes to the ledger.
  const firstIndex = new Map<string, number>();
  const candidates: number[] = [];
  events.forEach((e, i) => {
    const first = firstIndex.get(keys[i]);
    if (first === undefined) {
      firstIndex.set(keys[i], i);
      candidates.push(i);
    } else outcomes[i] = events[first].hash === e.hash ? 'duplicate' : 'conflict';
  });
  // One lock order for every batch, so overlapping concurrent batches cannot deadlock on the ledger.
  candidates.sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0));

  await ensurePartitions(candidates.map((i) => events[i].time));

  let unattributed = 0;
  await withTransaction(async (client) => {
    const c = candidates.map((i) => events[i]);
    const inserted = await client.query<{ source: string; event_id: string }>({
      name: 'ingest-ledger',
      text: `INSERT INTO event_dedupe (source, event_id, content_hash, event_time, received_at)
       SELECT s, i, h, t, $5::timestamptz FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) AS x(s, i, h, t)
       ON CONFLICT DO NOTHING
       RETURNING source, event_id`,
      values: [c.map((e) => e.source), c.map((e) => e.id), c.map((e) => e.hash), c.map((e) => e.time), receivedAt],
    });
    const fresh = new Set(inserted.rows.map((r) => keyOf(r.source, r.event_id)));

    const known = candidates.filter((i) => !fresh.has(keys[i]));
    if (known.length > 0) {
      const { rows } = await client.query<{ source: string; event_id: string; content_hash: string }>({
        // Planned on every call, not prepared: a plan cached while the ledger was small joins by
        // scanning all of it (58 ms at 200,000 rows), where the current size gets a key probe each.
        text: `SELECT d.source, d.event_id, d.content_hash FROM unnest($1::text[], $2::text[]) AS k(s, i)
         CROSS JOIN LATERAL (SELECT source, event_id, content_hash FROM event_dedupe WHERE source = k.s AND event_id = k.i) d`,
        values: [known.map((i) => events[i].source), known.map((i) => events[i].id)],
      });
      const hashes = new Map(rows.map((r) => [keyOf(r.source, r.event_id), r.content_hash]));
      for (const i of known) outcomes[i] = hashes.get(keys[i]) === events[i].hash ? 'duplicate' : 'conflict';
    }
    const accepted = candidates.filter((i) => fresh.has(keys[i]));
    for (const i of accepted) outcomes[i] = 'accepted';

    const subjects = [...new Set(accepted.map((i) => events[i].subject))];
    const owners = await resolveSubjects(client, subjects);
    const orphans = subjects.filter((s) => !owners.has(s));
    if (orphans.length > 0) {
      // Wait out an admin attributing one of these subjects right now, then look again: its
      // events must land where the attribution moved the others (lib/ingest/attribute-subject.ts).
      await client.query('SELECT pg_advisory_xact_lock_shared(hashtextextended(s, 0)) FROM unnest($1::text[]) AS s ORDER BY s', [orphans]);
      for (const [k, v] of await resolveSubjects(client, orphans)) owners.set(k, v);
    }

    const attributed = accepted.filter((i) => owners.has(events[i].subject)).map((i) => events[i]);
    const homeless = accepted.filter((i) => !owners.has(events[i].subject)).map((i) => events[i]);
    unattributed = homeless.length;
    if (attributed.length > 0) {
      await client.query({
        name: 'ingest-events',
        text: `INSERT INTO events (customer_id, time, source, event_id, type, subject, data, received_at, api_key_id)
         SELECT c, t, s, i, ty, su, d::jsonb, $8::timestamptz, $9::uuid
         FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS x(c, t, s, i, ty, su, d)`,
        values: [
          attributed.map((e) => owners.get(e.subject)),
          attributed.map((e) => e.time),
          attributed.map((e) => e.source),
          attributed.map((e) => e.id),
          attributed.map((e) => e.type),
          attributed.map((e) => e.subject),
          attributed.map((e) => e.dataJson),
          receivedAt,
          apiKeyId,
        ],
      });
    }
    if (homeless.length > 0) {
      await client.query(
        `INSERT INTO unattributed_events (time, source, event_id, type, subject, data, received_at, api_key_id)
         SELECT t, s, i, ty, su, d::jsonb, $7::timestamptz, $8::uuid
         FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS x(t, s, i, ty, su, d)`,
        [
          homeless.map((e) => e.time),
          homeless.map((e) => e.source),
          homeless.map((e) => e.id),
          homeless.map((e) => e.type),
          homeless.map((e) => e.subject),
          homeless.map((e) => e.dataJson),
          receivedAt,
          apiKeyId,
        ],
      );
    }
    const conflicts = events.filter((_, i) => outcomes[i] === 'conflict');
    if (conflicts.length > 0) {
      await client.query(
        `INSERT INTO event_conflicts (source, event_id, content_hash, event, received_at, api_key_id)
         SELECT s, i, h, e::jsonb, $5::timestamptz, $6::uuid FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS x(s, i, h, e)`,
        [
          conflicts.map((e) => e.source),
          conflicts.map((e) => e.id),
          conflicts.map((e) => e.hash),
          conflicts.map((e) => JSON.stringify({ specversion: '1.0', id: e.id, source: e.source, type: e.type, subject: e.subject, time: e.time, data: e.data })),
          receivedAt,
          apiKeyId,
        ],
      );
    }
    const rejected = options.rejected ?? [];
    if (rejected.length > 0) {
      await client.query(
        `INSERT INTO event_rejections (code, message, event, received_at, api_key_id)
         SELECT c, m, e::jsonb, $4::timestamptz, $5::uuid FROM unnest($1::text[], $2::text[], $3::text[]) AS x(c, m, e)`,
        [rejected.map((r) => r.code), rejected.map((r) => r.message), rejected.map((r) => sample(r.event)), receivedAt, apiKeyId],
      );
    }
  });
  return { outcomes, unattributed };
}

/**
 * What is kept of a rejected event: whatever it holds, escaped so jsonb takes it (a rejected
 * sample must never fail the batch's transaction), and bounded in depth and size.
 */
export function sample(event: unknown): string {
  const json = JSON.stringify(storableCopy(event ?? null));
  if (json.length <= 4096) return json;
  // Cutting JSON text can split a surrogate pair; toWellFormed mends the cut.
  return JSON.stringify({ truncated: true, preview: json.slice(0, 1024).toWellFormed() });
}
