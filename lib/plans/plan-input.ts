import { z } from 'zod';
import { currencySchema } from '@/lib/customers/validation';

export const planKeySchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be 1-64 lowercase letters, digits, "_" or "-"');

export const createPlanInput = z.object({
  key: planKeySchema,
  name: z.string().trim().min(1).max(120),
  description: z.string().trim().max(2000).nullable().optional(),
  currency: currencySchema,
  /** The first draft's prices; an empty draft when left out. Checked by validateVersionContent. */
  content: z.unknown().optional(),
});

export const publishInput = z.object({
  /** What happens to subscribers of older versions: moved at their next period start, or left. */
  migrate: z.enum(['next_period', 'none']).default('next_period'),
});

export const versionNumberSchema = z.coerce.number().int().min(1).max(1_000_000);
