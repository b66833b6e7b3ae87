import { formatDecimal } from './format-decimal';

const isZero = (value: string) => /^0(\.0*)?$/.test(value);

/**
 * The units a tier holds, as price lists write them: "First 1,000", "1,000 – 5,000", "Over 5,000",
 * or "All units" for one unbounded row. A tier holds the quantities q with from < q ≤ upTo, and
 * quantities may be fractional, so bounds are shown as given rather than as "1,001": 1,000.5
 * belongs to the second tier too. The plan editor's preview and the invoice both use it.
 */
export function formatTierRange(from: string, upTo: string | null): string {
  if (upTo === null) return isZero(from) ? 'All units' : `Over ${formatDecimal(from)}`;
  return isZero(from) ? `First ${formatDecimal(upTo)}` : `${formatDecimal(from)} – ${formatDecimal(upTo)}`;
}
