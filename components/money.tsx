import { displayMoney, minorUnits } from '@/lib/pricing/money';

/** An invoice amount for people: rounded by THE rule, symbol and grouping ("$1,234.50"); never through a float. */
export function Money({ amount, currency, className = '' }: { amount: string; currency: string; className?: string }) {
  return <span className={`tabular-nums ${className}`}>{displayMoney(amount, currency)}</span>;
}

/**
 * An unrounded amount (a tier subtotal, a unit price) with every digit it has, at least the
 * currency's: "$0.0000015", "$10.00". Intl formats the decimal string exactly.
 */
export function exactMoney(amount: string, currency: string): string {
  const format = new Intl.NumberFormat('en-US', { style: 'currency', currency, minimumFractionDigits: minorUnits(currency), maximumFractionDigits: 20 });
  return format.format(amount as Intl.StringNumericLiteral);
}
