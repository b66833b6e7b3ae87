import { z } from 'zod';

/**
 * Why PostgreSQL could not hold `s`, or null when it can: `text` and `jsonb` refuse NUL, and
 * `jsonb` refuses an unpaired UTF-16 surrogate (the pg driver would silently mangle one in `text`).
 */
export function unsafeTextReason(s: string): string | null {
  if (s.includes('\0')) return 'must not contain a NUL character';
  if (!s.isWellFormed()) return 'must not contain invalid UTF-16 (an unpaired surrogate)';
  return null;
}

/**
 * A bounded string PostgreSQL can store: the one rule for text from callers, reused by every
 * schema. `trim` trims before the length is checked.
 */
export function safeText(max = 256, options: { trim?: boolean } = {}) {
  return (options.trim ? z.string().trim() : z.string())
    .max(max)
    .superRefine((s, ctx) => {
      const reason = unsafeTextReason(s);
      if (reason) ctx.addIssue({ code: 'custom', message: reason });
    });
}

/** `s` with NUL and unpaired surrogates written out as `\u0000`-style text, so it can be stored and shown. */
export function escapeUnsafeText(s: string): string {
  if (unsafeTextReason(s) === null) return s;
  return s.replace(/\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
