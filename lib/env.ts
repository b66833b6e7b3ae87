import path from 'node:path';
import { z } from 'zod';

// Every environment variable the app reads is declared and validated here, once.
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  AUTH_SECRET: z.string().min(16).optional(),
  NEXTAUTH_SECRET: z.string().min(16).optional(),
  NEXTAUTH_URL: z.string().url().optional(),
  /** `off` when dedicated `npm run worker` nodes consume the log instead of the app. */
  METERLINE_CONSUMER: z.enum(['on', 'off']).default('on'),
  /** `off` on nodes that consume the log but must not finalize invoices (one node is enough; more are safe). */
  METERLINE_FINALIZER: z.enum(['on', 'off']).default('on'),
  /** `1` only under `npm run bench`: enables the naive ingest route it compares against. */
  METERLINE_BENCH: z.enum(['0', '1']).default('0'),
  /** Days an event may arrive late and still count; the dedupe horizon is never shorter. */
  LATE_ARRIVAL_HORIZON_DAYS: z.coerce.number().int().min(1).max(3650).default(35),
  /** Minutes after a billing period's end before its invoice is finalized (a customer may override it). */
  INVOICE_GRACE_MINUTES: z.coerce.number().int().min(0).max(44_640).default(60),
  /** Invoice numbers read `<prefix>-<year>-<000001>`, one gapless series per prefix and year. */
  INVOICE_NUMBER_PREFIX: z.string().regex(/^[A-Z0-9][A-Z0-9-]{0,15}$/, 'must be 1-16 upper-case letters, digits or "-"').default('INV'),
  /** The issuer printed on every invoice, snapshotted when it is finalized. */
  INVOICE_ISSUER_NAME: z.string().trim().min(1).max(200).default('Meterline'),
  /** The issuer's postal address; "\n" in the value separates lines. */
  INVOICE_ISSUER_ADDRESS: z.string().max(1000).default(''),
  INVOICE_ISSUER_TAX_ID: z.string().max(100).default(''),
  /** `on` serves /api/metrics to anyone; by default it needs a read or admin key, or a signed-in admin. */
  METERLINE_PUBLIC_METRICS: z.enum(['on', 'off']).default('off'),
});

export type Env = z.infer<typeof schema> & { dataDir: string; authSecret?: string };

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${problems}`);
  }
  const e = parsed.data;
  cached = { ...e, dataDir: path.resolve(e.DATA_DIR), authSecret: e.AUTH_SECRET ?? e.NEXTAUTH_SECRET };
  return cached;
}

/** Re-reads the environment after the launcher filled in derived values (database URL, secret). */
export function refreshEnv(): Env {
  cached = undefined;
  return env();
}

export function databaseUrl(): string {
  const url = env().DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: start the app with `npm start`, which provides one.');
  return url;
}
