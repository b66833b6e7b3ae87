import { z } from 'zod';
import { isUuid } from '@/lib/db/ids';
import { type CustomerScope, scopeSql } from '@/lib/principals/customer-scope';
import { pool } from '@/lib/db/pool';
import { safeText } from '@/lib/text/safe-text';
import { INGEST_LIMITS } from './limits';
import { parseRfc3339 } from './parse-time';

// RFC 3339 as ingest reads it (years 0001-9999: PostgreSQL has no year 0 and would fail the query).
const isoTime = z.string().refine((v) => parseRfc3339(v) !== null, {
  message: 'must be an RFC 3339 time, e.g. 2026-11-24T10:00:00Z',
});

// NaN for a bad time: zod still runs the object's checks after a field has failed.
const epochMs = (time: string) => parseRfc3339(time)?.epochMs ?? NaN;

/** Without `from`, OpenMeter lists the last 72 hours; so does this (the 72 hours before `to`, when given). */
const DEFAULT_LOOKBACK_MS = 72 * 3_600_000;
/** 0001-01-01T00:00:00Z: PostgreSQL has no year 0, so a default `from` stops here. */
const FIRST_INSTANT_MS = -62_135_596_800_000;

export const listEventsQuery = z
  .object({
    from: isoTime.optional(),
    to: isoTime.optional(),
    subject: safeText(INGEST_LIMITS.maxSubjectLength).optional(),
    type: safeText(INGEST_LIMITS.maxTypeLength).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(100),
    // OpenMeter's further filters, as its SDK sends them.
    id: safeText(256).optional(),
    ingestedAtFrom: isoTime.optional(),
    ingestedAtTo: isoTime.optional(),
    customerId: z.array(z.string().refine(isUuid, { message: 'must be a customer id (a UUID)' })).max(100).optional(),
    // OpenMeter's id for tracking a query's progress; nothing here runs long enough to track.
    clientId: z.string().max(256).optional(),
  })
  .refine((q) => !q.from || !q.to || epochMs(q.from) < epochMs(q.to), { message: '"from" must be before "to"', path: ['from'] })
  // The bound also keeps a filter that matches nothing (an id fragment, an ingestion time) from
  // walking the whole log backwards.
  .transform((q) => ({ ...q, from: q.from ?? new Date(Math.max((q.to ? epochMs(q.to) : Date.now()) - DEFAULT_LOOKBACK_MS, FIRST_INSTANT_MS)).toISOString() }));

/** `from` is optional here: the ingest overview's latest events need no bound to be cheap. */
export type ListEventsOptions = Omit<z.infer<typeof listEventsQuery>, 'from'> & { from?: string; scope: CustomerScope };

/** OpenMeter's IngestedEvent shape. */
export type IngestedEvent = {
  event: { specversion: '1.0'; id: string; source: string; type: string; subject: string; time: string; data: unknown };
  customerId: string | null;
  ingestedAt: string;
  storedAt: string;
};

const UTC_MICROS = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

/**
 * Recent events, newest event time first, in OpenMeter's list shape. A member sees only its
 * customer's events; admins and read keys also see unattributed ones (customerId null).
 */
export async function listEvents(options: ListEventsOptions): Promise<IngestedEvent[]> {
  const { scope } = options;
  const params: unknown[] = [];
  const where: string[] = [];
  const bind = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const add = (sql: string, value: unknown) => where.push(sql.replace('?', bind(value)));
  if (options.from) add('time >= ?::timestamptz', options.from);
  if (options.to) add('time < ?::timestamptz', options.to);
  if (options.subject) add('subject = ?', options.subject);
  if (options.type) add('type = ?', options.type);
  // OpenMeter matches a part of the id.
  if (options.id) add('strpos(event_id, ?) > 0', options.id);
  if (options.ingestedAtFrom) add('received_at >= ?::timestamptz', options.ingestedAtFrom);
  if (options.ingestedAtTo) add('received_at < ?::timestamptz', options.ingestedAtTo);
  const filter = where.length ? `AND ${where.join(' AND ')}` : '';
  const limit = bind(options.limit);
  const customers = options.customerId?.length ? ` AND customer_id = ANY(${bind(options.customerId)}::uuid[])` : '';
  const attributedFilter = `${filter} AND ${scopeSql(scope, 'customer_id', bind)}${customers}`;
  const cols = `time, source, event_id, type, subject, data, to_char(received_at AT TIME ZONE 'UTC', ${UTC_MICROS}) AS received_at, to_char(time AT TIME ZONE 'UTC', ${UTC_MICROS}) AS time_text`;
  const sql = `
    SELECT * FROM (
      (SELECT customer_id::text, ${cols} FROM events WHERE true ${attributedFilter} ORDER BY time DESC LIMIT ${limit})
      ${scope.unattributed && !customers ? `UNION ALL (SELECT NULL, ${cols} FROM unattributed_events WHERE true ${filter} ORDER BY time DESC LIMIT ${limit})` : ''}
    ) x ORDER BY time DESC LIMIT ${limit}`;
  const { rows } = await pool().query<{
    customer_id: string | null;
    source: string;
    event_id: string;
    type: string;
    subject: string;
    data: unknown;
    received_at: string;
    time_text: string;
  }>(sql, params);
  return rows.map((r) => ({
    event: { specversion: '1.0', id: r.event_id, source: r.source, type: r.type, subject: r.subject, time: r.time_text, data: r.data },
    customerId: r.customer_id,
    ingestedAt: r.received_at,
    storedAt: r.received_at,
  }));
}
