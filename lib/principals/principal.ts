export type Scope = 'ingest' | 'read' | 'admin';

export type UserPrincipal = {
  kind: 'user';
  userId: string;
  email: string;
  name: string | null;
  role: 'admin' | 'member';
  /** The member's customer; null for admins. */
  customerId: string | null;
};

export type ApiKeyPrincipal = { kind: 'api-key'; keyId: string; scope: Scope };

export type Principal = UserPrincipal | ApiKeyPrincipal;

/** `admin` covers every scope; a signed-in admin acts as `admin`, a member only reads its own data. */
export function allows(principal: Principal, needed: Scope): boolean {
  const held: Scope = principal.kind === 'api-key' ? principal.scope : principal.role === 'admin' ? 'admin' : 'read';
  return held === 'admin' || held === needed;
}

export function actorOf(principal: Principal): string {
  return principal.kind === 'user' ? `user:${principal.email}` : `api-key:${principal.keyId}`;
}

/** The signed-in user behind a principal, if any: changes to one's own account have limits. */
export function userIdOf(principal: Principal): string | undefined {
  return principal.kind === 'user' ? principal.userId : undefined;
}
