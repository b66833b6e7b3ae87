import { z } from 'zod';
import { safeText } from '@/lib/text/safe-text';
import { parseJsonPath } from './json-path';

const jsonPath = safeText(1000, { trim: true }).refine((p) => parseJsonPath(p) !== null, {
  message: 'must be a JSONPath like $.tokens, $.usage.input or $["model name"]',
});

// The query groups by these itself (`groupBy=subject`, `groupBy=customer_id`): a meter's own
// group of the same name could never be asked for.
const RESERVED_GROUPS = ['subject', 'customer_id'];

const groupBy = z
  .record(
    z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'group-by names are identifiers')
      .refine((name) => !RESERVED_GROUPS.includes(name), { message: `${RESERVED_GROUPS.join(' and ')} are the query's own groupings` }),
    jsonPath,
  )
  .refine((g) => Object.keys(g).length <= 20, { message: 'at most 20 group-by properties' });

export const AGGREGATIONS = ['SUM', 'COUNT', 'UNIQUE_COUNT', 'AVG', 'MIN', 'MAX', 'LATEST'] as const;

/** OpenMeter's meter shape, plus `unit`. */
export const createMeterInput = z
  .object({
    slug: safeText(63).regex(/^[a-z0-9]+(?:[_-][a-z0-9]+)*$/, 'lower-case letters, digits, - and _'),
    name: safeText(200, { trim: true }).min(1).optional(),
    description: safeText(2000, { trim: true }).optional(),
    eventType: safeText(256, { trim: true }).min(1),
    aggregation: z.enum(AGGREGATIONS),
    valueProperty: jsonPath.optional(),
    groupBy: groupBy.default({}),
    unit: safeText(50, { trim: true }).optional(),
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
    name: safeText(200, { trim: true }).min(1),
    description: safeText(2000, { trim: true }).nullable(),
    groupBy,
    unit: safeText(50, { trim: true }).nullable(),
  })
  .partial()
  .strict();

export type CreateMeterInput = z.output<typeof createMeterInput>;
/** The POST /api/v1/meters body. */
export type CreateMeterBody = z.input<typeof createMeterInput>;

/** `/api/v1/meters/{meter}`: a slug (at most 63 characters) or an id. */
export const meterParams = z.object({ meter: safeText(63) });

/** The key arrays the rollup SQL reads with `#>`. */
export function groupPaths(groupBy: Record<string, string>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(groupBy).map(([name, path]) => [name, parseJsonPath(path)!]));
}
