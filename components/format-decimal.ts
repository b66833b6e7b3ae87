/** Groups the integer digits of an exact decimal string ("1234567.5" -> "1,234,567.5") without a float. */
export function formatDecimal(value: string): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(value);
  if (!m) return value; // exponent notation or a placeholder: show as sent
  return `${m[1]}${m[2].replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${m[3] ?? ''}`;
}
