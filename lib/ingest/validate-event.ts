import { findJsonProblem } from '@/lib/json/inspect-json';
import { unsafeTextReason } from '@/lib/text/safe-text';
import { canonicalJson, contentHash } from './content-hash';
import { INGEST_LIMITS } from './limits';
import { parseRfc3339 } from './parse-time';

/** Why an event was rejected; README lists each. */
export type RejectionCode =
  | 'invalid_event'
  | 'missing_field'
  | 'invalid_field'
  | 'unsupported_specversion'
  | 'invalid_time'
  | 'time_in_future'
  | 'time_too_old'
  | 'invalid_data'
  | 'event_too_large';

export type ValidEvent = {
  id: string;
  source: string;
  type: string;
  subject: string;
  /** Canonical UTC time with microseconds. */
  time: string;
  data: Record<string, unknown>;
  /** `data` as canonical JSON: hashed, measured and stored, serialised once. */
  dataJson: string;
  hash: string;
};

export type Validation = { ok: true; event: ValidEvent } | { ok: false; code: RejectionCode; message: string };

export type ValidateEventOptions = {
  /** The server's clock when the request arrived. */
  now: number;
  lateArrivalHorizonMs: number;
};

const reject = (code: RejectionCode, message: string): Validation => ({ ok: false, code, message });

function text(e: Record<string, unknown>, field: string, max: number): string | Validation {
  const v = e[field];
  if (v === undefined || v === null || v === '') return reject('missing_field', `"${field}" is required.`);
  if (typeof v !== 'string') return reject('invalid_field', `"${field}" must be a string.`);
  if (v.length > max) return reject('invalid_field', `"${field}" is longer than ${max} characters.`);
  const unsafe = unsafeTextReason(v);
  if (unsafe) return reject('invalid_field', `"${field}" ${unsafe}.`);
  return v;
}

/** Checks one CloudEvent against the spec and Meterline's rules; pure, so it is table-tested. */
export function validateEvent(raw: unknown, options: ValidateEventOptions): Validation {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return reject('invalid_event', 'An event must be a JSON object.');
  const e = raw as Record<string, unknown>;

  const fields: Record<string, string> = {};
  for (const [field, max] of [
    ['specversion', 10],
    ['id', INGEST_LIMITS.maxIdLength],
    ['source', INGEST_LIMITS.maxSourceLength],
    ['type', INGEST_LIMITS.maxTypeLength],
    ['subject', INGEST_LIMITS.maxSubjectLength],
  ] as const) {
    const v = text(e, field, max);
    if (typeof v !== 'string') return v;
    fields[field] = v;
  }
  if (fields.specversion !== '1.0') return reject('unsupported_specversion', `specversion "${fields.specversion}" is not supported; use "1.0".`);

  let time: string;
  let hashedTime: string;
  if (e.time === undefined || e.time === null) {
    time = new Date(options.now).toISOString().replace('Z', '000Z');
    hashedTime = ''; // a time-less event retried later is the same event, not a conflict
  } else {
    const parsed = typeof e.time === 'string' ? parseRfc3339(e.time) : null;
    if (!parsed) return reject('invalid_time', '"time" must be an RFC 3339 timestamp, e.g. 2026-11-24T10:00:00Z.');
    if (parsed.epochMs > options.now + INGEST_LIMITS.maxFutureSkewMs) {
      return reject('time_in_future', `"time" is more than ${INGEST_LIMITS.maxFutureSkewMs / 60000} minutes ahead of the server clock.`);
    }
    if (parsed.epochMs < options.now - options.lateArrivalHorizonMs) {
      const days = Math.round(options.lateArrivalHorizonMs / 86_400_000);
      return reject('time_too_old', `"time" is older than the late-arrival horizon of ${days} days.`);
    }
    time = parsed.canonical;
    hashedTime = parsed.canonical;
  }

  if (e.datacontenttype !== undefined && (typeof e.datacontenttype !== 'string' || !/^application\/(.+\+)?json\b/i.test(e.datacontenttype))) {
    return reject('invalid_data', '"datacontenttype" must be application/json.');
  }
  const data = e.data ?? {};
  if (typeof data !== 'object' || Array.isArray(data)) return reject('invalid_data', '"data" must be a JSON object.');
  // Checked before anything walks `data` recursively (canonicalJson, JSON.stringify): the depth bound keeps them safe.
  const problem = findJsonProblem(data, INGEST_LIMITS.maxDataDepth, 'data');
  if (problem) return reject('invalid_data', `"${problem.path}" ${problem.message}.`);
  const dataJson = canonicalJson(data);
  // The attributes are bounded above, so the data decides the size; its UTF-8 length is at most 3x its UTF-16 length.
  if (dataJson.length * 3 > INGEST_LIMITS.maxEventBytes && Buffer.byteLength(dataJson) > INGEST_LIMITS.maxEventBytes) {
    return reject('event_too_large', `An event's data may be at most ${INGEST_LIMITS.maxEventBytes / 1024} KiB.`);
  }

  return {
    ok: true,
    event: {
      id: fields.id,
      source: fields.source,
      type: fields.type,
      subject: fields.subject,
      time,
      data: data as Record<string, unknown>,
      dataJson,
      hash: contentHash({ type: fields.type, subject: fields.subject, time: hashedTime, dataJson }),
    },
  };
}
