import { createHash } from 'node:crypto';

/** JSON with object keys sorted, so the same content always hashes the same. */
function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

export type HashedFields = { type: string; subject: string; time: string; data: Record<string, unknown> };

/**
 * What makes two deliveries of one (source, id) "the same event": type, subject, time and data.
 * The receive time and the transport (batch, binary, gzip) do not count.
 */
export function contentHash(fields: HashedFields): string {
  return createHash('sha256').update(canonicalJson([fields.type, fields.subject, fields.time, fields.data])).digest('base64url');
}
