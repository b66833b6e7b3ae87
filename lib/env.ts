import path from 'node:path';
import { z } from 'zod';

/** 31 days, the longest billing period; the customers column's CHECK holds the same bound. */
export const MAX_INVOICE_GRACE_MINUTES = 44_640;

// Every environment variable the app reads is declared and validated here, once.
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Unset: the launcher starts the embedded server and hands its URL to the processes it runs. */
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
  /** `on` serves /api/metrics to anyone; by default it needs a read or admin key, or a signed-in admin. */
  METERLINE_PUBLIC_METRICS: z.enum(['on', 'off']).default('off'),
  /** Minutes after a billing period's end before its invoice is finalized (a customer may override it). */
  INVOICE_GRACE_MINUTES: z.coerce.number().int().min(0).max(MAX_INVOICE_GRACE_MINUTES).default(60),
  /** Invoice numbers read `<prefix>-<year>-<000001>`, one gapless series per prefix and year. */
  INVOICE_NUMBER_PREFIX: z.string().regex(/^[A-Z0-9][A-Z0-9-]{0,15}$/, 'must be 1-16 upper-case letters, digits or "-"').default('INV'),
  /** The issuer printed on every invoice, snapshotted when it is finalized. */
  INVOICE_ISSUER_NAME: z.string().trim().min(1).max(200).default('Meterline'),
  /** The issuer's postal address; "\n" in the value separates lines. */
  INVOICE_ISSUER_ADDRESS: z.string().max(1000).default(''),
  INVOICE_ISSUER_TAX_ID: z.string().max(100).default(''),
});

/** The variables above; the launcher drops empty ones from its children's environment too. */
export const ENV_NAMES = Object.keys(schema.shape) as (keyof typeof schema.shape)[];

export type Env = Readonly<z.infer<typeof schema> & { dataDir: string; authSecret?: string }>;

/**
 * Validates an environment. An empty value means unset, as .env files and service managers
 * write `DATABASE_URL=` for "none": it takes the default instead of failing validation.
 */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const given = Object.fromEntries(ENV_NAMES.flatMap((name) => (source[name] ? [[name, source[name]]] : [])));
  const parsed = schema.safeParse(given);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${problems}`);
  }
  const e = parsed.data;
  return Object.freeze({ ...e, dataDir: path.resolve(e.DATA_DIR), authSecret: e.AUTH_SECRET ?? e.NEXTAUTH_SECRET });
}

let cached: Env | undefined;

/**
 * This process's environment, read and validated on first use and never again. Values the
 * launcher derives (the embedded database's URL, a generated auth secret) are not written back
 * into it: they go to child processes' environments, or straight to the code that needs them.
 */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
