import { z } from 'zod';
import { loadedTimeZones } from '@/lib/db/time-zones';
import { MAX_INVOICE_GRACE_MINUTES } from '@/lib/env';

// Intl.supportedValuesOf lists only canonical names, and which alias is canonical varies with the
// ICU version (Asia/Kathmandu vs Asia/Katmandu), so ask the engine whether it knows the zone instead.
function isIanaZone(tz: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(tz)) return false; // no raw offsets like +05:30
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const currencies = new Set(Intl.supportedValuesOf('currency'));

export { loadTimeZones } from '@/lib/db/time-zones';

/**
 * A zone both the JavaScript engine (periods, pages) and PostgreSQL (AT TIME ZONE) know. The
 * database's list is read once per process: `await loadTimeZones()` before parsing. Until it is
 * loaded only the engine is asked, as before, so a caller that forgets is no worse off.
 */
export const timeZoneSchema = z
  .string()
  .max(100)
  .refine((tz) => isIanaZone(tz) && (loadedTimeZones()?.has(tz.toLowerCase()) ?? true), {
    message: 'must be an IANA time zone that PostgreSQL also knows, e.g. Europe/Berlin',
  });

export const currencySchema = z
  .string()
  .transform((c) => c.toUpperCase())
  .refine((c) => currencies.has(c), { message: 'must be an ISO 4217 currency code, e.g. USD' });

/** Subjects arrive in CloudEvents `subject`; keep them printable and bounded. */
export const subjectKeySchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

/** A customer's own wait after a period's end before its invoice is finalized; null means the instance's INVOICE_GRACE_MINUTES. */
export const invoiceGraceMinutesSchema = z
  .number()
  .int('must be whole minutes')
  .min(0, 'must be 0 or more minutes')
  .max(MAX_INVOICE_GRACE_MINUTES, `must be at most ${MAX_INVOICE_GRACE_MINUTES} minutes (31 days)`)
  .nullable();
