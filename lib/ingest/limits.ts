import { MAX_JSON_DEPTH } from '@/lib/json/inspect-json';

/** Request and event limits; README documents them. */
export const INGEST_LIMITS = {
  /** Decoded (after gzip) body size. */
  maxBodyBytes: 8 * 1024 * 1024,
  maxEventsPerRequest: 10_000,
  /** One event, serialised. */
  maxEventBytes: 64 * 1024,
  /** How far ahead of the server clock an event may be stamped. */
  maxFutureSkewMs: 5 * 60 * 1000,
  maxIdLength: 256,
  maxSourceLength: 256,
  maxTypeLength: 256,
  maxSubjectLength: 256,
  /** Levels of objects and arrays in `data`, itself the first. */
  maxDataDepth: MAX_JSON_DEPTH,
} as const;
