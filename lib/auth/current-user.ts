import { cookies } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import type { UserPrincipal } from '@/lib/principals/principal';
import { userFromCookieHeader } from './session';

/** The signed-in user for a page, through the same check the API uses. */
export async function currentUser(): Promise<UserPrincipal | null> {
  const jar = await cookies();
  const header = jar.getAll().map((c) => `${c.name}=${encodeURIComponent(c.value)}`).join('; ');
  return userFromCookieHeader(header || null);
}

export async function requireUser(): Promise<UserPrincipal> {
  const user = await currentUser();
  if (!user) redirect('/signin');
  return user;
}

export async function requireAdmin(): Promise<UserPrincipal> {
  const user = await requireUser();
  if (user.role !== 'admin') forbidden();
  return user;
}
