import { env } from '@/lib/env';

/** Who issues invoices, as printed on them; snapshotted into each invoice when it is finalized. */
export type Issuer = { name: string; address: string[]; taxId: string | null };

export function currentIssuer(): Issuer {
  const e = env();
  const address = e.INVOICE_ISSUER_ADDRESS.split('\\n').map((l) => l.trim()).filter(Boolean);
  return { name: e.INVOICE_ISSUER_NAME, address, taxId: e.INVOICE_ISSUER_TAX_ID.trim() || null };
}

/**
 * The numbering series an invoice finalized at `at` belongs to: the prefix and the UTC year
 * ("INV-2026"), so numbers restart at 000001 each year and never repeat across years.
 */
export function numberSeries(at: Date, prefix = env().INVOICE_NUMBER_PREFIX): string {
  return `${prefix}-${at.getUTCFullYear()}`;
}
