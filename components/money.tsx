import { isCurrency, minorUnits } from '@/lib/pricing/money';
import { formatDecimal } from './format-decimal';

type CurrencyStyle = { minorUnits: number; prefix: string; suffix: string };

const styles = new Map<string, CurrencyStyle>();

/**
 * The currency's symbol and where it goes, from Intl once per currency, and its ISO 4217 minor
 * units (JPY 0, USD 2, KWD 3) from the rating module. The digits never pass through a float.
 */
function currencyStyle(currency: string): CurrencyStyle {
  let style = styles.get(currency);
  if (style) return style;
  try {
    // A fixed locale: the server's render and the browser's must produce the same text.
    const format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
    const parts = format.formatToParts(0);
    const at = parts.findIndex((p) => p.type === 'currency');
    const number = parts.findIndex((p) => p.type === 'integer');
    const symbol = parts[at].value;
    // "KWD 1.000" keeps its space; "$1.00" has none.
    const gap = parts[Math.min(at, number) + 1]?.type === 'literal' ? '\u00a0' : '';
    style = { minorUnits: isCurrency(currency) ? minorUnits(currency) : 2, prefix: at < number ? symbol + gap : '', suffix: at > number ? gap + symbol : '' };
  } catch {
    style = { minorUnits: 2, prefix: '', suffix: `\u00a0${currency}` };
  }
  styles.set(currency, style);
  return style;
}

/**
 * "1234.5", "USD" -> "$1,234.50"; "-0.000002", "USD" -> "-$0.000002". At least the currency's
 * minor units are shown, and never fewer digits than the server sent (unrounded amounts keep theirs).
 */
export function formatMoney(amount: string, currency: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!m) return `${amount} ${currency}`;
  const { minorUnits, prefix, suffix } = currencyStyle(currency);
  const fraction = (m[3] ?? '').padEnd(minorUnits, '0');
  const negative = m[1] === '-' && /[1-9]/.test(m[2] + fraction);
  return `${negative ? '-' : ''}${prefix}${formatDecimal(m[2])}${fraction ? `.${fraction}` : ''}${suffix}`;
}

/** An exact decimal amount with its currency; the code stays available to screen readers and on hover. */
export function Money({ amount, currency, className }: { amount: string | null | undefined; currency: string; className?: string }) {
  if (amount == null) return <span className={className}>—</span>;
  return (
    <span className={`tabular-nums whitespace-nowrap ${className ?? ''}`} title={`${amount} ${currency}`}>
      {formatMoney(amount, currency)}
    </span>
  );
}
