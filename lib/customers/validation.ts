import { z } from 'zod';

const zones = new Set(Intl.supportedValuesOf('timeZone'));
zones.add('UTC');
const currencies = new Set(Intl.supportedValuesOf('currency'));

export const timeZoneSchema = z
  .string()
  .refine((tz) => zones.has(tz), { message: 'must be an IANA time zone, e.g. Europe/Berlin' });

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
