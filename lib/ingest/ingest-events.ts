import { env } from '@/lib/env';
import { readPath } from '@/lib/meters/json-path';
import { metersByType, type CachedMeter } from '@/lib/meters/meter-cache';
import { numericValue, uniqueValue } from '@/lib/rollups/numeric-value';
import { appendEvents, type Rejected } from './append-events';
import { recordIngestStats, type OutcomeCount } from './ingest-stats';
import { validateEvent, type RejectionCode, type ValidEvent } from './validate-event';

export type EventStatus = 'accepted' | 'duplicate' | 'conflict' | 'rejected';

export type EventResult = {
  index: number;
  status: EventStatus;
  id?: string;
  source?: string;
  code?: RejectionCode;
  message?: string;
  /** Meters that cannot count this accepted event because its value is missing or not a number. */
  meterErrors?: { meter: string; code: 'invalid_value'; message: string }[];
};

export type IngestTotals = { received: number; accepted: number; duplicate: number; conflict: number; rejected: number; unattributed: number };

export type IngestReport = { totals: IngestTotals; results: EventResult[] };

export type IngestEventsOptions = {
  events: unknown[];
  apiKeyId: string | null;
  /** The request's arrival time; injectable so time-window tests are exact. */
  now?: Date;
};

/** Validates, dedupes, attributes and appends one request's events; the report has one entry per event. */
export async function ingestEvents(options: IngestEventsOptions): Promise<IngestReport> {
  const now = options.now ?? new Date();
  const horizonMs = env().LATE_ARRIVAL_HORIZON_DAYS * 86_400_000;
  const results: EventResult[] = new Array(options.events.length);
  const valid: ValidEvent[] = [];
  const validIndex: number[] = [];
  const rejected: Rejected[] = [];

  options.events.forEach((raw, index) => {
    const v = validateEvent(raw, { now: now.getTime(), lateArrivalHorizonMs: horizonMs });
    if (v.ok) {
      valid.push(v.event);
      validIndex.push(index);
    } else {
      const e = raw as Record<string, unknown> | null;
      const id = typeof e?.id === 'string' ? e.id : undefined;
      const source = typeof e?.source === 'string' ? e.source : undefined;
      results[index] = { index, status: 'rejected', id, source, code: v.code, message: v.message };
      rejected.push({ code: v.code, message: v.message, event: raw });
    }
  });

  const receivedAt = now.toISOString().replace('Z', '000Z');
  const { outcomes, unattributed } = await appendEvents({ events: valid, rejected, receivedAt, apiKeyId: options.apiKeyId });
  outcomes.forEach((status, k) => {
    const e = valid[k];
    results[validIndex[k]] = status === 'accepted' ? { index: validIndex[k], status } : { index: validIndex[k], status, id: e.id, source: e.source };
  });

  const meters = await metersByType();
  outcomes.forEach((status, k) => {
    if (status !== 'accepted') return;
    const errors = meterErrors(valid[k], meters.get(valid[k].type) ?? []);
    if (errors.length) results[validIndex[k]].meterErrors = errors;
  });

  const totals: IngestTotals = { received: results.length, accepted: 0, duplicate: 0, conflict: 0, rejected: 0, unattributed };
  const byCode = new Map<string, OutcomeCount>();
  for (const r of results) {
    totals[r.status] += 1;
    const key = `${r.status}:${r.code ?? ''}`;
    const c = byCode.get(key) ?? { outcome: r.status, code: r.code ?? '', events: 0 };
    c.events += 1;
    byCode.set(key, c);
  }
  const types = new Map<string, number>();
  outcomes.forEach((status, k) => {
    if (status === 'accepted') types.set(valid[k].type, (types.get(valid[k].type) ?? 0) + 1);
  });
  recordIngestStats(now, [...byCode.values()], types);
  return { totals, results };
}

/** The same test the rollups apply (lib/rollups/aggregate-sql.ts), so the sender hears about it now. */
function meterErrors(event: ValidEvent, meters: CachedMeter[]): NonNullable<EventResult['meterErrors']> {
  const errors: NonNullable<EventResult['meterErrors']> = [];
  for (const m of meters) {
    if (m.aggregation === 'COUNT') continue;
    const raw = readPath(event.data, m.valuePath);
    const ok = m.aggregation === 'UNIQUE_COUNT' ? uniqueValue(raw) !== null : numericValue(raw) !== null;
    if (!ok) {
      errors.push({ meter: m.slug, code: 'invalid_value', message: `data at $.${m.valuePath.join('.')} is ${raw === undefined ? 'missing' : 'not a number'}; meter "${m.slug}" does not count this event.` });
    }
  }
  return errors;
}
