import { hash } from 'node:crypto';

/** JSON with object keys sorted, so the same content always serialises, and hashes, the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    if (obj[k] === undefined) continue; // as JSON.stringify does
    out += `${first ? '' : ','}${JSON.stringify(k)}:${canonicalJson(obj[k])}`;
    first = false;
  }
  return `${out}}`;
}

export type HashedFields = { type: string; subject: string; time: string; dataJson: string };

/**
 * What makes two deliveries of one (source, id) "the same event": type, subject, time and data
 * (as canonical JSON). The receive time and the transport (batch, binary, gzip) do not count.
 */
export function contentHash(fields: HashedFields): string {
  // One-shot hash: a Hash object per event was a measurable share of a large batch.
  return hash('sha256', `${JSON.stringify(fields.type)}\n${JSON.stringify(fields.subject)}\n${fields.time}\n${fields.dataJson}`, 'base64url');
}
