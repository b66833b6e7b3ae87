import { ApiError } from '@/components/api-client';
import { versionContentSchema, type Charge, type FlatCharge, type Pricing, type UsageCharge, type VersionContent } from '@/lib/pricing/charge-schema';

export type Model = Pricing['model'];
export const MODELS: { value: Model; label: string }[] = [
  { value: 'per_unit', label: 'Per unit' },
  { value: 'graduated', label: 'Graduated tiers' },
  { value: 'volume', label: 'Volume tiers' },
  { value: 'package', label: 'Package' },
];

/** Field path ("charges.0.tiers.1.upTo") → the first problem found there. */
export type FieldErrors = Record<string, string>;

/** The contract's own rules, run in the browser: the editor shows what the server would refuse. */
export function validateContent(content: VersionContent): { errors: FieldErrors; parsed: VersionContent | null } {
  const result = versionContentSchema.safeParse(content);
  if (result.success) return { errors: {}, parsed: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const path = issue.path.join('.');
    errors[path] ??= issue.message;
  }
  return { errors, parsed: null };
}

/** The server's 400 details, keyed like the editor's own paths (they may be nested under the body's `content`). */
export function serverFieldErrors(err: unknown): FieldErrors {
  if (!(err instanceof ApiError) || !Array.isArray(err.details)) return {};
  const errors: FieldErrors = {};
  for (const d of err.details as { path?: unknown; message?: unknown }[]) {
    if (typeof d?.path !== 'string' || typeof d.message !== 'string' || !d.path) continue;
    errors[d.path.replace(/^content\./, '')] ??= d.message;
  }
  return errors;
}

function freeKey(base: string, charges: Charge[]): string {
  const taken = new Set(charges.map((c) => c.key));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}_${i}`)) return `${base}_${i}`;
}

export function newFlatCharge(charges: Charge[]): FlatCharge {
  return { type: 'flat', key: freeKey('base_fee', charges), name: 'Base fee', amount: '0', billing: 'in_advance', prorate: true };
}

export function newUsageCharge(charges: Charge[], meter: { slug: string; name: string } | undefined): UsageCharge {
  const slug = meter?.slug ?? '';
  return {
    type: 'usage',
    key: freeKey(slug.replace(/[^a-z0-9_-]/g, '_').replace(/^[_-]+/, '') || 'usage', charges),
    name: meter?.name ?? 'Usage',
    meter: slug,
    filter: {},
    model: 'per_unit',
    unitPrice: '0',
    includedUnits: '0',
    minimum: null,
    maximum: null,
  };
}

/** The same charge under another model, carrying over the prices that still make sense. */
export function switchModel(charge: UsageCharge, model: Model): UsageCharge {
  const { type, key, name, meter, filter, includedUnits, minimum, maximum } = charge;
  const base = { type, key, name, meter, filter, includedUnits, minimum, maximum };
  const unitPrice = 'unitPrice' in charge ? charge.unitPrice : 'tiers' in charge ? charge.tiers[0].unitPrice : '0';
  switch (model) {
    case 'per_unit':
      return { ...base, model, unitPrice };
    case 'graduated':
    case 'volume': {
      const tiers = 'tiers' in charge ? charge.tiers : [
        { upTo: '1000', unitPrice, flatPrice: '0' },
        { upTo: null, unitPrice, flatPrice: '0' },
      ];
      return { ...base, model, tiers };
    }
    case 'package':
      return { ...base, model, packageSize: '1000', packagePrice: '0' };
  }
}

/** Only the pricing fields of a charge: what the preview API rates. */
export function pricingOf(charge: UsageCharge): Pricing {
  const { includedUnits, minimum, maximum } = charge;
  const common = { includedUnits, minimum, maximum };
  switch (charge.model) {
    case 'per_unit':
      return { model: charge.model, unitPrice: charge.unitPrice, ...common };
    case 'graduated':
    case 'volume':
      return { model: charge.model, tiers: charge.tiers, ...common };
    case 'package':
      return { model: charge.model, packageSize: charge.packageSize, packagePrice: charge.packagePrice, ...common };
  }
}

/** A blank optional amount is "none". */
export const optional = (value: string): string | null => (value.trim() === '' ? null : value);
