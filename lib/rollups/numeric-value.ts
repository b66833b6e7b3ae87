/** The numeric strings a meter accepts; the rollup SQL uses the same pattern (aggregate-sql.ts). */
export const NUMERIC_STRING = '^-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?$';
const numeric = new RegExp(NUMERIC_STRING);

/**
 * A meter value as an exact decimal string: a JSON number, or a string holding one
 * ("12.50"). Anything else (missing, null, boolean, object, "12 tokens") is null: reported,
 * never counted as zero.
 */
export function numericValue(raw: unknown): string | null {
  if (typeof raw === 'number') return Number.isFinite(raw) ? String(raw) : null;
  if (typeof raw === 'string' && numeric.test(raw)) return raw;
  return null;
}

/** UNIQUE_COUNT counts distinct strings or numbers. */
export function uniqueValue(raw: unknown): string | null {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  return null;
}
