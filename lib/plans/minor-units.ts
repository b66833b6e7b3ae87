// Placeholder until lib/pricing/money.ts lands; ISO 4217 minor units as the runtime knows them.
export function minorUnits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}
