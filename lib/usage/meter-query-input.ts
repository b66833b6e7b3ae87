import { z } from 'zod';
import { timeZoneSchema } from '@/lib/customers/validation';
import { isUuid } from '@/lib/db/ids';
import { AppError } from '@/lib/errors/app-error';
import { parseRfc3339 } from '@/lib/ingest/parse-time';
import { type Instant, WINDOW_SIZES } from './read-usage';

// Postgres text cannot hold NUL; anything else a caller names is just compared.
const text = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((s) => !s.includes('\u0000'), { message: 'must not contain NUL' });

/** Any RFC 3339 instant, with any offset and fraction; kept to the microsecond. */
const instant = z
  .string()
  .max(64)
  .transform((s, ctx): Instant => {
    const t = parseRfc3339(s);
    // The parser keeps instants within years 0001-9999: Postgres has no year 0.
    if (!t) {
      ctx.addIssue({ code: 'custom', message: 'must be an RFC 3339 date-time between years 0001 and 9999, e.g. 2026-11-01T00:00:00Z' });
      return z.NEVER;
    }
    return { at: new Date(`${t.canonical.slice(0, 23)}Z`), micros: Number(t.canonical.slice(23, 26)) };
  });

export const meterQueryInput = z.object({
  from: instant.optional(),
  to: instant.optional(),
  windowSize: z.enum(WINDOW_SIZES).optional(),
  windowTimeZone: text(64).pipe(timeZoneSchema).default('UTC'),
  subject: z.array(text(256)).max(100).default([]),
  filterCustomerId: z.array(z.string().refine(isUuid, { message: 'must be a customer id (a UUID)' })).max(100).default([]),
  groupBy: z.array(text(64)).max(20).default([]),
  filterGroupBy: z.record(text(64), z.array(text(256)).min(1).max(100)).default({}),
  /** OpenMeter's progress-tracking id: accepted and ignored. */
  clientId: text(256).optional(),
});

export type MeterQueryInput = z.output<typeof meterQueryInput>;

const SINGLE = ['from', 'to', 'windowSize', 'windowTimeZone', 'clientId'] as const;
const REPEATABLE = ['subject', 'filterCustomerId', 'groupBy'] as const;
const KNOWN = [...SINGLE, ...REPEATABLE, 'filterGroupBy[<name>]'];

/**
 * Reads OpenMeter's query string as its SDK writes it: repeatable subject, filterCustomerId and
 * groupBy, `filterGroupBy[name]=value` (repeat for any of several values). An unknown or
 * repeated single parameter is a 400, not silently ignored.
 */
export function parseMeterQuery(params: URLSearchParams): MeterQueryInput {
  const raw: Record<string, unknown> = {};
  const filterGroupBy: Record<string, string[]> = {};
  for (const [k, v] of params) {
    const group = /^filterGroupBy\[(.*)\]$/s.exec(k);
    if (group) (filterGroupBy[group[1]] ??= []).push(v);
    else if ((REPEATABLE as readonly string[]).includes(k)) ((raw[k] as string[] | undefined) ??= []).push(v);
    else if ((SINGLE as readonly string[]).includes(k)) {
      if (k in raw) throw new AppError('validation_failed', `"${k}" may be given once.`, [{ path: k, message: 'given more than once' }]);
      raw[k] = v;
    } else if (k === 'advancedMeterGroupByFilters') {
      throw new AppError('validation_failed', 'advancedMeterGroupByFilters is not supported; use filterGroupBy[name]=value.', [{ path: k, message: 'not supported' }]);
    } else {
      throw new AppError('validation_failed', `Unknown query parameter "${k.slice(0, 64)}".`, [{ path: k.slice(0, 64), message: `known: ${KNOWN.join(', ')}` }]);
    }
  }
  return meterQueryInput.parse({ ...raw, filterGroupBy });
}
