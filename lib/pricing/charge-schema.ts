import Decimal from 'decimal.js';
import { z } from 'zod';
import { isCurrency } from './money';

// The shape of a plan version's prices: one contract for the API, the database's JSON, the
// editor and the pure rating functions. Decimals travel as strings and are never floats.

const DECIMAL = /^(0|[1-9]\d{0,17})(\.\d{1,12})?$/;

/** A non-negative decimal string with at most 18 integer and 12 fractional digits. */
export const decimalString = z
  .string()
  .trim()
  .regex(DECIMAL, 'must be a non-negative decimal string with at most 12 decimal places, e.g. "0.000002"');

/** An ISO 4217 code we can bill in; lower case is accepted and upper-cased. */
export const currencyCode = z
  .string()
  .trim()
  .transform((c) => c.toUpperCase())
  .refine(isCurrency, { message: 'must be an ISO 4217 currency code, e.g. USD' });

export const positiveDecimalString = decimalString.refine((s) => /[1-9]/.test(s), { message: 'must be greater than 0' });

export const tierSchema = z.object({
  /** Inclusive upper bound of the tier; null for the open last tier. */
  upTo: positiveDecimalString.nullable(),
  unitPrice: decimalString.default('0'),
  /** Charged once when any unit falls in the tier. */
  flatPrice: decimalString.default('0'),
});

/** Tiers must rise strictly, with only the last one open. */
const tiers = z
  .array(tierSchema)
  .min(1)
  .max(50)
  .superRefine((list, ctx) => {
    list.forEach((tier, i) => {
      const last = i === list.length - 1;
      if (last && tier.upTo !== null) ctx.addIssue({ code: 'custom', path: [i, 'upTo'], message: 'the last tier must be open (upTo: null)' });
      if (!last && tier.upTo === null) ctx.addIssue({ code: 'custom', path: [i, 'upTo'], message: 'only the last tier may be open' });
      const prev = list[i - 1]?.upTo;
      if (i > 0 && tier.upTo !== null && prev != null && new Decimal(tier.upTo).lte(prev)) {
        ctx.addIssue({ code: 'custom', path: [i, 'upTo'], message: `must be greater than the previous tier's upTo (${prev})` });
      }
    });
  });

/** Fields every usage pricing shares, whatever the model. */
const common = {
  /** Free units taken off the period's quantity before the model applies. */
  includedUnits: decimalString.default('0'),
  /** Bounds on the charge's amount for the period, before rounding. */
  minimum: decimalString.nullable().default(null),
  maximum: decimalString.nullable().default(null),
};

/** How a quantity is priced: what `POST /api/v1/pricing/preview` rates and a usage charge carries. */
export const pricingSchema = z
  .discriminatedUnion('model', [
    z.object({ model: z.literal('per_unit'), unitPrice: decimalString, ...common }),
    z.object({ model: z.literal('graduated'), tiers, ...common }),
    z.object({ model: z.literal('volume'), tiers, ...common }),
    z.object({ model: z.literal('package'), packageSize: positiveDecimalString, packagePrice: decimalString, ...common }),
  ])
  .superRefine((p, ctx) => {
    if (p.minimum !== null && p.maximum !== null && new Decimal(p.minimum).gt(p.maximum)) {
      ctx.addIssue({ code: 'custom', path: ['maximum'], message: 'must not be less than minimum' });
    }
  });

export type Pricing = z.output<typeof pricingSchema>;
export type Tier = z.output<typeof tierSchema>;

const chargeKey = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be 1-64 lowercase letters, digits, "_" or "-"');

/** A usage charge: a meter's quantity for the period, optionally only some group values, priced. */
export const usageChargeSchema = z.intersection(
  z.object({
    type: z.literal('usage'),
    key: chargeKey,
    name: z.string().trim().min(1).max(120),
    /** The meter's slug. */
    meter: z.string().trim().min(1).max(64),
    /** Group-by name → value: only usage with these values counts for this charge. */
    filter: z.record(z.string().min(1).max(64), z.string().max(256)).default({}),
  }),
  pricingSchema,
);

/** A recurring fee per billing period; prorated by time for a partial first or last period. */
export const flatChargeSchema = z.object({
  type: z.literal('flat'),
  key: chargeKey,
  name: z.string().trim().min(1).max(120),
  amount: decimalString,
  billing: z.enum(['in_advance', 'in_arrears']).default('in_advance'),
  prorate: z.boolean().default(true),
});

export const chargeSchema = z.union([flatChargeSchema, usageChargeSchema]);

/** What a plan version prices: its charges and an optional minimum spend per period. */
export const versionContentSchema = z
  .object({
    charges: z.array(chargeSchema).max(100).default([]),
    /** A true-up line brings a period's charges up to this amount. */
    minimumSpend: decimalString.nullable().default(null),
  })
  .superRefine((v, ctx) => {
    const seen = new Set<string>();
    v.charges.forEach((c, i) => {
      if (seen.has(c.key)) ctx.addIssue({ code: 'custom', path: ['charges', i, 'key'], message: `duplicate charge key "${c.key}"` });
      seen.add(c.key);
    });
  });

export type UsageCharge = z.output<typeof usageChargeSchema>;
export type FlatCharge = z.output<typeof flatChargeSchema>;
export type Charge = z.output<typeof chargeSchema>;
export type VersionContent = z.output<typeof versionContentSchema>;
