import type { Principal } from '@/lib/auth/principal';
import { AppError } from '@/lib/errors/app-error';

/**
 * The customer a principal is confined to: a member's own, or null for admins and API keys, who
 * see every customer. Every invoice read filters by it in its query, so another customer's
 * invoice is never loaded and answers the same 404 as one that does not exist.
 */
export function invoiceScope(principal: Principal): string | null {
  if (principal.kind !== 'user' || principal.role !== 'member') return null;
  if (!principal.customerId) throw new AppError('forbidden', 'This member belongs to no customer.');
  return principal.customerId;
}
