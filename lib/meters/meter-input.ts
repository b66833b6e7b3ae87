import { z } from 'zod';
import { parseJsonPath } from './json-path';

const jsonPath = z.string().trim().refine((p) => parseJsonPath(p) !== null, {
  message: 'must be a JSONPath like $.tokens, $.usage.input or $["model name"]',
});

const groupBy = z
  .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'group-by names are identifiers'), jsonPath)
  .refine((g) => Object.keys(g).length <= 20, { message: 'at most 20 group-by properties' });

export const AGGREGATIONS = ['SUM', 'COUNT', 'UNIQUE_COUNT', 'AVG', 'MIN', 'MAX', 'LATEST'] as const;

/** OpenMeter's meter shape, plus `unit`. */
export const createMeterInput = z
  .object({
    slug: z.string().regex(/^[a-z0-9]+(?:[_-][a-z0-9]+)*$/, 'lower-case letters, digits, - and _').max(63),
    name: z.string().trim().min(1).max(200).optional(),
    description: z.string().trim().max(2000).optional(),
    eventType: z.string().trim().min(1).max(256),
    aggregation: z.enum(AGGREGATIONS),
    valueProperty: jsonPath.optional(),
    groupBy: groupBy.default({}),
    unit: z.string().trim().max(50).optional(),
    // OpenMeter's SDK may send it; silently dropping it would count history the caller excluded.
    eventFrom: z.never({ error: 'not supported: a meter counts all of its event type’s history' }).optional(),
  })
  .superRefine((m, ctx) => {
    if (m.aggregation === 'COUNT' && m.valueProperty) {
      ctx.addIssue({ code: 'custom', path: ['valueProperty'], message: 'COUNT counts events; it takes no value property' });
    }
    if (m.aggregation !== 'COUNT' && !m.valueProperty) {
      ctx.addIssue({ code: 'custom', path: ['valueProperty'], message: `${m.aggregation} needs a value property` });
    }
  });

/** What may change after creation; type, aggregation and value would rewrite history's meaning. */
export const updateMeterInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    description: z.string().trim().max(2000).nullable(),
    groupBy,
    unit: z.string().trim().max(50).nullable(),
  })
  .partial()
  .strict();

export type CreateMeterInput = z.output<typeof createMeterInput>;
/** The POST /api/v1/meters body. */
export type CreateMeterBody = z.input<typeof createMeterInput>;

/** The key arrays the rollup SQL reads with `#>`. */
export function groupPaths(groupBy: Record<string, string>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(groupBy).map(([name, path]) => [name, parseJsonPath(path)!]));
}
