import type { Principal } from './principal';

/**
 * The customers a principal may read: every one for admins and API keys, only its own for a
 * member (none for a member without a customer). Every read of customer data applies it, in
 * Prisma or in SQL, so tenancy is decided here and nowhere else.
 */
export type CustomerScope = {
  /** null: every customer. */
  customerIds: string[] | null;
  /** Prisma `where` for rows with a `customerId` column. */
  where: { customerId?: { in: string[] } };
  /** Prisma `where` for the customer itself. */
  customerWhere: { id?: { in: string[] } };
  /** Whether rows no customer owns yet (unattributed events) are visible. */
  unattributed: boolean;
};

/** Every customer: what admins and API keys read, and what the system itself acts on (finalizing). */
export const EVERY_CUSTOMER: CustomerScope = Object.freeze({ customerIds: null, where: {}, customerWhere: {}, unattributed: true });

export function customerScope(principal: Principal): CustomerScope {
  const member = principal.kind === 'user' && principal.role === 'member';
  if (!member) return EVERY_CUSTOMER;
  const customerIds = principal.customerId ? [principal.customerId] : [];
  return { customerIds, where: { customerId: { in: customerIds } }, customerWhere: { id: { in: customerIds } }, unattributed: false };
}

/**
 * The scope as an SQL condition on `column` (a uuid); `param` binds a value and returns its
 * placeholder. `true` for an unrestricted scope.
 */
export function scopeSql(scope: CustomerScope, column: string, param: (value: unknown) => string): string {
  return scope.customerIds === null ? 'true' : `${column} = ANY(${param(scope.customerIds)}::uuid[])`;
}
