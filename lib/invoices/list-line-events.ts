import { z } from 'zod';
import { pool } from '@/lib/db/pool';
import { AppError } from '@/lib/errors/app-error';
import { type InvoiceLineRef, loadInvoiceLine } from './load-invoice-line';

const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

/** Query of `GET /api/v1/invoices/{id}/lines/{position}/events`. */
export const listLineEventsInput = z
  .object({
    /** [from, to) within the line's span, typically one local day; the whole span when left out. */
    from: instant.optional(),
    to: instant.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    /** The `nextCursor` of the previous page. */
    cursor: z.string().max(200).optional(),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: '"from" must be before "to"', path: ['from'] });

export type ListLineEventsOptions = z.output<typeof listLineEventsInput> & InvoiceLineRef;

export type LineEventView = {
  id: string;
  source: string;
  subject: string;
  time: string;
  /** What the meter reads from the event (its value path), as sent; null for COUNT meters. */
  value: unknown;
  data: unknown;
};

export type LineEventPage = { from: string; to: string; data: LineEventView[]; nextCursor: string | null };

const encode = (time: string, seq: string) => Buffer.from(`${time}|${seq}`).toString('base64url');

function decode(cursor: string): { time: string; seq: string } {
  const [time, seq] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!seq || !/^\d{1,19}$/.test(seq) || Number.isNaN(Date.parse(time))) {
    throw new AppError('validation_failed', 'The cursor is not one this API gave.', [{ path: 'cursor', message: 'unknown cursor' }]);
  }
  return { time, seq };
}

const UTC_MICROS = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

/**
 * The raw events behind a usage line (or one day of it): the line's customer, its meter's event
 * type and group filter, inside the span the line counted, oldest first, a page at a time (keyset
 * on the log's primary key, customer · time · seq, so pages never shift or repeat).
 */
export async function listLineEvents(options: ListLineEventsOptions): Promise<LineEventPage> {
  const { from, to, limit, cursor } = options;
  const { invoice, line, meter, span } = await loadInvoiceLine(options);
  const lo = from && from > span.from ? from : span.from;
  const hi = to && to < span.to ? to : span.to;
  const after = cursor ? decode(cursor) : null;
  if (lo >= hi) return { from: lo.toISOString(), to: hi.toISOString(), data: [], nextCursor: null };
  const params: unknown[] = [invoice.customerId, meter.eventType, lo, hi, limit + 1];
  const where = ['customer_id = $1::uuid', 'type = $2', 'time >= $3::timestamptz', 'time < $4::timestamptz'];
  // The same reading of a group as the rollups' group key: the text at the group's path.
  for (const [group, value] of Object.entries(line.filter ?? {})) {
    const path = meter.groupPaths[group];
    if (!path) return { from: lo.toISOString(), to: hi.toISOString(), data: [], nextCursor: null };
    params.push(path, value);
    where.push(`data #>> $${params.length - 1}::text[] = $${params.length}`);
  }
  if (after) {
    params.push(after.time, after.seq);
    where.push(`(time, seq) > ($${params.length - 1}::timestamptz, $${params.length}::bigint)`);
  }
  params.push(meter.valuePath);
  const { rows } = await pool().query<{ event_id: string; source: string; subject: string; time: string; seq: string; value: unknown; data: unknown }>(
    `SELECT event_id, source, subject, to_char(time AT TIME ZONE 'UTC', ${UTC_MICROS}) AS time, seq::text, data #> $${params.length}::text[] AS value, data
     FROM events WHERE ${where.join(' AND ')}
     ORDER BY time, seq LIMIT $5`,
    params,
  );
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    from: lo.toISOString(),
    to: hi.toISOString(),
    data: page.map((r) => ({ id: r.event_id, source: r.source, subject: r.subject, time: r.time, value: meter.aggregation === 'COUNT' ? null : (r.value ?? null), data: r.data })),
    nextCursor: rows.length > limit ? encode(last.time, last.seq) : null,
  };
}
